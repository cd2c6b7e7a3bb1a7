import type { TokenScope } from '../../prisma/client';

/**
 * How long a sign-in lasts (等保 2.0 会话超时): a session ends after 30 minutes without a request, and 12 hours after
 * sign-in whatever its use (a working day; a person signs in again the next morning).
 */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 3_600_000;
/** A session's last request is written at most this often: one write a minute per person, not one per request. */
export const SESSION_TOUCH_MS = 60_000;

/** An API token lasts 90 days unless fewer are asked for, and a year at most. */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export function sessionAlive(s: { createdAt: Date; lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return s.expiresAt.getTime() > t && s.createdAt.getTime() + SESSION_MAX_MS > t && s.lastSeenAt.getTime() + SESSION_IDLE_MS > t;
}

/** What a request needs of a token: read (any GET), report (a unit's report or 延期 request), coordinate (any other change), or a session (tokens and passwords). */
export type TScopeNeeded = TokenScope | 'session';

const RANK: Record<TokenScope, number> = { read: 0, report: 1, coordinate: 2 };

/** Scopes nest: a report token also reads, a coordinate token also reports. Nothing a token holds manages tokens or passwords. */
export function scopeAllows(held: TokenScope, needed: TScopeNeeded): boolean {
  return needed !== 'session' && RANK[held] >= RANK[needed];
}
