import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { checkReadiness, databaseCheck, temporalCheck, type TReadiness } from '../lib/readiness';
import type { TRunningWorker } from './main';

export type TWorkerHealthServer = {
  url: string;
  /** The worker polls: /readyz and /metrics can look at it from now on. */
  running: (worker: TRunningWorker, registry: Registry) => void;
  close: () => Promise<void>;
};

/**
 * `duban worker`'s small HTTP port (WORKER_HEALTH_PORT): /healthz (the process answers), /readyz (the worker polls its
 * task queue and the database and Temporal answer; 503 while it starts or drains) and /metrics (the worker's own
 * figures, then the Temporal SDK's, read from its exporter on `sdkMetricsUrl`, so one scrape target has both).
 */
export async function startWorkerHealthServer(options: { host: string; port: number; sdkMetricsUrl: string }): Promise<TWorkerHealthServer> {
  let worker: TRunningWorker | null = null;
  let registry: Registry | null = null;
  const app = Fastify({ logger: false });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const state = worker?.state() ?? 'STARTING';
    const readiness: TReadiness = worker
      ? await checkReadiness({
          worker: async () => {
            if (state !== 'RUNNING') throw new Error(state.toLowerCase());
          },
          database: databaseCheck(worker.db),
          temporal: temporalCheck(worker.temporal),
        })
      : { ready: false, checks: { worker: 'starting' } };
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
  app.get('/metrics', async (_req, reply) => {
    if (!registry) return reply.code(503).send('starting\n');
    const [own, sdk] = await Promise.all([registry.metrics(), fetch(options.sdkMetricsUrl).then((r) => r.text())]);
    return reply.type(registry.contentType).send(`${own}\n${sdk}`);
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    running(w, r) {
      worker = w;
      registry = r;
    },
    close: () => app.close(),
  };
}
