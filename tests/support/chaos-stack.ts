import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type TConfig } from '../../lib/config';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { freePort, startTemporalDevServer, type TemporalServer } from '../../stack/temporal-server';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runWorker } from '../../worker/main';
import { createTestDatabase, type TestDatabase } from './db';
import { startTcpRelay, type TcpRelay } from './tcp-relay';
import { measureWorkflowBundle } from './temporal';

export type ChaosStack = {
  t: TestDatabase;
  /** The database URL the worker and the app use; through the relay when one was asked for. */
  databaseUrl: string;
  relay: TcpRelay | null;
  temporal: TemporalServer;
  client: Client;
  capture: MailCapture;
  config: TConfig;
  /** Stops the Temporal server and starts it again on the same port and SQLite file after `downMs`. */
  restartTemporal: (downMs: number) => Promise<void>;
  /** Stops the SMTP receiver; `restore` starts it again on the same port, keeping what it had received. */
  stopSmtp: () => Promise<{ restore: () => Promise<void> }>;
  startWorker: () => Promise<{ stop: () => Promise<void> }>;
  close: () => Promise<void>;
};

/** The chaos tests' days last seconds: a digest gathers for a fraction of one. */
export const CHAOS_GATHER_MS = 500;

/**
 * The embedded stack for reliability tests: a test database (optionally behind a relay that can be cut), the real
 * Temporal dev server persisting to a SQLite file in a temporary folder, the mail capture keeping its messages in a
 * file there, and in-process workers on one bundle (with `worker`, one is polling when the stack is returned).
 */
export async function startChaosStack(options: { relay?: boolean; worker?: boolean; gatherMs?: number } = {}): Promise<ChaosStack> {
  // Worker state changes and retries are the test's business, not its output; failures still show.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-chaos-'));
  const t = await createTestDatabase();
  const dbUrl = new URL(t.url);
  const relay = options.relay ? await startTcpRelay({ host: dbUrl.hostname, port: Number(dbUrl.port) }) : null;
  if (relay) dbUrl.port = String(relay.port);
  const databaseUrl = dbUrl.toString();
  const temporalPort = await freePort();
  let temporal = await startTemporalDevServer({ dataDir: dir, port: temporalPort, uiPort: 0, headless: true });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const storeFile = path.join(dir, 'mail.jsonl');
  let capture = await startMailCapture({ storeFile });
  const smtpPort = capture.smtpPort;
  const config = loadConfig({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, SMTP_URL: capture.smtpUrl, PUBLIC_URL: 'http://duban.test', LOG_LEVEL: 'warn' });
  const bundle = await measureWorkflowBundle();
  const workers = new Set<{ stop: () => Promise<void> }>();
  const stack: ChaosStack = {
    t,
    databaseUrl,
    relay,
    get temporal() {
      return temporal;
    },
    client,
    get capture() {
      return capture;
    },
    config,
    async restartTemporal(downMs) {
      await temporal.stop();
      await new Promise((r) => setTimeout(r, downMs));
      temporal = await startTemporalDevServer({ dataDir: dir, port: temporalPort, uiPort: 0, headless: true });
    },
    async stopSmtp() {
      await capture.close();
      return {
        restore: async () => {
          capture = await startMailCapture({ smtpPort, storeFile });
        },
      };
    },
    async startWorker() {
      const controller = new AbortController();
      let ready!: () => void;
      const polling = new Promise<void>((resolve) => (ready = resolve));
      const running = runWorker({ config, databaseUrl, smtpUrl: config.SMTP_URL!, signal: controller.signal, workflowBundle: bundle, onReady: ready, gatherMs: options.gatherMs ?? CHAOS_GATHER_MS });
      await Promise.race([polling, running]);
      const worker = {
        stop: async () => {
          workers.delete(worker);
          controller.abort();
          await running;
        },
      };
      workers.add(worker);
      return worker;
    },
    async close() {
      for (const w of [...workers]) await w.stop().catch(() => {});
      await connection.close();
      await temporal.stop();
      await capture.close();
      await relay?.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.worker) {
    try {
      await stack.startWorker();
    } catch (err) {
      await stack.close();
      throw err;
    }
  }
  return stack;
}
