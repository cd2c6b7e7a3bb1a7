import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { TConfig } from './config';

export type { Logger };

/**
 * The log of a deployed process (`duban web`, `duban worker`): one JSON object a line on stdout, for journald or any
 * log collector, each naming the process it came from; `duban up`'s app log (stack/app-log.ts) writes the same into a file. The web process's lines carry the request's id (`reqId`), the
 * worker's the workflow and activity they concern.
 */
export function createLogger(config: Pick<TConfig, 'LOG_LEVEL'>, processName: 'web' | 'worker', destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { process: processName, pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      // The Temporal SDK puts an activity's or workflow's failure under `error`, Fastify under `err`.
      serializers: { err: stdSerializers.err, error: stdSerializers.err },
    },
    destination ?? process.stdout,
  );
}
