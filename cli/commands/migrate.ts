import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { applyMigrations } from '../../prisma/migrate';
import { knownMigrations, migrationStatus } from '../../prisma/migration-status';
import { openDatabase } from '../../stack/database';
import { parseCliArgs } from '../args';

const USAGE = 'usage: duban migrate   (DATABASE_URL, or the embedded database under DUBAN_DATA_DIR)';

/**
 * The deploy step before `duban web` and `duban worker` start on a new release: applies the migrations the database
 * lacks. Several at once are safe: Prisma's migrate holds a PostgreSQL advisory lock while it applies them.
 */
export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseCliArgs(argv, {}, USAGE);
  if (positionals.length) throw new UsageError(USAGE);
  const config = loadConfig();
  const database = await openDatabase(config, { migrate: false });
  try {
    const { pending, unfinished } = await migrationStatus(database.url);
    await applyMigrations(database.url);
    const applied = [...unfinished, ...pending];
    const where = database.embedded ? `the embedded database in ${config.dataDir}` : database.url.replace(/\/\/[^@/]*@/, '//***@');
    process.stdout.write(
      applied.length
        ? `已迁移 / migrated ${where}: applied ${applied.join(', ')}; all ${knownMigrations().length} migrations in place\n`
        : `无需迁移 / ${where} is up to date: all ${knownMigrations().length} migrations in place\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
