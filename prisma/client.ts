import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { createPool } from './pool';

/** Prisma client plus `close()`, which also ends the pg pool that the driver adapter leaves open. */
export type Db = PrismaClient & { close: () => Promise<void> };
export type { PrismaClient };
export { Prisma } from './generated/client';
export * from './generated/enums';

/** The one place a Prisma client is made: pg pool, driver adapter, JavaScript query engine. */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const pool = createPool(databaseUrl, { max: options.poolSize ?? 8, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool replaces it,
  // and the next query that fails reports the outage itself.
  pool.on('error', () => {});
  // A transaction waits for a connection as long as any query does: at Prisma's default of 2 s a busy worker's
  // local activities failed with "Unable to start a transaction in the given time" and were retried, adding load.
  const client = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 10_000 } });
  return Object.assign(client, {
    close: async () => {
      await client.$disconnect();
      await pool.end();
    },
  });
}
