import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, runPrismaCli } from '../../prisma/migrate';
import { startEmbeddedDatabase } from '../../stack/pglite-server';

type TEmbedded = Awaited<ReturnType<typeof startEmbeddedDatabase>>;

/** CHECK constraints schema.prisma cannot state, each written by hand in the migration that adds it. */
const HAND_WRITTEN = [
  // 20261207172648_person_channels: a channel belongs to a unit or to a person, never both or neither.
  '"UnitChannel" | UnitChannel_one_owner | CHECK ((("unitId" IS NULL) <> ("personId" IS NULL)))',
];

/** Tables, columns, indexes, constraints and enums of the public schema, in a comparable form. */
async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(' | '));
    return {
      columns: await rows(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
                           WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
      indexes: await rows(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      constraints: await rows(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                               WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await rows(`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

/**
 * schema.prisma is what the code is typed against; the migrations are what a database gets. A schema edit committed
 * without its migration (`npm run db:migrate -- NAME`) would type-check and then fail on every real database.
 */
describe('the migrations build exactly the database schema.prisma describes', () => {
  let migrated: TEmbedded;
  let declared: TEmbedded;
  beforeAll(async () => {
    [migrated, declared] = await Promise.all([startEmbeddedDatabase({ port: 0 }), startEmbeddedDatabase({ port: 0 })]);
  });
  afterAll(async () => {
    await migrated?.close();
    await declared?.close();
  });

  it('has the same tables, columns, indexes, constraints and enums', async () => {
    await applyMigrations(migrated.url);
    const script = await runPrismaCli(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], declared.url);
    const sql = script.slice(script.search(/^-- Create(Extension|Enum|Table)/m));
    expect(sql).toMatch(/CREATE TABLE/);
    const client = new pg.Client({ connectionString: declared.url });
    await client.connect();
    await client.query(sql).finally(() => client.end());

    const [fromMigrations, fromSchema] = await Promise.all([catalog(migrated.url), catalog(declared.url)]);
    expect(fromMigrations.columns.length).toBeGreaterThan(50);
    expect(fromMigrations.constraints).toEqual(expect.arrayContaining(HAND_WRITTEN));
    expect({ ...fromMigrations, constraints: fromMigrations.constraints.filter((c) => !HAND_WRITTEN.includes(c)) }).toEqual(fromSchema);
  }, 120_000);
});
