import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../../services/access/scope';
import { sha256 } from '../../services/auth/secrets';
import { scopeAllows, sessionAlive, SESSION_TOUCH_MS, type TScopeNeeded } from '../../services/auth/session-policy';
import type { TokenScope } from '../../prisma/client';
import { cookieOf, SESSION_COOKIE } from '../http';

/** Who is making a request (the person the services act for), and how they proved it. */
export type TActor = TPerson & {
  email: string;
  locale: string;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
  /** What a token may do (services/auth/session-policy scopeAllows); null for a session, which may do all its person may. */
  tokenScope: TokenScope | null;
};

/**
 * How a service records who acted (audit rows, 定稿, 通报): the person, and whether by the pages or an API token — the
 * office reads the difference in the audit trail.
 */
export const recordedActor = (actor: TActor): { id: string; label: 'api' | 'web' } => ({ id: actor.id, label: actor.via === 'token' ? 'api' : 'web' });

const PERSON_FIELDS = { id: true, name: true, email: true, role: true, unitId: true, locale: true } as const;
const TOKEN_TOUCH_MS = 5 * 60_000;

/**
 * A Bearer token that does not match is refused outright; a stale session cookie is treated as no cookie, so a page
 * can send the person to sign in again.
 */
export async function identify(db: Db, req: FastifyRequest, now: Date): Promise<TActor | null> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw new AppError('UNAUTHENTICATED', say('bearerExpected'));
    const token = await db.apiToken.findUnique({ where: { tokenHash: sha256(m[1]!) }, include: { person: { select: PERSON_FIELDS } } });
    if (!token || token.revokedAt || token.expiresAt <= now) throw new AppError('UNAUTHENTICATED', say('tokenInvalid'));
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOKEN_TOUCH_MS) {
      await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    return { ...token.person, via: 'token', sessionId: null, csrfToken: null, tokenScope: token.scope };
  }
  const cookie = cookieOf(req, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await db.session.findUnique({ where: { id: sha256(cookie) }, include: { person: { select: PERSON_FIELDS } } });
  if (!session || !sessionAlive(session, now)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return { ...session.person, via: 'session', sessionId: session.id, csrfToken: session.csrfToken, tokenScope: null };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookies ride along on cross-site form posts; a per-session token in a header or form field proves the request came
 * from one of our pages. Bearer tokens are not sent by browsers on their own, so they need no such proof.
 */
export function checkCsrf(req: FastifyRequest, actor: TActor | null, field: unknown = (req.body as { _csrf?: unknown } | undefined)?._csrf): void {
  if (!actor || actor.via !== 'session' || !UNSAFE.has(req.method)) return;
  const header = req.headers['x-csrf-token'];
  const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
  if (!sameToken(given, actor.csrfToken ?? '')) throw new AppError('CSRF_TOKEN_INVALID');
}

/** A token given equals the one expected, compared in constant time; an empty expectation matches nothing. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return expected !== '' && a.length === b.length && timingSafeEqual(a, b);
}

/** A token is refused what its scope does not cover, before its request's body is read. */
export function checkTokenScope(actor: TActor | null, needed: TScopeNeeded): void {
  if (!actor?.tokenScope || scopeAllows(actor.tokenScope, needed)) return;
  throw new AppError('FORBIDDEN', needed === 'session' ? say('tokensNeedSession') : say('tokenScopeTooNarrow', { scope: actor.tokenScope }));
}

export function requireActor(actor: TActor | null): TActor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}
