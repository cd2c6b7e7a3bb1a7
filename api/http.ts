import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'duban_session';
export const LANG_COOKIE = 'duban_lang';

/** A cookie the request carries (parsed by @fastify/cookie), or undefined. */
export const cookieOf = (req: FastifyRequest, name: string): string | undefined => req.cookies[name];

type TCookieOptions = { maxAgeSeconds: number; httpOnly: boolean; secure: boolean; sameSite?: 'lax' | 'strict' };

/** Sets a cookie for the whole app; Secure whenever the configuration says the app is reached over https. */
export function setCookie(reply: FastifyReply, name: string, value: string, o: TCookieOptions): void {
  reply.setCookie(name, value, { path: '/', maxAge: o.maxAgeSeconds, sameSite: o.sameSite ?? 'lax', httpOnly: o.httpOnly, secure: o.secure });
}

/** True for a page route, or an unknown address outside /api/: a browser is waiting for HTML. */
export function wantsHtml(req: FastifyRequest): boolean {
  const config = req.routeOptions.config as { page?: boolean };
  if (req.routeOptions.url !== undefined) return config.page === true;
  return !req.url.startsWith('/api/');
}
