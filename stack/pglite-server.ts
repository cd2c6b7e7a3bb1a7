import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabase = { url: string; close: () => Promise<void> };

/**
 * Serves a PGlite database (PostgreSQL in WebAssembly) over the PostgreSQL wire protocol on loopback,
 * so the worker, the HTTP server and the CLI share one database through ordinary `pg` connections.
 * `dataDir` undefined keeps it in memory (tests).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port: number; host?: string }): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: 16 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
