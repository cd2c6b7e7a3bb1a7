import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { AppError } from '../lib/errors';
import { say } from '../lib/messages';
import { checkCsrf, checkTokenScope } from './auth/actor';
import { ERROR_STATUS, errorBody, toAppError } from './errors';
import { LANG_COOKIE, setCookie, wantsHtml } from './http';
import { buildOpenApi } from './openapi';
import { localeOf } from './pages/i18n';
import { registerOperations, requestId } from './operations';
import { pageRoutes } from './pages/index';
import { errorPage } from './pages/layout';
import { BODY_LIMIT, multipartUnreadable, registerBodies, UPLOAD_BODY_LIMIT } from './plugins/bodies';
import { registerIdentification } from './plugins/identify';
import { registerSecurityHeaders } from './plugins/security-headers';
import { parsePart, scopeNeeded, type TDeps, type TRoute } from './route';
import { apiRoutes } from './routes/index';
import { databaseRateLimitStore } from './rate-limit-store';
import { rateLimited } from '../services/rate-limits/rate-limited';
import { openFileStore, type TFileStore } from '../services/files/file-store';

export type TBuildAppOptions = {
  db: Db;
  temporal: Client | null;
  config: TConfig;
  mailer: Mailer;
  /** The embedded mail capture's page; link to it only when it is the default (no SMTP_URL). */
  mailCaptureUrl?: string | null;
  /** Fastify logging: false for none (most tests), a logger (`duban up`'s app log, `duban web`'s JSON log), or Fastify's own on stdout. */
  logger?: boolean | FastifyBaseLogger;
  /** The store of uploaded files; by default the one the configuration names, closed with the app. */
  files?: TFileStore;
};

export async function buildApp(options: TBuildAppOptions): Promise<FastifyInstance> {
  const deps: TDeps = {
    db: options.db,
    temporal: options.temporal ? { client: options.temporal, taskQueue: options.config.TEMPORAL_TASK_QUEUE } : null,
    now: () => new Date(),
    config: options.config,
    mailer: options.mailer,
    mailCaptureUrl: options.mailCaptureUrl ?? null,
    files: options.files ?? openFileStore(options.db, options.config),
  };
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger === false ? false : { level: options.config.LOG_LEVEL } }),
    // The proxy's id when it sent one, else a UUID (api/operations.ts): the id a 500 page shows finds its log line.
    genReqId: requestId,
    // Forms and JSON; an upload route allows more (api/plugins/bodies.ts).
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For is believed only from the proxies named; anyone else could write it.
    trustProxy: options.config.TRUST_PROXY ?? false,
  });

  if (!options.files) app.addHook('onClose', async () => deps.files.close());

  // Order matters: each of these adds onRequest hooks that rely on the ones before.
  await registerSecurityHeaders(app, { https: options.config.publicUrl.startsWith('https:') });
  await app.register(fastifyCookie);
  registerIdentification(app, deps.db, deps.now);
  await registerBodies(app);
  // /healthz, /readyz, /metrics and the x-request-id header: not routes of the app (no identification, no CSRF).
  registerOperations(app, deps);

  app.addHook('preHandler', async (req, reply) => {
    if (!req.routeOptions.config.app) return;
    const lang = (req.query as Record<string, unknown> | undefined)?.lang;
    if (lang === 'zh' || lang === 'en') {
      setCookie(reply, LANG_COOKIE, lang, { maxAgeSeconds: 365 * 86400, httpOnly: false, secure: deps.config.secureCookies });
    }
    checkCsrf(req, req.actor);
  });

  // Per address, on what answers without signing in: a high ceiling, as a whole 区政府 may come through one NAT
  // address. After identification (preHandler), so signed-in people are not counted; sign-in itself is also limited
  // per account (services/auth/sign-in-throttle).
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: deps.config.DUBAN_RATE_LIMIT_PER_ADDRESS,
    timeWindow: 60_000,
    store: databaseRateLimitStore(deps.db, deps.now),
    allowList: (req) => req.actor !== null || req.url === '/healthz',
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_req, ctx) => rateLimited(Date.now() + ctx.ttl, Date.now()),
  });

  app.setErrorHandler((err, req, reply) => {
    const { error, unexpected } = multipartUnreadable(req) && !(err instanceof AppError) ? { error: new AppError('MALFORMED_REQUEST'), unexpected: false } : toAppError(err);
    if (unexpected) req.log.error({ err }, 'request failed');
    return answerError(req, reply, error, deps);
  });

  app.setNotFoundHandler((req, reply) => answerError(req, reply, new AppError('NOT_FOUND'), deps));

  const routes: TRoute[] = [...apiRoutes, ...pageRoutes];
  for (const route of routes) registerRoute(app, route, deps);

  const openApi = buildOpenApi(apiRoutes, { title: '督办 Duban API', version: '1', serverUrl: options.config.publicUrl });
  app.get('/openapi.json', async () => openApi);

  await app.register(fastifyStatic, { root: fileURLToPath(new URL('./static/', import.meta.url)), prefix: '/static/', maxAge: 300_000, index: false });

  return app;
}

function registerRoute(app: FastifyInstance, route: TRoute, deps: TDeps): void {
  const intake = route.file;
  app.route({
    method: route.method,
    url: route.url,
    config: {
      app: true,
      page: route.kind === 'page',
      multipart: route.multipart || intake !== undefined,
      upload: route.upload ?? false,
      ...(intake
        ? {
            // One file a request, cut off one byte past the store's limit: the store then sees it is too large (a
            // file cut off at the limit exactly would look complete).
            multipartOptions: { limits: { fileSize: deps.files.maxBytes + 1, files: 1, fields: 10 } },
            receiveFile: async (req: FastifyRequest, field: string, name: string, stream: AsyncIterable<Uint8Array> & Readable) => {
              if (field !== 'file' || !name) {
                stream.resume();
                throw new AppError('MALFORMED_REQUEST', say('uploadNeedsFile'));
              }
              // The file is taken before the route's preHandler could check the form's token: checked here first.
              checkCsrf(req, req.actor, multipartField(req, '_csrf'));
              const params = parsePart(route.params, req.params, 'params', localeOf(req));
              return intake.receive({ params, actor: req.actor!, deps }, { name, stream });
            },
          }
        : {}),
    },
    ...(route.upload ? { bodyLimit: UPLOAD_BODY_LIMIT } : {}),
    ...(intake
      ? {
          bodyLimit: deps.files.maxBytes + FILE_INTAKE_OVERHEAD,
          async onRequest(req: FastifyRequest) {
            if (!req.actor) throw new AppError('UNAUTHENTICATED');
            checkTokenScope(req.actor, scopeNeeded(route));
            const params = parsePart(route.params, req.params, 'params', localeOf(req));
            await intake.check({ params, actor: req.actor, deps });
          },
        }
      : {}),
    async handler(req, reply) {
      if (route.auth !== 'public' && !req.actor) throw new AppError('UNAUTHENTICATED');
      checkTokenScope(req.actor, scopeNeeded(route));
      const locale = localeOf(req);
      const params = parsePart(route.params, req.params, 'params', locale);
      const query = parsePart(route.query, req.query, 'query', locale);
      const body = parsePart(route.body, stripCsrf(req.body), 'body', locale);
      const ctx = { req, reply, params, query, body, actor: req.actor, deps, locale };
      if (route.kind === 'api') {
        const result = await route.handler(ctx);
        reply.code(route.status);
        if (route.produces.length && (typeof result === 'string' || Buffer.isBuffer(result) || result instanceof Readable)) return reply.send(result);
        return route.response.parse(result);
      }
      const page = await route.handler(ctx);
      return typeof page === 'string' ? reply.type('text/html; charset=utf-8').send(page) : page;
    },
  });
}

/** Room for a file's multipart framing (boundaries, part headers, the form's token) beyond the file itself. */
const FILE_INTAKE_OVERHEAD = 64 * 2 ** 10;

/** A text field of a multipart body read so far (fields before the file), while the file is being received. */
function multipartField(req: FastifyRequest, name: string): unknown {
  const field = (req.body as Record<string, { value?: unknown } | undefined> | undefined)?.[name];
  return field?.value;
}

function stripCsrf(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('_csrf' in body)) return body;
  const { _csrf: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

function answerError(req: FastifyRequest, reply: FastifyReply, error: AppError, deps: TDeps) {
  const status = ERROR_STATUS[error.code];
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
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
