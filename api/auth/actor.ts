import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../../services/access/scope';
import { sha256 } from '../../services/auth/secrets';
import { cookieOf, SESSION_COOKIE } from '../http';

/** Who is making a request (the person the services act for), and how they proved it. */
export type TActor = TPerson & {
  email: string;
  locale: string;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
};

const PERSON_FIELDS = { id: true, name: true, email: true, role: true, unitId: true, locale: true } as const;
const TOKEN_TOUCH_MS = 5 * 60_000;

/**
 * A Bearer token that does not match is refused outright; a stale session cookie is treated as no cookie, so a page
 * can send the person to sign in again.
 */
export async function identify(db: Db, req: FastifyRequest): Promise<TActor | null> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw new AppError('UNAUTHENTICATED', say('bearerExpected'));
    const token = await db.apiToken.findUnique({ where: { tokenHash: sha256(m[1]!) }, include: { person: { select: PERSON_FIELDS } } });
    if (!token || token.revokedAt) throw new AppError('UNAUTHENTICATED', say('tokenInvalid'));
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > TOKEN_TOUCH_MS) {
      await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
    }
    return { ...token.person, via: 'token', sessionId: null, csrfToken: null };
  }
  const cookie = cookieOf(req, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await db.session.findUnique({ where: { id: sha256(cookie) }, include: { person: { select: PERSON_FIELDS } } });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return { ...session.person, via: 'session', sessionId: session.id, csrfToken: session.csrfToken };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookies ride along on cross-site form posts; a per-session token in a header or form field proves the request came
 * from one of our pages. Bearer tokens are not sent by browsers on their own, so they need no such proof.
 */
export function checkCsrf(req: FastifyRequest, actor: TActor | null): void {
  if (!actor || actor.via !== 'session' || !UNSAFE.has(req.method)) return;
  const header = req.headers['x-csrf-token'];
  const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
  if (!sameToken(given, actor.csrfToken ?? '')) throw new AppError('CSRF_TOKEN_INVALID');
}

/** A token given equals the one expected, compared in constant time; an empty expectation matches nothing. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return expected !== '' && a.length === b.length && timingSafeEqual(a, b);
}

export function requireActor(actor: TActor | null): TActor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}
