import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';
import type { TTemporal } from '../services/deps';
import { checkReadiness, databaseCheck, temporalCheck } from '../lib/readiness';
import type { Db } from '../prisma/client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's Prometheus registry, served at /metrics; `duban web` adds Node's own figures to it. */
    metrics: Registry;
  }
}

/** Routes that answer without identifying anyone or touching the session: a probe must not depend on the database. */
export const OPERATION_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const INCOMING_ID = /^[\w.:-]{8,128}$/;

/**
 * Each request's id, in every log line about it and in its `x-request-id` answer header: the one the proxy in front
 * set (nginx's $request_id, see deploy/nginx.conf), so its access log and ours agree, or a new UUID. Unique across
 * any number of web processes, unlike Fastify's default counter.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && INCOMING_ID.test(given) ? given : randomUUID();
}

/**
 * What a load balancer, a service manager and Prometheus ask of the web process: /healthz (the process answers),
 * /readyz (it can serve: the database and Temporal answer; 503 otherwise, and while it drains on SIGTERM) and /metrics
 * (request latency by route pattern, never by raw URL, so ids do not multiply the series). None of them is for the
 * public side: the nginx front in deploy/ answers them 404.
 */
export function registerOperations(app: FastifyInstance, deps: { db: Db; temporal: TTemporal | null }): void {
  const registry = new Registry();
  app.decorate('metrics', registry);
  const latency = new Histogram({
    name: 'duban_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by route pattern',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    latency.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const readiness = await checkReadiness({
      database: databaseCheck(deps.db),
      temporal: deps.temporal ? temporalCheck(deps.temporal.client) : () => Promise.reject(new Error('no Temporal client')),
    });
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
