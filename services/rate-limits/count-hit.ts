import type { Db } from '../../prisma/client';

export type TCount = { hits: number; resetAt: Date; blockedUntil: Date | null };

/**
 * Counts one hit under `key` in a fixed window of `windowMs`, in one statement, so that web processes sharing the
 * database count together and two hits at once are two. A lapsed window starts again at 1.
 */
export async function countHit(db: Db, key: string, windowMs: number, now: Date): Promise<TCount> {
  const resetAt = new Date(now.getTime() + windowMs);
  const [row] = await db.$queryRaw<TCount[]>`
    INSERT INTO "RateCounter" (key, hits, "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN "RateCounter"."resetAt" <= ${now} THEN 1 ELSE "RateCounter".hits + 1 END,
      "resetAt" = CASE WHEN "RateCounter"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateCounter"."resetAt" END
    RETURNING hits, "resetAt", "blockedUntil"`;
  return row!;
}
