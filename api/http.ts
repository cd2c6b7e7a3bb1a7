import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'duban_session';
export const LANG_COOKIE = 'duban_lang';

export function readCookies(req: FastifyRequest): Record<string, string> {
  const header = req.headers.cookie;
  if (!header) return {};
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

type TCookieOptions = { maxAgeSeconds: number; httpOnly: boolean; secure: boolean };

export function serialiseCookie(name: string, value: string, o: TCookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${o.maxAgeSeconds}`,
    'SameSite=Lax',
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

/** True for a page route, or an unknown address outside /api/: a browser is waiting for HTML. */
export function wantsHtml(req: FastifyRequest): boolean {
  const config = req.routeOptions.config as { page?: boolean };
  if (req.routeOptions.url !== undefined) return config.page === true;
  return !req.url.startsWith('/api/');
}
