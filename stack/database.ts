import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import type { TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import { applyMigrations } from '../prisma/migrate';
import { grantAppRole, roleOf } from '../prisma/roles';
import { ensureDataDir } from './data-dir';
import { startEmbeddedDatabase } from './pglite-server';
import { liveProcessRecord, writeProcessRecord } from './process-record';
import { portInUse } from './temporal-server';

export type OpenDatabase = { url: string; embedded: boolean; close: () => Promise<void> };

/** The embedded database a process serves for its data folder: others connect to it rather than open the files. */
const ZLockSchema = z.object({ url: z.string().min(1) });

function lockFile(config: Pick<TConfig, 'dataDir'>) {
  return path.join(config.dataDir, 'pglite.lock');
}

/** The process serving the data folder's embedded database, if one runs. */
export function embeddedDatabaseServer(dataDir: string): { pid: number; url: string } | null {
  return liveProcessRecord(lockFile({ dataDir }), ZLockSchema);
}

/** Fails with one clear line when the server cannot be reached, instead of a pool timing out later. */
export async function checkReachable(url: string, what: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new UserError(`无法连接数据库 / cannot reach the database at ${what}: ${(err as Error).message}. 检查 DATABASE_URL 或数据库是否已启动`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The database for this process, migrated to the latest schema.
 * - `DATABASE_URL`: that PostgreSQL server. With `DATABASE_MIGRATION_URL` (the tables' owner) the owner migrates it
 *   and grants DATABASE_URL's role its rights (prisma/roles.ts); without, DATABASE_URL's role migrates.
 * - otherwise the embedded PGlite under the data folder: if `duban up` (or another command) already serves it,
 *   connect to that; else serve it here for as long as this process needs it. Only one process ever opens the files.
 */
export async function openDatabase(
  config: TConfig,
  options: { migrate?: boolean; port?: number } = {},
): Promise<OpenDatabase> {
  const migrate = options.migrate ?? true;
  if (config.DATABASE_URL) {
    const redacted = config.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@');
    await checkReachable(config.DATABASE_URL, redacted);
    if (migrate && config.DATABASE_MIGRATION_URL) {
      await checkReachable(config.DATABASE_MIGRATION_URL, config.DATABASE_MIGRATION_URL.replace(/\/\/[^@/]*@/, '//***@'));
      await applyMigrations(config.DATABASE_MIGRATION_URL);
      const app = await roleOf(config.DATABASE_URL);
      if (app !== (await roleOf(config.DATABASE_MIGRATION_URL))) await grantAppRole(config.DATABASE_MIGRATION_URL, app);
    } else if (migrate) await applyMigrations(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: false, close: async () => {} };
  }
  ensureDataDir(config.dataDir);
  const existing = liveProcessRecord(lockFile(config), ZLockSchema);
  if (existing) {
    await checkReachable(existing.url, `embedded PGlite of process ${existing.pid}`);
    if (migrate) await applyMigrations(existing.url);
    return { url: existing.url, embedded: true, close: async () => {} };
  }
  const port = options.port ?? 0;
  if (port !== 0 && (await portInUse(port))) {
    throw new UserError(`端口 ${port} 已被占用 / port ${port} is already in use: stop what uses it or set DUBAN_PGLITE_PORT`);
  }
  const dataDir = path.join(config.dataDir, 'pglite');
  const db = await startEmbeddedDatabase({ dataDir, port });
  const release = writeProcessRecord(lockFile(config), { url: db.url });
  try {
    if (migrate) await applyMigrations(db.url);
  } catch (err) {
    release();
    await db.close();
    throw err;
  }
  return {
    url: db.url,
    embedded: true,
    close: async () => {
      release();
      await db.close();
    },
  };
}
