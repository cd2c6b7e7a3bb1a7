import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { backupEmbeddedStack } from '../../stack/backup';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban backup FILE [--force] [--json]   (the embedded stack of DUBAN_DATA_DIR, stopped; --force replaces FILE)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { force: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError(USAGE);
  const summary = await backupEmbeddedStack(loadConfig(), file, { force: values.force });
  if (values.json) printJson(summary);
  else {
    const parts = Object.entries(summary.parts).flatMap(([part, present]) => (present ? [part] : []));
    process.stdout.write(`已备份 / backed up ${parts.join(', ')} to ${summary.file} (${(summary.bytes / 2 ** 20).toFixed(1)} MB)\n`);
  }
  return 0;
}
