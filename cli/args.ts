import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../lib/errors';

/** `--help` or `-h` was asked for: cli/main.ts prints the verb's usage on stdout and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

/** Every verb answers `--help` (or `-h`) anywhere among its arguments with its usage, before judging the rest. */
export function answerHelp(argv: string[], usage: string): void {
  if (argv.some((a) => a === '--help' || a === '-h')) throw new HelpRequested(usage);
}

/** `util.parseArgs` with strict checking, whose complaints become usage errors (exit 2) instead of stack traces. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  answerHelp(argv, usage);
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
