import { UsageError } from '../../lib/errors';
import { loadConfig } from '../../lib/config';
import { createDb } from '../../prisma/client';
import { channelPolicyOf } from '../../services/units/unit-channels';
import { importUnits } from '../../services/units/import-units';
import { channelChangeText } from '../../services/units/registry-channels';
import { sayBoth } from '../../lib/text';
import { readRegistryFile } from '../../services/units/registry-file';
import { withEmbeddedSecretKey } from '../../stack/secret-key';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';
import { readDataFile } from '../files';

const USAGE = 'usage: duban units import FILE [--json]   (FILE: .json or .csv)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' } }, USAGE);
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length) throw new UsageError(USAGE);
  const text = await readDataFile(file);
  // Checked in full before the database is touched.
  const registry = readRegistryFile(text, file);
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  try {
    const result = await importUnits(db, registry, { id: null, label: 'cli' }, channelPolicyOf(withEmbeddedSecretKey(config)));
    if (values.json) printJson(result);
    else {
      process.stdout.write(`已导入 ${result.units} 个单位、${result.groups} 个单位组、${result.people} 名人员 / imported\n`);
      for (const c of result.channels) process.stdout.write(`${sayBoth({ text: channelChangeText(c) })}\n`);
    }
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}
