import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { TConfig } from '../lib/config';

const SDK_LEVEL = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const satisfies Record<TConfig['LOG_LEVEL'], LogLevel>;

const line = (e: LogEntry) =>
  `${new Date(Number(e.timestampNanos / 1_000_000n)).toISOString()} [${e.level}] ${e.message}` +
  (e.meta && Object.keys(e.meta).length ? ` ${inspect(e.meta, { breakLength: Infinity, depth: 4 })}` : '');

/**
 * The person running `duban up` reads the stack's own lines. The worker's — webpack's bundle report, state changes,
 * what workflows log — go to `<data>/worker.log`, and only its warnings and errors reach the terminal too. Installed
 * once per process, before the worker's connection creates the SDK's runtime. Returns the file's path.
 */
export function installWorkerLog(dataDir: string, level: TConfig['LOG_LEVEL'], print: (line: string) => void): string {
  const file = path.join(dataDir, 'worker.log');
  const out = createWriteStream(file, { flags: 'a' });
  Runtime.install({
    logger: new DefaultLogger(SDK_LEVEL[level], (entry) => {
      const text = line(entry);
      out.write(`${text}\n`);
      if (entry.level === 'WARN' || entry.level === 'ERROR') print(text);
    }),
  });
  return file;
}
