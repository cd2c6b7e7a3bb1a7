import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import multipart from '@fastify/multipart';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { AppError } from '../lib/errors';
import { checkCsrf, identify, type TActor } from './auth/actor';
import { ERROR_STATUS, errorBody, toAppError } from './errors';
import { LANG_COOKIE, readCookies, serialiseCookie, wantsHtml } from './http';
import { buildOpenApi } from './openapi';
import { localeOf } from './pages/i18n';
import { OPERATION_PATHS, registerOperations, requestId } from './operations';
import { pageRoutes } from './pages/index';
import { errorPage } from './pages/layout';
import { parsePart, type TDeps, type TRoute } from './route';
import { apiRoutes } from './routes/index';

declare module 'fastify' {
  interface FastifyRequest {
    actor: TActor | null;
  }
}

export type TBuildAppOptions = {
  db: Db;
  temporal: Client | null;
  config: TConfig;
  mailer: Mailer;
  /** The embedded mail capture's page; link to it only when it is the default (no SMTP_URL). */
  mailCaptureUrl?: string | null;
  /** Fastify logging; off in tests; `duban web` passes its JSON logger. */
  logger?: boolean | FastifyBaseLogger;
};

const STATIC: Record<string, { body: string; type: string }> = Object.fromEntries(
  [
    ['app.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
  ].map(([name, type]) => [name, { body: readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8'), type }]),
);

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function buildApp(options: TBuildAppOptions): Promise<FastifyInstance> {
  const deps: TDeps = {
    db: options.db,
    temporal: options.temporal ? { client: options.temporal, taskQueue: options.config.TEMPORAL_TASK_QUEUE } : null,
    now: () => new Date(),
    config: options.config,
    mailer: options.mailer,
    mailCaptureUrl: options.mailCaptureUrl ?? null,
  };
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger === false ? false : { level: options.config.LOG_LEVEL } }),
    genReqId: requestId,
    // Base64 .docx uploads through the JSON API.
    bodyLimit: Math.ceil(MAX_UPLOAD_BYTES * 1.4),
    trustProxy: true,
  });

  app.decorateRequest('actor', null);
  registerOperations(app, deps);

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50 },
    // A file field becomes { fileName, contentBase64 }: the same shape the JSON API takes. A file input left empty
    // arrives with no name; null (not undefined, which the plugin would replace with the bytes) means "no file".
    async onFile(part) {
      const buf = await part.toBuffer();
      (part as unknown as { value: unknown }).value = part.filename ? { fileName: part.filename, contentBase64: buf.toString('base64') } : null;
    },
  });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });

  app.addHook('preHandler', async (req, reply) => {
    if (req.url.startsWith('/static/') || OPERATION_PATHS.has(req.routeOptions.url ?? '')) return;
    const lang = (req.query as Record<string, unknown> | undefined)?.lang;
    if (lang === 'zh' || lang === 'en') {
      reply.header('set-cookie', serialiseCookie(LANG_COOKIE, lang, { maxAgeSeconds: 365 * 86400, httpOnly: false, secure: deps.config.DUBAN_SECURE_COOKIES }));
    }
    req.actor = await identify(deps.db, req);
    checkCsrf(req, req.actor);
  });

  app.setErrorHandler((err, req, reply) => {
    const { error, unexpected } = toAppError(err);
    if (unexpected) req.log.error({ err }, 'request failed');
    return answerError(req, reply, error, deps);
  });

  app.setNotFoundHandler((req, reply) => answerError(req, reply, new AppError('NOT_FOUND'), deps));

  const routes: TRoute[] = [...apiRoutes, ...pageRoutes];
  for (const route of routes) registerRoute(app, route, deps);

  const openApi = buildOpenApi(apiRoutes, { title: '督办 Duban API', version: '1', serverUrl: options.config.publicUrl });
  app.get('/openapi.json', async () => openApi);

  app.get('/static/:name', async (req, reply) => {
    const file = STATIC[(req.params as { name: string }).name];
    if (!file) throw new AppError('NOT_FOUND');
    reply.header('content-type', file.type).header('cache-control', 'public, max-age=300');
    return file.body;
  });

  return app;
}

function registerRoute(app: FastifyInstance, route: TRoute, deps: TDeps): void {
  app.route({
    method: route.method,
    url: route.url,
    config: { page: route.kind === 'page' },
    async handler(req, reply) {
      if (route.auth !== 'public' && !req.actor) throw new AppError('UNAUTHENTICATED');
      const locale = localeOf(req);
      const params = parsePart(route.params, req.params, 'params', locale);
      const query = parsePart(route.query, req.query, 'query', locale);
      const body = parsePart(route.body, stripCsrf(req.body), 'body', locale);
      const ctx = { req, reply, params, query, body, actor: req.actor, deps, locale };
      if (route.kind === 'api') {
        const result = await route.handler(ctx);
        reply.code(route.status);
        if (route.produces.length && (typeof result === 'string' || Buffer.isBuffer(result))) return reply.send(result);
        return route.response.parse(result);
      }
      const page = await route.handler(ctx);
      return typeof page === 'string' ? reply.type('text/html; charset=utf-8').send(page) : page;
    },
  });
}

function stripCsrf(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('_csrf' in body)) return body;
  const { _csrf: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

function answerError(req: FastifyRequest, reply: FastifyReply, error: AppError, deps: TDeps) {
  const status = ERROR_STATUS[error.code];
  if (!wantsHtml(req)) return reply.code(status).send(errorBody(error, localeOf(req)));
  if (error.code === 'UNAUTHENTICATED' && req.method === 'GET') {
    return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
  }
  return reply.code(status).type('text/html; charset=utf-8').send(errorPage(req, deps, error));
}

export type TApiServer = { url: string; app: FastifyInstance; close: () => Promise<void> };

/** Builds the app and listens on config.HOST:config.PORT (port 0 picks a free one). */
export async function startApiServer(options: TBuildAppOptions & { port?: number; host?: string }): Promise<TApiServer> {
  const app = await buildApp(options);
  await app.listen({ port: options.port ?? options.config.PORT, host: options.host ?? options.config.HOST });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, app, close: () => app.close() };
}
