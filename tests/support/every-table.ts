import type pg from 'pg';

type TColumn = { column_name: string; data_type: string; udt_name: string; is_nullable: 'YES' | 'NO'; column_default: string | null };
type TForeignKey = { table: string; column: string; ref_table: string; ref_column: string; required: boolean };
export type TRowCopy = { table: string; key: Record<string, unknown> };

const unquote = (name: string) => name.replace(/^"|"$/g, '');

/** Columns of which a CHECK constraint allows exactly one (tests/stack/migrations-match-schema names it): the first is filled. */
const ONE_OF: Record<string, readonly string[]> = { UnitChannel: ['unitId', 'personId'] };

/**
 * Writes one row into every table of the public schema (parents before children, each foreign key pointing at the
 * parent's row, an optional one left empty when its parent comes later), with values made from each column's type: a copy of every persisted kind of row, whatever the
 * schema of the day. Returns each row's primary key, to look for after an upgrade.
 */
export async function insertRowInEveryTable(client: pg.Client): Promise<TRowCopy[]> {
  const tables = (
    await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations'`,
    )
  ).rows.map((r) => r.table_name);
  const fks = (
    await client.query<TForeignKey>(
      `select c.conrelid::regclass::text as table, a.attname as column, a.attnotnull as required, c.confrelid::regclass::text as ref_table, af.attname as ref_column
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
    )
  ).rows.map((f) => ({ ...f, table: unquote(f.table), ref_table: unquote(f.ref_table) }));
  const enums = new Map<string, string>();
  for (const r of (await client.query<{ typname: string; label: string }>(
    `select t.typname, min(e.enumlabel) as label from pg_enum e join pg_type t on t.oid = e.enumtypid group by t.typname`,
  )).rows) enums.set(r.typname, r.label);
  const columnsOf = async (table: string) =>
    (await client.query<TColumn>(`select column_name, data_type, udt_name, is_nullable, column_default from information_schema.columns where table_schema = 'public' and table_name = $1`, [table])).rows;
  const primaryKey = async (table: string) =>
    (
      await client.query<{ attname: string }>(
        `select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = $1::regclass and i.indisprimary`,
        [`"${table}"`],
      )
    ).rows.map((r) => r.attname);

  const inserted = new Map<string, Record<string, unknown>>();
  const copies: TRowCopy[] = [];
  let pending = [...tables];
  while (pending.length) {
    const ready = pending.filter((t) =>
      fks.filter((f) => f.table === t && f.ref_table !== t && f.required).every((f) => inserted.has(f.ref_table) || !tables.includes(f.ref_table)),
    );
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${pending.join(', ')}`);
    for (const table of ready) {
      const values: Record<string, unknown> = {};
      for (const c of await columnsOf(table)) {
        const fk = fks.find((f) => f.table === table && f.column === c.column_name);
        if (fk) {
          const parent = inserted.get(fk.ref_table);
          if (parent) values[c.column_name] = parent[fk.ref_column];
          else if (c.is_nullable === 'NO') throw new Error(`${table}.${c.column_name} needs a ${fk.ref_table} row`);
          continue;
        }
        if (c.column_default !== null && c.is_nullable === 'YES') continue;
        values[c.column_name] = valueFor(table, c, enums);
      }
      for (const extra of (ONE_OF[table] ?? []).filter((n) => n in values).slice(1)) delete values[extra];
      const names = Object.keys(values);
      const row = (
        await client.query(
          `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
          names.map((n) => values[n]),
        )
      ).rows[0] as Record<string, unknown>;
      inserted.set(table, row);
      copies.push({ table, key: Object.fromEntries((await primaryKey(table)).map((k) => [k, row[k]])) });
    }
    pending = pending.filter((t) => !ready.includes(t));
  }
  return copies;
}

function valueFor(table: string, c: TColumn, enums: Map<string, string>): unknown {
  // citext (Person.email) is an extension's type, written as text.
  if (c.udt_name === 'citext') return `${table}.${c.column_name}`;
  if (c.data_type === 'USER-DEFINED') {
    const label = enums.get(c.udt_name);
    if (!label) throw new Error(`no labels for ${c.udt_name}`);
    return label;
  }
  if (c.data_type === 'ARRAY') return [];
  switch (c.udt_name) {
    case 'text':
    case 'varchar':
    case 'bpchar':
      return `${table}.${c.column_name}`;
    case 'int2':
    case 'int4':
    case 'int8':
      return 1;
    case 'float4':
    case 'float8':
    case 'numeric':
      return 1.5;
    case 'bool':
      return false;
    case 'timestamp':
    case 'timestamptz':
    case 'date':
      return new Date('2026-01-01T00:00:00Z');
    case 'json':
    case 'jsonb':
      return JSON.stringify({});
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    case 'bytea':
      return Buffer.from([0]);
    default:
      throw new Error(`no test value for ${table}.${c.column_name} of type ${c.udt_name}`);
  }
}

/** The rows of `copies` that are no longer there. */
export async function missingRows(client: pg.Client, copies: TRowCopy[]): Promise<TRowCopy[]> {
  const missing: TRowCopy[] = [];
  for (const copy of copies) {
    const keys = Object.keys(copy.key);
    const where = keys.map((k, i) => `"${k}" = $${i + 1}`).join(' and ');
    const found = await client.query(`select 1 from "${copy.table}" where ${where}`, keys.map((k) => copy.key[k])).catch(() => ({ rowCount: 0 }));
    if (!found.rowCount) missing.push(copy);
  }
  return missing;
}
