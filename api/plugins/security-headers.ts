import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What a browser may run, load and frame for any answer of the app: scripts only from /static (no inline script,
 * no handler attributes, no javascript: links), styles from /static and inline (the html report's print styles and
 * the server-rendered SVG charts carry style attributes), nothing in frames, no plugins, no <base>, forms posted only
 * here. The directives are listed in full rather than taken from helmet's defaults, so a new version of it cannot
 * loosen them unnoticed.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * @fastify/helmet on every answer, registered before anything else that answers in onRequest, so that a refusal
 * (an unknown token, an upload from nobody, a rate limit) carries the headers too. HSTS only when the app is reached
 * over https (PUBLIC_URL): it would tell a browser to insist on https where there is none.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 180 * 86400, includeSubDomains: false } : false,
  });
}
