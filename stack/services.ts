import { Client, type Connection } from '@temporalio/client';
import type { Logger } from '../lib/logger';
import { startApiServer } from '../api/server';
import type { TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import { createMailer } from '../mail/mailer';
import { createDb } from '../prisma/client';
import { startLeaderSummaries } from '../services/reports/start-leader-summaries';
import { startReviewReminders } from '../services/reviews/start-review-reminders';
import { runWorker } from '../worker/main';
import type { TDemoSource } from '../seeds/seed';
import { demoGatherMs, runDemo } from './demo';

export type RunningServices = { stop: () => Promise<void> };

const WORKER_START_TIMEOUT_MS = 120_000;

/**
 * The application half of `duban up`: worker and HTTP server on an already running database, Temporal and SMTP
 * (`config` carries their addresses). With `demo`, the sample registry and plan (or the ones it names) are loaded
 * into an empty database and launched on a compressed clock.
 */
export async function startServices(
  config: TConfig & { DATABASE_URL: string; SMTP_URL: string },
  connection: Connection,
  options: { demo: TDemoSource | false; log: (line: string) => void; mailUrl: string | null; appLog?: Logger },
): Promise<RunningServices> {
  const { log } = options;
  const db = createDb(config.DATABASE_URL);
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const stops: (() => Promise<void>)[] = [
    async () => {
      mailer.close();
      await db.close();
    },
  ];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    stops.length = 0;
  };
  try {
    log('启动 worker (首次打包工作流约需数秒) / starting the worker…');
    const controller = new AbortController();
    let workerFailed: (err: Error) => void = () => {};
    const failure = new Promise<never>((_, reject) => (workerFailed = reject));
    const ready = new Promise<void>((resolve) => {
      const running = runWorker({
        config,
        databaseUrl: config.DATABASE_URL,
        smtpUrl: config.SMTP_URL,
        signal: controller.signal,
        onReady: resolve,
        // The demo's days last seconds: its digests gather for a fraction of one.
        gatherMs: options.demo ? demoGatherMs(config) : undefined,
      });
      running.catch((err: Error) => {
        log(`worker 已停止 / the worker stopped: ${err.message}`);
        workerFailed(err);
      });
      stops.push(async () => {
        controller.abort();
        await running.catch(() => {});
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UserError(`worker ${WORKER_START_TIMEOUT_MS / 1000} 秒内未就绪 / the worker did not start within ${WORKER_START_TIMEOUT_MS / 1000}s`)),
        WORKER_START_TIMEOUT_MS,
      );
    });
    await Promise.race([ready, failure, timeout]).finally(() => clearTimeout(timer));
    failure.catch(() => {});

    const api = await startApiServer({ db, temporal: client, config, mailer, mailCaptureUrl: options.mailUrl, logger: options.appLog ?? false });
    stops.push(api.close);

    // Once the worker polls, so the first task is taken at once. Its id is fixed: on a restart it is already running
    // and keeps the clock it started with, as the demo's measures keep theirs.
    const demo = options.demo ? await runDemo({ db, client, config, log, source: options.demo }) : null;
    if (demo) stops.push(demo.stop);
    const summaries = await startLeaderSummaries(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, input: demo?.clock ? { clock: demo.clock } : undefined });
    log(`领导周报${summaries.started ? '已启动' : '已在运行'} / leaders' summaries ${summaries.started ? 'started' : 'already running'}`);
    const reviews = await startReviewReminders(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, input: demo?.clock ? { clock: demo.clock } : undefined });
    log(`审核提醒${reviews.started ? '已启动' : '已在运行'} / review reminders ${reviews.started ? 'started' : 'already running'}`);
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
