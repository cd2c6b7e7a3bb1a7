import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../prisma/client';
import { applyMigrations } from '../../prisma/migrate';
import { grantAppRole } from '../../prisma/roles';
import { startEmbeddedDatabase } from '../../stack/pglite-server';

/** `url` is how the app connects (`db` uses it); `ownerUrl` is the tables' owner, who runs the migrations. */
export type TestDatabase = { url: string; ownerUrl: string; db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

/** The role the app connects as in PostgreSQL tests: no superuser, owner of nothing (made once per server, kept). */
export const TEST_APP_ROLE = 'duban_test_app';

/**
 * A fresh, migrated database for one test file.
 * `DUBAN_TEST_DB=postgres` with `TEST_POSTGRES_URL` (a server URL with rights to create databases and roles, trusted
 * without a password, as scripts/test.sh's cluster is) uses a real PostgreSQL server, creating a throw-away database
 * that its user migrates and owns, and connects the app as TEST_APP_ROLE, granted what production grants
 * (prisma/roles.ts), so every suite proves the app works without owning its tables. Otherwise an in-memory PGlite
 * served on a loopback port, with its one user. CI runs the database suites once each way.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.DUBAN_TEST_DB === 'postgres') {
    const admin = process.env.TEST_POSTGRES_URL;
    if (!admin) throw new Error('DUBAN_TEST_DB=postgres needs TEST_POSTGRES_URL');
    const name = `duban_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    // Files running at once may both find the role missing: the second to create it is told so, in either way.
    await client.query(`do $$ begin create role ${TEST_APP_ROLE} login; exception when duplicate_object or unique_violation then null; end $$`);
    await client.end();
    const owner = new URL(admin);
    owner.pathname = `/${name}`;
    await applyMigrations(owner.toString());
    await grantAppRole(owner.toString(), TEST_APP_ROLE);
    const app = new URL(owner);
    app.username = TEST_APP_ROLE;
    app.password = '';
    const db = createDb(app.toString());
    return {
      url: app.toString(),
      ownerUrl: owner.toString(),
      db,
      kind: 'postgres',
      close: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const embedded = await startEmbeddedDatabase({ port: 0 });
  await applyMigrations(embedded.url);
  const db = createDb(embedded.url);
  return {
    url: embedded.url,
    ownerUrl: embedded.url,
    db,
    kind: 'pglite',
    close: async () => {
      await db.close();
      await embedded.close();
    },
  };
}
