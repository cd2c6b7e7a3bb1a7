import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TConfig } from '../../lib/config';
import { AppError } from '../../lib/errors';
import { newSecret } from '../../services/auth/secrets';
import { cookieOf, setCookie } from '../http';
import { sameToken } from './actor';

/**
 * Login CSRF: another site's form could post the attacker's password or sign-in link to ours and leave the victim
 * signed in as the attacker. The sign-in forms therefore carry a pre-session token that must match a cookie set by
 * our own page: SameSite=Strict, so no other site's request carries it, HttpOnly, and over https `__Host-` prefixed, so
 * no neighbouring host can plant one (OWASP's "pre-session" double submit).
 */
const cookieName = (config: Pick<TConfig, 'secureCookies'>) => (config.secureCookies ? '__Host-duban_presession' : 'duban_presession');
const WELL_FORMED = /^[\w-]{40,64}$/;
const LIFETIME_SECONDS = 24 * 3600;

/**
 * The token a sign-in form carries in `_csrf`: a signed-in person's session token (the app's own CSRF check applies),
 * else this browser's pre-session token, set as a cookie the first time.
 */
export function signInFormToken(req: FastifyRequest, reply: FastifyReply, config: Pick<TConfig, 'secureCookies'>): string {
  if (req.actor?.via === 'session' && req.actor.csrfToken) return req.actor.csrfToken;
  const held = cookieOf(req, cookieName(config));
  if (held && WELL_FORMED.test(held)) return held;
  const token = newSecret();
  setCookie(reply, cookieName(config), token, { maxAgeSeconds: LIFETIME_SECONDS, httpOnly: true, secure: config.secureCookies, sameSite: 'strict' });
  return token;
}

/** Refuses a sign-in form whose `_csrf` does not match this browser's pre-session cookie (a signed-in person's was checked already). */
export function checkSignInForm(req: FastifyRequest, config: Pick<TConfig, 'secureCookies'>): void {
  if (req.actor?.via === 'session') return;
  const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  if (!sameToken(typeof field === 'string' ? field : '', cookieOf(req, cookieName(config)) ?? '')) throw new AppError('CSRF_TOKEN_INVALID');
}
