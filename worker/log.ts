import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { TConfig } from '../lib/config';
import type { Logger } from '../lib/logger';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const satisfies Record<LogLevel, string>;
const SDK_LEVEL = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const satisfies Record<TConfig['LOG_LEVEL'], LogLevel>;

/**
 * The Temporal SDK's logger writing into the process's JSON log: what workflows and activities log (`log` of
 * @temporalio/workflow and @temporalio/activity), the worker's own lines and its core's, with the metadata the SDK
 * attaches (workflowId, runId, workflowType, activityId, activityType, attempt, taskQueue) as fields of the line.
 */
export function temporalLogger(logger: Logger, level: TConfig['LOG_LEVEL']): DefaultLogger {
  return new DefaultLogger(SDK_LEVEL[level], (entry: LogEntry) => logger[PINO_LEVEL[entry.level]]({ ...entry.meta }, entry.message));
}
