import type { Client } from '@temporalio/client';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { startOutboxDispatcher, type TDispatcherLog, type TDispatcherOptions } from './dispatcher';
import { emailChannel } from './email-channel';
import { gatherMsFor, type TOutboxWriter } from './messages';
import { signalChannel } from './signal-channel';
import { dingtalkChannel, wecomChannel } from './robot-channels';
import { smsChannel, type TSmsGateway } from './sms-channel';
import { unitChannelEndpoints } from './unit-endpoints';

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
  /** DUBAN_SECRET_KEY, which unseals the units' robot webhooks; without it robot messages fall back to email. */
  secretKey?: Buffer;
  /** The SMS gateway (DUBAN_SMS_*); without one SMS messages fall back to email. */
  sms?: TSmsGateway | undefined;
} & Pick<TDispatcherOptions, 'leaseMs' | 'pollMs' | 'backoff'>;

/**
 * The worker's outbox: its dispatcher on email, the signal channel, the units' robots and SMS, and the writer its
 * activities are given.
 */
export function startOutbox({ db, mailer, temporal, log, gatherMs = gatherMsFor(), secretKey, sms, ...tuning }: TOutboxOptions): { writer: TOutboxWriter; stop: () => Promise<void> } {
  const endpoints = unitChannelEndpoints(db, secretKey);
  const channels = [emailChannel(mailer), signalChannel(temporal), wecomChannel(endpoints), dingtalkChannel(endpoints), smsChannel(sms)];
  const dispatcher = startOutboxDispatcher({ db, channels, log, ...tuning });
  return { writer: { gatherMs, written: dispatcher.wake }, stop: dispatcher.stop };
}
