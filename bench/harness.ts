import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pg from 'pg';
import { loadConfig, type TConfig } from '../lib/config';
import { createDb, type Db } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { startMailCapture, type MailCapture } from '../stack/mail-capture';
import { startEmbeddedDatabase } from '../stack/pglite-server';
import { ensureTemporalServer, TEMPORAL_SERVER_VERSION } from '../stack/temporal-binary';
import { freeClusterPorts, setupTemporalSchema, startTemporalCluster } from '../stack/temporal-cluster';
import { freePort, startTemporalDevServer } from '../stack/temporal-server';
import { bundleWorkflows, WORKFLOWS_PATH } from '../worker/bundle';
import { runWorker } from '../worker/main';

export type TLog = (line: string) => void;

let runtimeInstalled = false;
/** Worker logs at WARN on stderr: `--json` keeps stdout to itself. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      const failure = (entry.meta as { failure?: string; error?: unknown } | undefined) ?? {};
      const why = failure.failure ?? (failure.error instanceof Error ? failure.error.message : '');
      process.stderr.write(`[worker ${entry.level}] ${entry.message}${why ? `: ${why}` : ''}\n`);
    }),
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
/** Bundled once per process: the benchmarks measure running workflows, not webpack. */
export function workflowBundle(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflows(workflowsPath);
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

export type RunningWorker = { stop: () => Promise<void> };

/**
 * How many of a plan's messages of one step the receiver has accepted, alone or listed in a digest: the outbox marks
 * each message sent once the SMTP server has accepted the email carrying it. Counting emails would count digests.
 */
export function sentMessages(db: Db, planId: string, step: string): Promise<number> {
  return db.outboxMessage.count({ where: { planId, step, status: 'sent' } });
}

/**
 * Where a stack benchmark runs: by default the embedded stack of `duban up` (PGlite, the Temporal dev server on
 * SQLite); `postgresUrl` (a PostgreSQL server URL with the right to create databases) puts the app's database there,
 * and `temporalServer` the built Temporal server on PostgreSQL persistence on the same server, as a province runs.
 * Databases the benchmark creates there are dropped when it stops.
 */
export type TBenchStack = { postgresUrl?: string; temporalServer?: boolean };

/** How a stack reads in results: `pglite` or `postgresql`, `dev-server` or the built server. */
export function describeStack(stack: TBenchStack): { db: string; temporal: string } {
  return {
    db: stack.postgresUrl ? 'postgresql' : 'pglite',
    temporal: stack.temporalServer ? `temporal-server ${TEMPORAL_SERVER_VERSION} on postgresql` : 'dev-server (sqlite)',
  };
}

/** A fresh database on the PostgreSQL server at `serverUrl`, and how to drop it. */
async function createBenchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export type Harness = {
  config: TConfig;
  db: Db;
  databaseUrl: string;
  temporalAddress: string;
  connection: Connection;
  client: Client;
  capture: MailCapture;
  dataDir: string;
  /**
   * The measure worker in this process, on the stack's database, Temporal and SMTP receiver; `gatherMs` is how long
   * its outbox lets a digest gather (a minute, as in production, unless a benchmark says otherwise).
   */
  startWorker: (options?: { clock?: () => Date; gatherMs?: number }) => Promise<RunningWorker>;
  stop: () => Promise<void>;
};

/**
 * The embedded stack of `duban up`, on free loopback ports in a temporary folder: an in-memory PGlite (migrated,
 * with the calendar), a headless Temporal dev server persisting to SQLite there, and the mail capture. Everything it
 * started stops with `stop()`, also when start-up fails half-way.
 */
export async function startHarness(log: TLog, stack: TBenchStack = {}): Promise<Harness> {
  if (stack.temporalServer && !stack.postgresUrl) throw new Error('the built Temporal server keeps its state in PostgreSQL: give a PostgreSQL server URL too');
  quietRuntime();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-bench-'));
  const stops: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    for (const s of stops.reverse()) await s().catch((err: Error) => log(`stopping: ${err.message}`));
    stops.length = 0;
  };
  // Ctrl-C stops the servers this started instead of leaving a Temporal server behind.
  const interrupted = () => {
    log('interrupted: stopping the benchmark stack');
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const suffix = randomBytes(4).toString('hex');
    let database: { url: string };
    if (stack.postgresUrl) {
      const created = await createBenchDatabase(stack.postgresUrl, `duban_bench_${suffix}`);
      stops.push(created.drop);
      database = created;
    } else {
      const embedded = await startEmbeddedDatabase({ port: 0 });
      stops.push(embedded.close);
      database = embedded;
    }
    await applyMigrations(database.url);
    let temporal: { address: string };
    if (stack.temporalServer) {
      const tools = await ensureTemporalServer(log);
      const persistence = await createBenchDatabase(stack.postgresUrl!, `temporal_bench_${suffix}`);
      stops.push(persistence.drop);
      const visibility = await createBenchDatabase(stack.postgresUrl!, `temporal_bench_${suffix}_visibility`);
      stops.push(visibility.drop);
      await setupTemporalSchema(tools, { url: persistence.url, visibilityUrl: visibility.url });
      const cluster = await startTemporalCluster({
        tools,
        // Shards are history's unit of parallelism, fixed for the database's life; 8 keep two cores busy without
        // hundreds of idle shard loops.
        settings: { persistence: { url: persistence.url, visibilityUrl: visibility.url }, host: '127.0.0.1', ports: await freeClusterPorts(), numHistoryShards: 8 },
        dir: path.join(dataDir, 'temporal-server'),
        namespace: 'default',
        retentionDays: 1,
        connection: {},
      });
      stops.push(cluster.stop);
      temporal = cluster;
    } else {
      const dev = await startTemporalDevServer({ dataDir, port: await freePort(), uiPort: 0, headless: true });
      stops.push(dev.stop);
      temporal = dev;
    }
    const capture = await startMailCapture({});
    stops.push(capture.close);
    const config = loadConfig({
      DUBAN_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: capture.smtpUrl,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      LOG_LEVEL: 'warn',
      // A run may try another cache bound; the workers it spawns get the same.
      WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS,
    });
    const db = createDb(database.url);
    stops.push(db.close);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const bundle = await workflowBundle();

    const workers = new Set<RunningWorker>();
    stops.push(async () => {
      for (const w of [...workers]) await w.stop();
    });
    const startWorker = async (options: { clock?: () => Date; gatherMs?: number } = {}): Promise<RunningWorker> => {
      const controller = new AbortController();
      let ready!: () => void;
      const polling = new Promise<void>((resolve) => (ready = resolve));
      const running = runWorker({
        config,
        databaseUrl: database.url,
        smtpUrl: capture.smtpUrl,
        signal: controller.signal,
        workflowBundle: bundle,
        onReady: ready,
        clock: options.clock,
        gatherMs: options.gatherMs,
      });
      await Promise.race([polling, running]);
      const worker: RunningWorker = {
        stop: async () => {
          workers.delete(worker);
          controller.abort();
          await running;
        },
      };
      workers.add(worker);
      return worker;
    };

    return { config, db, databaseUrl: database.url, temporalAddress: temporal.address, connection, client, capture, dataDir, startWorker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Polls `done` until it holds, saying every 10 s how far it got and failing with `what` after `timeoutMs`: a
 * benchmark never waits forever or in silence.
 */
export async function waitUntil(
  done: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; log: TLog; progress?: () => Promise<string> },
): Promise<void> {
  const started = Date.now();
  let said = started;
  while (!(await done())) {
    const now = Date.now();
    if (now - started > options.timeoutMs) {
      const where = options.progress ? ` (${await options.progress()})` : '';
      throw new Error(`benchmark gave up after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}${where}`);
    }
    if (now - said >= 10_000) {
      said = now;
      options.log(`  …waiting ${Math.round((now - started) / 1000)} s for ${options.what}${options.progress ? `: ${await options.progress()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The q-quantile (0–1) of `values`, nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
