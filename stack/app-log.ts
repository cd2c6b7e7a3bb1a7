import path from 'node:path';
import { pino } from 'pino';
import type { TConfig } from '../lib/config';
import { createLogger, type Logger } from '../lib/logger';
import { ensureDataDir } from './data-dir';

/**
 * The app's log under `duban up`: the same JSON lines as `duban web`'s (lib/logger.ts), at LOG_LEVEL, in
 * `<data>/app.log`. At `info` (the default) it is the access log — each request with its id, address, status and time —
 * and at every level it keeps unexpected errors with their stack under the id the 500 page shows. The terminal stays
 * for the stack's own lines, as with worker.log. Written synchronously: a line is on disk when its request is
 * answered, and one machine's traffic is small.
 */
export function openAppLog(config: Pick<TConfig, 'dataDir' | 'LOG_LEVEL'>): { logger: Logger; file: string } {
  const file = path.join(ensureDataDir(config.dataDir), 'app.log');
  return { logger: createLogger(config, 'web', pino.destination({ dest: file, append: true, sync: true })), file };
}
