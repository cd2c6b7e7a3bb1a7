import type { Db } from '../../prisma/client';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from './session-policy';

/** How often the worker deletes what can no longer sign anyone in. */
export const SIGN_IN_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes lapsed rate counts too. Deletes sessions past their maximum age or idle limit and sign-in links used or expired: a stolen copy of the
 * database then holds no session that could still be replayed, and the tables stay the size of who is signed in.
 */
export async function sweepExpiredSignIns(deps: { db: Db; now: () => Date }): Promise<{ sessions: number; links: number; counters: number }> {
  const now = deps.now();
  const [sessions, links, counters] = await deps.db.$transaction([
    deps.db.session.deleteMany({
      where: {
        OR: [{ expiresAt: { lte: now } }, { createdAt: { lte: new Date(now.getTime() - SESSION_MAX_MS) } }, { lastSeenAt: { lte: new Date(now.getTime() - SESSION_IDLE_MS) } }],
      },
    }),
    deps.db.loginLink.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    // Rate counts that have lapsed and block nothing (services/rate-limits).
    deps.db.rateCounter.deleteMany({ where: { resetAt: { lte: now }, OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }] } }),
  ]);
  return { sessions: sessions.count, links: links.count, counters: counters.count };
}
