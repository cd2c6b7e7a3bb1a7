import pg from 'pg';

/**
 * On PostgreSQL two roles: the tables' owner runs the migrations; the app connects as a role that owns nothing and
 * may only read and write rows. It cannot drop, alter or empty a table, switch a trigger off, or change or remove an
 * audit entry: whoever takes over the app's connection cannot either. PGlite serves one user, its superuser.
 */

/** The role a URL connects as, as the server names it. */
export async function roleOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ role: string }>('select current_user as role')).rows[0]!.role;
  } finally {
    await client.end();
  }
}

/**
 * Grants the app's role what it needs on what the owner (at `ownerUrl`) made, after every migration: rows of every
 * table and its sequences, the audit trail to read and add to only, the migrations' record to read only (so that a
 * command can see the schema is current). The same rights on tables the owner makes later, so a migration applied by
 * hand does not lock the app out. Idempotent; run as one transaction.
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const app = client.escapeIdentifier(appRole);
  try {
    await client.query('begin');
    for (const sql of [
      `grant usage on schema public to ${app}`,
      `grant select, insert, update, delete on all tables in schema public to ${app}`,
      `grant usage, select on all sequences in schema public to ${app}`,
      `revoke update, delete, truncate, references, trigger on "AuditEvent" from ${app}`,
      `revoke insert, update, delete, truncate, references, trigger on "_prisma_migrations" from ${app}`,
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`,
      `alter default privileges in schema public grant usage, select on sequences to ${app}`,
    ])
      await client.query(sql);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
