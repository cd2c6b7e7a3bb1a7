import type { OutboxChannel, Prisma } from '../prisma/client';

/** A message as the dispatcher reads it to compose a delivery. */
export type TQueuedMessage = {
  id: string;
  source: string;
  recipient: string;
  channel: OutboxChannel;
  step: string;
  to: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  facts: Prisma.JsonValue;
  digestKey: string | null;
};

/** What a delivery carries: text channels fill subject/html/text, others a payload. */
export type TComposed = { subject: string; html: string; text: string; payload?: Prisma.InputJsonValue };

/** A delivery as an adapter sends it: its key names it to the receiver (Message-ID, workflow id, robot message id). */
export type TOutgoingDelivery = TComposed & { id: string; key: string; channel: OutboxChannel; to: string[]; replyTo: string[]; items: number; attempts: number };

/**
 * Why a delivery failed. `retry`: the receiver is away or busy (SMTP down, Temporal unreachable, a robot throttled, a
 * gateway's 5xx): try again after a backoff. `notStarted`: it never left (it waited past its deadline): try again at
 * once. `refused`: it can never be delivered as it is (no address, a gateway's 4xx): given up, shown to the office.
 * `fallback`: the channel itself is broken for this recipient (a robot's bad key or signature, no robot or mobile
 * number configured): given up on this channel, shown to the office; the message is owed on email instead.
 */
export type TDeliveryFailureKind = 'retry' | 'notStarted' | 'refused' | 'fallback';

/** A robot or SMS delivery falls back to email after this many failed attempts (about 8 minutes of backoff). */
export const CHANNEL_FALLBACK_AFTER_ATTEMPTS = 6;

export class DeliveryFailure extends Error {
  constructor(
    readonly kind: TDeliveryFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/**
 * One channel's part: how its messages become deliveries and how a delivery is sent. Email is the first adapter and
 * the signal to running measures the second; the channels issue plugs 企业微信, 钉钉 and SMS in here.
 */
export type TChannelAdapter = {
  channel: OutboxChannel;
  /** Deliveries in flight at once (email: the SMTP pool's connections). */
  concurrency: number;
  /**
   * After this many failed attempts the channel counts as broken for the recipient and the delivery falls back to
   * email (a robot or gateway that keeps failing); unset: retried with backoff until it is accepted (email, signals).
   */
  fallbackAfterAttempts?: number;
  /** The most messages one delivery may list (a robot's message size); a larger digest goes as several. */
  maxItems: number;
  /** The delivery's content: one message as it reads alone, or a digest listing several (same recipient and addresses). */
  compose: (messages: TQueuedMessage[]) => TComposed;
  /**
   * Sends it and resolves with the receiver's id for it once the receiver has accepted it; a failure throws, as a
   * DeliveryFailure when the adapter can tell what kind (anything else is retried). The delivery must not start
   * after `deadline` (epoch ms): past its lease another dispatcher may take it over.
   */
  deliver: (delivery: TOutgoingDelivery, options: { deadline: number }) => Promise<{ receipt: string }>;
};
