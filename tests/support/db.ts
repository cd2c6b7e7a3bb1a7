import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../prisma/client';
import { applyMigrations } from '../../prisma/migrate';
import { startEmbeddedDatabase } from '../../stack/pglite-server';

/** `url` is how the app connects (`db` uses it); `ownerUrl` is the tables' owner, who runs the migrations. */
export type TestDatabase = { url: string; ownerUrl: string; db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

/**
 * A fresh, migrated database for one test file.
 * `DUBAN_TEST_DB=postgres` with `TEST_POSTGRES_URL` (a server URL with rights to create databases) uses a real
 * PostgreSQL server, creating a throw-away database; otherwise an in-memory PGlite served on a loopback port.
 * CI runs the database suites once each way.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.DUBAN_TEST_DB === 'postgres') {
    const admin = process.env.TEST_POSTGRES_URL;
    if (!admin) throw new Error('DUBAN_TEST_DB=postgres needs TEST_POSTGRES_URL');
    const name = `duban_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await applyMigrations(url.toString());
    const db = createDb(url.toString());
    return {
      url: url.toString(),
      ownerUrl: url.toString(),
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
