import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { shanghaiMidnight } from '../../calendar/working-days';
import { createMailer, type Mailer } from '../../mail/mailer';
import type { TOutboxWriter } from '../../outbox/messages';
import { startOutbox } from '../../outbox/start-outbox';
import type { Db } from '../../prisma/client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { startScoreKeeper } from '../../worker/score-keeper';
import { createTestDatabase, type TestDatabase } from './db';
import { seedSmallRegistry, type TSmallRegistry } from './measure-fixtures';
import { isSettled } from './settled';
import { createTimeSkippingEnv, measureWorkflowBundle } from './temporal';
import { waitFor } from './wait-for';

export type TWorkerDeps = { db: Db; mailer: Mailer; config: { publicUrl: string }; temporal: Client; outbox: TOutboxWriter };

/**
 * How long the world's dispatcher gathers a digest. The test server's clock runs ahead of the dispatcher's whenever it
 * skips time, so the production minute would be a real minute here; a unit's items falling due at one skipped instant
 * are written within this much of each other.
 */
export const WORLD_GATHER_MS = 300;

export type TWorldOptions = {
  taskQueue: string;
  /** The virtual instant the workflows' clock starts at: `startClock` pins it to the test server's time. */
  virtualStart: number;
  mailFrom?: string;
  publicUrl?: string;
  /** What the worker runs; by default the worker as production builds it: every activity composed, every workflow of workflows/index.ts. */
  worker?: (deps: TWorkerDeps) => Promise<Pick<WorkerOptions, 'workflowBundle' | 'activities'>>;
  /** The client the outbox starts announcements' broadcasts with; by default the test server's own. */
  outboxTemporal?: (env: TestWorkflowEnvironment) => Promise<Client>;
};

export type TWorld = {
  t: TestDatabase;
  env: TestWorkflowEnvironment;
  capture: MailCapture;
  /**
   * A client of the same server that never lets it skip time: launch through it. The launch's followers read a
   * finished launch's result, and `result()` through the time-skipping `env.client` unlocks the clock, if only for that
   * call, long enough for the server to fire every idle measure's next timer (a half-year's report) at once.
   */
  client: Client;
  /** Pins `virtualStart` to the test server's time now, and returns the clock to launch workflows with. */
  startClock: () => Promise<{ realStartMs: number; virtualStartMs: number }>;
  /** Moves the test server's clock to a virtual Shanghai date and hour; never back. */
  advanceTo: (date: string, hour?: number) => Promise<void>;
  /**
   * A workflow's result, once it has started, waited for without letting the server skip time. The Java test server does not hold its
   * clock while a worker runs a local activity, so a `result()` through the time-skipping client, which lets it skip
   * while waiting, can throw every idle workflow years ahead (to its run timeout) during a measure's local step.
   */
  outcome: (workflowId: string) => Promise<unknown>;
  /** Waits until nothing is under way (support/settled.ts), through a client that lets no time skip meanwhile. */
  settled: (workflowIds?: string[]) => Promise<void>;
  /** Stops the worker and the outbox's dispatcher, then the server, the mailer, the mail capture and the database. */
  stop: () => Promise<void>;
};

const productionWorker = async (deps: TWorkerDeps) => ({
  workflowBundle: await measureWorkflowBundle(),
  activities: createActivities(deps),
});

/**
 * What a workflow test file runs against: a fresh database, the Java time-skipping server, a mail capture, and a
 * worker polling `taskQueue` with the outbox's dispatcher and the score keeper beside it until `stop`.
 */
export async function startWorkflowWorld(options: TWorldOptions): Promise<TWorld> {
  const [t, env, capture] = await Promise.all([createTestDatabase(), createTimeSkippingEnv(), startMailCapture({ smtpPort: 0, webPort: 0 })]);
  const mailer = createMailer(capture.smtpUrl, options.mailFrom ?? '督办系统 <duban@example.gov.cn>');
  const closeResources = async () => {
    await env.teardown();
    mailer.close();
    await capture.close();
    await t.close();
  };
  let worker: Worker;
  let outbox: ReturnType<typeof startOutbox> | null = null;
  try {
    const config = { publicUrl: options.publicUrl ?? 'https://duban.example.gov.cn' };
    const client = options.outboxTemporal ? await options.outboxTemporal(env) : env.client;
    outbox = startOutbox({ db: t.db, mailer, temporal: { client, taskQueue: options.taskQueue }, log: Runtime.instance().logger, gatherMs: WORLD_GATHER_MS });
    const runs = await (options.worker ?? productionWorker)({ db: t.db, mailer, config, temporal: env.client, outbox: outbox.writer });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: options.taskQueue, ...runs });
  } catch (err) {
    await outbox?.stop();
    await closeResources();
    throw err;
  }
  const running = worker.run();
  // Beside the worker as in production (worker/main.ts): plans owing scores are rescored.
  const keeper = startScoreKeeper(t.db, Runtime.instance().logger);
  let realStartMs: number | undefined;
  const plainClient = new Client({ connection: env.connection });
  return {
    t,
    env,
    capture,
    client: plainClient,
    async outcome(workflowId) {
      // An announcement's broadcast exists once the outbox has delivered it.
      const handle = plainClient.workflow.getHandle(workflowId);
      await waitFor(`workflow ${workflowId} to start`, () => handle.describe().then(() => true, () => false), { timeoutMs: 30_000, everyMs: 50 });
      return handle.result();
    },
    async settled(workflowIds) {
      await waitFor('the workflows to wait and the outbox to empty', () => isSettled(plainClient, t.db, workflowIds), { timeoutMs: 20_000, everyMs: 50 });
    },
    async startClock() {
      realStartMs = await env.currentTimeMs();
      return { realStartMs, virtualStartMs: options.virtualStart };
    },
    async advanceTo(date, hour = 10) {
      if (realStartMs === undefined) throw new Error('advanceTo before startClock');
      const target = shanghaiMidnight(date) + hour * 3_600_000;
      const virtualNow = options.virtualStart + ((await env.currentTimeMs()) - realStartMs);
      if (target > virtualNow) await env.sleep(target - virtualNow);
    },
    async stop() {
      worker.shutdown();
      await running;
      await outbox!.stop();
      await keeper.stop();
      await closeResources();
    },
  };
}

export type TMeasureWorld = TWorld & { reg: TSmallRegistry };

/** The production worker's world, with the small registry of measure-fixtures seeded. */
export async function startMeasureWorld(options: Omit<TWorldOptions, 'worker'>): Promise<TMeasureWorld> {
  const world = await startWorkflowWorld(options);
  try {
    return { ...world, reg: await seedSmallRegistry(world.t.db) };
  } catch (err) {
    await world.stop();
    throw err;
  }
}
