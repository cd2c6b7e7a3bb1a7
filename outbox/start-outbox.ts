import type { Client } from '@temporalio/client';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { startOutboxDispatcher, type TDispatcherLog, type TDispatcherOptions } from './dispatcher';
import { emailChannel } from './email-channel';
import { gatherMsFor, type TOutboxWriter } from './messages';
import { signalChannel } from './signal-channel';

export type TOutboxOptions = {
  db: Db;
  mailer: Mailer;
  /** Where announcements start their broadcasts. */
  temporal: { client: Client; taskQueue: string };
  log: TDispatcherLog;
  /**
   * How long a digestable message waits for the rest of its digest (gatherMsFor: a minute). Where a day lasts seconds
   * (the demo, the chaos tests) it is that much shorter; time-skipping tests, whose server's clock runs ahead of the
   * dispatcher's, keep it short too.
   */
  gatherMs?: number;
} & Pick<TDispatcherOptions, 'leaseMs' | 'pollMs' | 'backoff'>;

/** The worker's outbox: its dispatcher on email and the signal channel, and the writer its activities are given. */
export function startOutbox({ db, mailer, temporal, log, gatherMs = gatherMsFor(), ...tuning }: TOutboxOptions): { writer: TOutboxWriter; stop: () => Promise<void> } {
  const dispatcher = startOutboxDispatcher({ db, channels: [emailChannel(mailer), signalChannel(temporal)], log, ...tuning });
  return { writer: { gatherMs, written: dispatcher.wake }, stop: dispatcher.stop };
}
