import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { startLeaderSummaries } from '../../services/reports/start-leader-summaries';
import { startReviewReminders } from '../../services/reviews/start-review-reminders';
import { checkDeployedStart } from '../../stack/deployed';
import { freePort } from '../../stack/temporal-server';
import { startWorkerHealthServer } from '../../worker/health-server';
import { temporalLogger } from '../../worker/log';
import { runWorker, WORKER_DRAIN } from '../../worker/main';
import { workerMetrics } from '../../worker/metrics';
import { parseCliArgs } from '../args';
import { stopSignal } from '../stop-signal';

const USAGE = 'usage: duban worker   (settings from the environment: deploy/README.md)';

/**
 * A worker process of a deployment: polls the task queue for measure, launch and summary work, keeps scores and sweeps
 * the file store; any number run against one database and Temporal cluster. Its health, readiness and metrics are on
 * HOST:WORKER_HEALTH_PORT. On SIGTERM it stops polling, lets the tasks in hand finish (WORKER_DRAIN), and exits 0.
 */
export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseCliArgs(argv, {}, USAGE);
  if (positionals.length) throw new UsageError(USAGE);
  const { config } = await checkDeployedStart(loadConfig(), 'duban worker');
  const logger = createLogger(config, 'worker');
  // The SDK's exporter listens on loopback only; /metrics on the health port serves its figures with ours.
  const sdkMetricsPort = await freePort();
  Runtime.install({
    logger: temporalLogger(logger, config.LOG_LEVEL),
    // This process drains on the signals itself, after its health port has begun to answer "not ready".
    shutdownSignals: [],
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
      metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}`, useSecondsForDurations: true } },
    },
  });
  const health = await startWorkerHealthServer({
    host: config.HOST,
    port: config.WORKER_HEALTH_PORT,
    sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
  });
  const controller = new AbortController();
  void stopSignal().then((signal) => {
    logger.info({ signal }, `draining: finishing the tasks in hand (at most ${WORKER_DRAIN.forceMs / 1000} s)`);
    controller.abort();
  });
  try {
    await runWorker({
      config,
      databaseUrl: config.DATABASE_URL,
      smtpUrl: config.SMTP_URL,
      signal: controller.signal,
      onRunning: (worker) => {
        health.running(worker, workerMetrics(worker.db));
        // One workflow under a fixed id sends every leader's summary: whichever worker starts first starts it.
        startLeaderSummaries(worker.temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
          ({ started }) => logger.info({ workflowId: 'leader-summary' }, started ? "leaders' summaries started" : "leaders' summaries already running"),
          (err: Error) => logger.warn({ err }, "leaders' summaries not started: the next worker to start tries again"),
        );
        // Likewise the offices' daily review reminders: one workflow under a fixed id, however many workers.
        startReviewReminders(worker.temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
          ({ started }) => logger.info({ workflowId: 'review-reminders' }, started ? 'review reminders started' : 'review reminders already running'),
          (err: Error) => logger.warn({ err }, 'review reminders not started: the next worker to start tries again'),
        );
        logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, health: health.url }, 'duban worker polling');
      },
    });
  } catch (err) {
    if ((err as Error).name !== 'GracefulShutdownPeriodExpiredError') throw err;
    logger.error(`tasks still running ${WORKER_DRAIN.forceMs / 1000} s after the stop: exiting without them (Temporal retries them elsewhere)`);
    return 1;
  } finally {
    await health.close();
  }
  logger.info('stopped');
  return 0;
}
