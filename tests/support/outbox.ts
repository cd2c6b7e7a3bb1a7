import type { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { createMailer } from '../../mail/mailer';
import type { Db } from '../../prisma/client';
import { startOutbox } from '../../outbox/start-outbox';
import { WORLD_GATHER_MS } from './workflow-world';

/**
 * The outbox as a worker runs it, for tests that build their own worker: a mailer to `smtpUrl` and the dispatcher.
 * `writer` goes to createActivities; `stop` stops the dispatcher once the worker is down, then closes the mailer.
 */
export function startTestOutbox(options: { db: Db; smtpUrl: string; mailFrom?: string; temporal: Client; taskQueue: string }) {
  const mailer = createMailer(options.smtpUrl, options.mailFrom ?? '督办测试 <duban@test.local>');
  const outbox = startOutbox({
    db: options.db,
    mailer,
    temporal: { client: options.temporal, taskQueue: options.taskQueue },
    log: Runtime.instance().logger,
    gatherMs: WORLD_GATHER_MS,
  });
  return {
    writer: outbox.writer,
    stop: async () => {
      await outbox.stop();
      mailer.close();
    },
  };
}
