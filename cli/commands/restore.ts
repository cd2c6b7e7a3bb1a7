import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { restoreEmbeddedStack } from '../../stack/backup';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban restore FILE [--force] [--json]   (into DUBAN_DATA_DIR, with no stack running; --force replaces its data)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { force: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError(USAGE);
  const summary = await restoreEmbeddedStack(loadConfig(), file, { force: values.force });
  if (values.json) printJson(summary);
  else {
    const parts = Object.entries(summary.parts).flatMap(([part, present]) => (present ? [part] : []));
    process.stdout.write(`已恢复 / restored ${parts.join(', ')} of ${summary.createdAt} into ${summary.dataDir}: start it with duban up\n`);
  }
  return 0;
}
