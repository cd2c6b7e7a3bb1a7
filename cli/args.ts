import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../lib/errors';

/** `util.parseArgs` with strict checking, whose complaints become usage errors (exit 2) instead of stack traces. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

/** Writes one JSON document to stdout, as `--json` promises: nothing else ever goes there. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
