import { Client, Connection } from '@temporalio/client';
import { collectDefaultMetrics } from 'prom-client';
import { buildApp } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { createMailer } from '../../mail/mailer';
import { createDb } from '../../prisma/client';
import { checkDeployedStart } from '../../stack/deployed';
import { parseCliArgs } from '../args';
import { stopSignal, within } from '../stop-signal';

const USAGE = 'usage: duban web   (settings from the environment: deploy/README.md)';

/** How long a stopping web process waits for the requests it is answering; a service manager waits longer (deploy/). */
export const WEB_DRAIN_MS = 30_000;

/**
 * The HTTP process of a deployment: the app and its API on HOST:PORT, holding no state of its own (sessions, files and
 * work live in PostgreSQL, the file store and Temporal), so any number run behind a proxy. On SIGTERM it stops taking
 * requests (answering 503, so /readyz fails and the proxy moves on), finishes those it has, and exits 0.
 */
export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseCliArgs(argv, {}, USAGE);
  if (positionals.length) throw new UsageError(USAGE);
  const { config, temporal } = await checkDeployedStart(loadConfig(), 'duban web');
  const logger = createLogger(config, 'web');
  const db = createDb(config.DATABASE_URL);
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
  // Lazy: the process starts, and /readyz says so, while Temporal is away; requests that need it answer 503.
  const connection = Connection.lazy(temporal);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  try {
    const app = await buildApp({ db, temporal: client, config, mailer, logger });
    collectDefaultMetrics({ register: app.metrics });
    const stopping = stopSignal();
    await app.listen({ host: config.HOST, port: config.PORT });
    logger.info({ host: config.HOST, port: config.PORT, publicUrl: config.publicUrl }, 'duban web listening');
    const signal = await stopping;
    logger.info({ signal }, 'draining: finishing the requests in hand');
    if (!(await within(WEB_DRAIN_MS, app.close()))) {
      logger.error(`requests still unanswered after ${WEB_DRAIN_MS / 1000} s: exiting without them`);
      return 1;
    }
    logger.info('stopped');
    return 0;
  } finally {
    await connection.close().catch(() => {});
    mailer.close();
    await db.close();
  }
}
