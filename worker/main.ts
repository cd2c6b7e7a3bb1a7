import { smsGatewayOf } from '../outbox/sms-channel';
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import { describeTemporalConnection, temporalConnectionOptions } from '../lib/temporal-connection';
import { createMailer } from '../mail/mailer';
import { gatherMsFor } from '../outbox/messages';
import { startOutbox } from '../outbox/start-outbox';
import { createDb, type Db } from '../prisma/client';
import { openFileStore } from '../services/files/file-store';
import { workflowBundleOptions } from './bundle';
import { startFileSweeper } from './file-sweeper';
import { startSignInSweeper } from './sign-in-sweeper';
import { startScoreKeeper } from './score-keeper';

export type RunWorkerOptions = {
  config: TConfig;
  databaseUrl: string;
  smtpUrl: string;
  /** Aborting it drains the worker: running activities finish, then `runWorker` resolves. */
  signal: AbortSignal;
  /** A bundle made once (tests, benchmarks); otherwise the worker bundles `workflows/index.ts` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Called once the worker polls its task queue. */
  onReady?: () => void;
  /** Called then too, with what `duban worker`'s health and metrics endpoints look at. */
  onRunning?: (running: TRunningWorker) => void;
  /** The activities' clock; the demo and tests may pass their own. */
  clock?: () => Date;
  /** Activities in flight at most, regular and local each (default 50 and 100); the crash tests keep it small. */
  activitySlots?: number;
  /**
   * How long a digestable message waits for the rest of its digest; by default gatherMsFor the configured day: a
   * minute, or a sixth of a day where DUBAN_DEMO_DAY_SECONDS shortens it (plans launched on the demo's clock).
   */
  gatherMs?: number;
  /** How long the outbox's dispatcher holds a claimed delivery (DISPATCHER_DEFAULTS: a minute); the crash tests shorten it. */
  outboxLeaseMs?: number;
};

/** A running worker's parts that `duban worker`'s /readyz and /metrics ask. */
export type TRunningWorker = { db: Db; temporal: Client; state: () => State };

/**
 * How long a draining worker lets its in-flight activities run before the SDK cancels them (our activities finish
 * their email or statement well within it), and when it stops waiting altogether: `duban worker` exits within that.
 */
export const WORKER_DRAIN = { graceMs: 10_000, forceMs: 30_000 };

/** Workflow threads of the worker: see `workflowThreadPoolSize` below. */
const WORKFLOW_THREADS = 2;

/**
 * Each workflow thread's heap limit: 128 MB for the bundle and the work in hand, and half a megabyte per workflow of
 * its share of the cache (a cached measure holds about 0.4 MB of heap once zod is shared). Without a limit V8 sizes
 * the heap from the machine's memory (4 GB here) and collects evicted workflows only when it must, so a worker that
 * had woken 2,000 measures stayed at 1.45 GB with 500 cached; at 192 MB + 1 MB a workflow it still held 1.22 GB.
 */
export function workflowThreadHeapMb(maxCachedWorkflows: number): number {
  return 128 + Math.ceil(maxCachedWorkflows / WORKFLOW_THREADS / 2);
}

/**
 * Runs the measure worker, and beside it the outbox's dispatcher that sends every message, the score keeper that
 * rescores plans owing scores and the sweeper that clears what interrupted uploads left in the file store, until
 * `signal` aborts;
 * usable in-process by `duban up` and as its own process.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const { config, signal } = options;
  const temporalOptions = temporalConnectionOptions(config, config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`);
  const { address } = temporalOptions;
  const db = createDb(options.databaseUrl);
  const mailer = createMailer(options.smtpUrl, config.MAIL_FROM);
  let connection: NativeConnection | null = null;
  let clientConnection: Connection | null = null;
  let keeper: ReturnType<typeof startScoreKeeper> | null = null;
  let outbox: ReturnType<typeof startOutbox> | null = null;
  const files = openFileStore(db, config);
  let sweeper: ReturnType<typeof startFileSweeper> | null = null;
  let signIns: ReturnType<typeof startSignInSweeper> | null = null;
  try {
    connection = await NativeConnection.connect(temporalOptions).catch((err: Error) => {
      throw new UserError(
        `无法连接 Temporal / cannot reach Temporal at ${address} (${describeTemporalConnection(temporalOptions)}): ${err.message}. 检查 TEMPORAL_ADDRESS 与 TEMPORAL_TLS_* 或先运行 duban up`,
      );
    });
    // Activities that start workflows (a plan's launch) use a client of the same server.
    clientConnection = await Connection.connect(temporalOptions);
    const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    // The outbox's dispatcher sends what the activities write (and the web process's announcements).
    outbox = startOutbox({ db, mailer, temporal: { client: temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, log: Runtime.instance().logger, gatherMs: options.gatherMs ?? gatherMsFor(config.DUBAN_DEMO_DAY_SECONDS),
      secretKey: config.secretKey,
      sms: smsGatewayOf(config),
      ...(options.outboxLeaseMs === undefined ? {} : { leaseMs: options.outboxLeaseMs }),
    });
    // V8 reads the limit when an isolate is created: set now, it holds for the workflow threads the SDK starts next
    // (Node passes no limit of its own to a worker thread), not for this thread, whose heap is already made.
    v8.setFlagsFromString(`--max-old-space-size=${workflowThreadHeapMb(config.WORKER_MAX_CACHED_WORKFLOWS)}`);
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : bundledAtStart()),
      activities: createActivities({ db, clock: options.clock, config, temporal, outbox: outbox.writer }),
      // Most running activities wait rather than work: for one of the 8 database connections (PGlite runs one query
      // at a time anyway). Fewer slots would queue a plan's due steps behind those waits.
      maxConcurrentActivityTaskExecutions: options.activitySlots ?? 50,
      // A measure's steps run as local activities (projections, the messages they owe): they wait on the same
      // database pool, so the SDK's default of 100 at once is plenty.
      maxConcurrentLocalActivityExecutions: options.activitySlots ?? 100,
      // Workflow-task slots and pollers stay at the SDK's defaults (40 slots, 10 pollers, 2 of them for new tasks):
      // more pollers or autoscaling pollers did not raise the rate of due emails on 2 cores.
      // Bounded (WORKER_MAX_CACHED_WORKFLOWS), not sized from the heap: a cached measure holds its own copy of the
      // bundle's modules, so a worker caching every open measure of a province grows past any memory budget. A measure
      // outside the cache is replayed from its history when it wakes (bench province: cache-miss).
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      // Two workflow threads, each holding half the cached measures: a restarted worker rebuilds every measure from
      // history as its steps fall due, and a plan's measures fall due together, so one thread fell behind for the
      // first seconds of a window (bench timer-lateness after a restart: p99 1.6–2.2 s with one, 0.75–0.94 s with two).
      workflowThreadPoolSize: WORKFLOW_THREADS,
      shutdownGraceTime: WORKER_DRAIN.graceMs,
      shutdownForceTime: WORKER_DRAIN.forceMs,
    });
    if (signal.aborted) return;
    const running = worker.runUntil(new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })));
    keeper = startScoreKeeper(db, Runtime.instance().logger);
    sweeper = startFileSweeper(files, Runtime.instance().logger);
    signIns = startSignInSweeper(db, Runtime.instance().logger);
    await waitUntilRunning(worker, signal);
    options.onRunning?.({ db, temporal, state: () => worker.getState() });
    options.onReady?.();
    await running;
  } finally {
    await outbox?.stop();
    await keeper?.stop();
    await sweeper?.stop();
    await signIns?.stop();
    files.close();
    await connection?.close().catch(() => {});
    await clientConnection?.close().catch(() => {});
    mailer.close();
    await db.close();
  }
}

/** The worker's own bundle, made as it starts, with the modules its workflow threads share. */
function bundledAtStart(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

async function waitUntilRunning(worker: Worker, signal: AbortSignal): Promise<void> {
  while (worker.getState() === 'INITIALIZED' && !signal.aborted) await new Promise((r) => setTimeout(r, 20));
}
