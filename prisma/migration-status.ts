import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { UserError } from '../lib/errors';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The migrations this code was written against: the folders under prisma/migrations, in the order they apply. */
export function knownMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export type TMigrationStatus = {
  /** Migrations of this code the database has not had. */
  pending: string[];
  /** Migrations started but not finished: one failed, or another process is applying it now. */
  unfinished: string[];
};

/**
 * What the database lacks of this code's schema, read from Prisma's own record of applied migrations
 * (`_prisma_migrations`); a database without that table has had none. Migrations the database has and this code does
 * not know (a newer release migrated it) are not counted: migrations only add what older code can ignore.
 */
export async function migrationStatus(databaseUrl: string): Promise<TMigrationStatus> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>(`select to_regclass('_prisma_migrations') is not null as exists`);
    const rows = table.rows[0]?.exists
      ? (
          await client.query<{ name: string; finished: boolean }>(
            'select migration_name as name, finished_at is not null as finished from _prisma_migrations where rolled_back_at is null',
          )
        ).rows
      : [];
    const finished = new Set(rows.filter((r) => r.finished).map((r) => r.name));
    const started = new Set(rows.filter((r) => !r.finished).map((r) => r.name));
    const known = knownMigrations();
    return {
      pending: known.filter((m) => !finished.has(m) && !started.has(m)),
      unfinished: known.filter((m) => started.has(m) && !finished.has(m)),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Refuses, in one line, to run `command` on a database that lacks any of this code's migrations or has one half
 * applied: `duban migrate` is the deploy step that applies them, and a process that started on an older schema would
 * fail later, at the first query that needs what is missing.
 */
export async function assertMigrated(databaseUrl: string, command: string): Promise<void> {
  const { pending, unfinished } = await migrationStatus(databaseUrl);
  const all = knownMigrations().length;
  if (unfinished.length > 0) {
    throw new UserError(
      `数据库迁移未完成，拒绝启动 / the database is partly migrated: ${unfinished.join(', ')} started but did not finish (failed, or ` +
        `running now); ${command} will not start until \`duban migrate\` completes`,
    );
  }
  if (pending.length > 0) {
    const what = pending.length === all ? 'not migrated' : 'partly migrated';
    throw new UserError(
      `数据库未迁移，拒绝启动 / the database is ${what}: ${pending.length} of ${all} migrations not applied (${pending.join(', ')}); ` +
        `${command} will not start: run \`duban migrate\` first`,
    );
  }
}
