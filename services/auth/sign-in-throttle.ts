import type { Db } from '../../prisma/client';
import { countHit } from '../rate-limits/count-hit';
import { rateLimited } from '../rate-limits/rate-limited';

/**
 * 登录失败处理 (等保 2.0): failures count per address signed in to (known or not, so a lock tells nothing) for 15
 * minutes after the last; from the third each next attempt waits 2^(n−3) seconds, and the fifth locks the account for
 * 15 minutes. Any attempt while blocked is refused before the password is checked. A success clears the count.
 */
export const SIGN_IN_FAILURES = { windowMs: 15 * 60_000, backOffFrom: 3, lockAt: 5, lockMs: 15 * 60_000 } as const;

/** Link requests per address asked for: three a quarter-hour. */
export const LINK_REQUESTS = { windowMs: 15 * 60_000, max: 3 } as const;

const signInKey = (email: string) => `sign-in:${email.trim().toLowerCase()}`;

export async function assertSignInAllowed(deps: { db: Db; now: () => Date }, email: string): Promise<void> {
  const row = await deps.db.rateCounter.findUnique({ where: { key: signInKey(email) }, select: { blockedUntil: true } });
  const now = deps.now().getTime();
  if (row?.blockedUntil && row.blockedUntil.getTime() > now) throw rateLimited(row.blockedUntil.getTime(), now);
}

export async function recordSignInFailure(deps: { db: Db; now: () => Date }, email: string): Promise<void> {
  const now = deps.now();
  const key = signInKey(email);
  // Each failure pushes the window on, so the count lapses 15 minutes after the last one.
  const { hits } = await countHit(deps.db, key, SIGN_IN_FAILURES.windowMs, now);
  const waitMs = hits >= SIGN_IN_FAILURES.lockAt ? SIGN_IN_FAILURES.lockMs : hits >= SIGN_IN_FAILURES.backOffFrom ? 1000 * 2 ** (hits - SIGN_IN_FAILURES.backOffFrom) : 0;
  await deps.db.rateCounter.update({
    where: { key },
    data: { resetAt: new Date(now.getTime() + SIGN_IN_FAILURES.windowMs), blockedUntil: waitMs ? new Date(now.getTime() + waitMs) : null },
  });
}

export async function clearSignInFailures(deps: { db: Db }, email: string): Promise<void> {
  await deps.db.rateCounter.deleteMany({ where: { key: signInKey(email) } });
}

/** Counts a link request for the address; the fourth in a quarter-hour is refused, whether or not anyone has the address. */
export async function countLinkRequest(deps: { db: Db; now: () => Date }, email: string): Promise<void> {
  const now = deps.now();
  const { hits, resetAt } = await countHit(deps.db, `link:${email.trim().toLowerCase()}`, LINK_REQUESTS.windowMs, now);
  if (hits > LINK_REQUESTS.max) throw rateLimited(resetAt.getTime(), now.getTime());
}
