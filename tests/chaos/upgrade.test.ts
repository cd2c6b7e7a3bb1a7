import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { applyMigrations } from '../../prisma/migrate';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../stack/pglite-server';
import { insertRowInEveryTable, missingRows } from '../support/every-table';

const MIGRATIONS = path.join(import.meta.dirname, '..', '..', 'prisma', 'migrations');
const migrations = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const open: { db: EmbeddedDatabase; client: pg.Client }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client.end();
    await o.db.close();
  }
});

async function freshDatabase() {
  const db = await startEmbeddedDatabase({ port: 0 });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  open.push({ db, client });
  return { url: db.url, client };
}

/** What `prisma migrate deploy` leaves behind for the migrations a previous release shipped. */
async function applyAsPreviousRelease(client: pg.Client, names: string[]) {
  await client.query(`create table if not exists "_prisma_migrations" (
    "id" varchar(36) primary key not null, "checksum" varchar(64) not null, "finished_at" timestamptz,
    "migration_name" varchar(255) not null, "logs" text, "rolled_back_at" timestamptz,
    "started_at" timestamptz not null default now(), "applied_steps_count" integer not null default 0)`);
  for (const name of names) {
    const sql = readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8');
    await client.query(sql);
    await client.query(
      `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) values ($1, $2, now(), $3, 1)`,
      [randomUUID(), createHash('sha256').update(sql).digest('hex'), name],
    );
  }
}

it(`upgrading a database of the previous release (${Math.max(0, migrations.length - 1)} of ${migrations.length} migrations) loses no row`, async () => {
  const { url, client } = await freshDatabase();
  await applyAsPreviousRelease(client, migrations.slice(0, -1));
  const copies = await insertRowInEveryTable(client);
  await applyMigrations(url);
  const applied = (await client.query<{ migration_name: string }>(`select migration_name from "_prisma_migrations" where finished_at is not null order by 1`)).rows;
  expect(applied.map((r) => r.migration_name)).toEqual(migrations);
  expect(await missingRows(client, copies)).toEqual([]);
}, 180_000);

it('a database on the latest schema, one row in every table, keeps them all when the migrations run again at start-up', async () => {
  const { url, client } = await freshDatabase();
  await applyMigrations(url);
  const copies = await insertRowInEveryTable(client);
  const tables = (await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name <> '_prisma_migrations'`)).rows[0].n;
  expect(copies).toHaveLength(tables);
  await applyMigrations(url);
  expect(await missingRows(client, copies)).toEqual([]);
}, 180_000);
