import type { Db } from '../prisma/client';
import { countHit } from '../services/rate-limits/count-hit';

type TCallback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit's store on the database (services/rate-limits/count-hit), so every web process counts against
 * the same ceiling: there is no Redis here, and an in-memory count per process would let an address multiply it. The
 * plugin builds its store itself (`new Store(options)`), hence a class made for the database.
 */
export function databaseRateLimitStore(db: Db, now: () => Date) {
  return class DatabaseRateLimitStore {
    incr(key: string, cb: TCallback, timeWindow: number): void {
      const at = now();
      countHit(db, `ip:${key}`, timeWindow, at).then(
        (c) => cb(null, { current: c.hits, ttl: c.resetAt.getTime() - at.getTime() }),
        (err: Error) => cb(err),
      );
    }

    /** Routes share the address's one count (the plugin asks only for routes with limits of their own). */
    child(): DatabaseRateLimitStore {
      return this;
    }
  };
}
