import { randomUUID } from 'node:crypto';
import type { Db, OutboxChannel, Prisma } from '../prisma/client';
import { DeliveryFailure, type TChannelAdapter, type TOutgoingDelivery, type TQueuedMessage } from './channels';
import { groupDeliveries } from './digest';
import type { TRoutedFacts } from './route-messages';

export type TDispatcherLog = { warn: (message: string, meta?: Record<string, unknown>) => void };

export type TDispatcherOptions = {
  db: Db;
  channels: TChannelAdapter[];
  log: TDispatcherLog;
  /**
   * How long a claimed delivery is this dispatcher's: past it another takes it over, as after a crash. A delivery
   * must start within the first third of it (the send's own deadline), which leaves the rest for the exchange.
   */
  leaseMs?: number;
  /** How often it looks for work it was not told of (messages another process wrote, leases run out). */
  pollMs?: number;
  /** Messages taken into deliveries per transaction. */
  batch?: number;
  /** Waits between a delivery's failed attempts: from `initialMs`, times `factor`, at most `maxMs`. */
  backoff?: { initialMs: number; factor: number; maxMs: number };
};

export type TDispatcher = {
  /** Something was written, or may have become due: look now rather than at the next poll. */
  wake: () => void;
  /** Stops looking for work and waits for the deliveries in flight to be sent and marked. */
  stop: () => Promise<void>;
};

export const DISPATCHER_DEFAULTS = {
  leaseMs: 60_000,
  pollMs: 1_000,
  batch: 500,
  // As the mail activities retried before: an SMTP server may be down for a while.
  backoff: { initialMs: 2_000, factor: 2, maxMs: 5 * 60_000 },
} as const;

/** Rests at least this long after a pass that found nothing it could take (another dispatcher holds what is due). */
const IDLE_MS = 50;

type TClaimed = Omit<TOutgoingDelivery, 'payload'> & { payload: Prisma.JsonValue };

/**
 * The outbox's dispatcher, one per worker process: forms deliveries from messages that are due (the digest rule,
 * outbox/digest), claims due deliveries under a lease, sends each through its channel's adapter and marks it. Every
 * claim is one statement with `FOR UPDATE SKIP LOCKED`, so several dispatchers (several workers) share the work and
 * never take the same message or delivery at once. A delivery is written, content fixed, before its first attempt and
 * marked sent after the receiver accepts it; a dispatcher that dies between the two leaves it leased, and once the
 * lease runs out the delivery is sent again as it was (same key, same Message-ID) — never re-formed with other
 * messages. Failed attempts wait with backoff; each records `attempts`, `lastError` and `nextAttemptAt` for the office.
 */
export function startOutboxDispatcher(options: TDispatcherOptions): TDispatcher {
  const { db, log } = options;
  const { leaseMs, pollMs, batch, backoff } = { ...DISPATCHER_DEFAULTS, ...options };
  const adapters = new Map<OutboxChannel, TChannelAdapter>(options.channels.map((a) => [a.channel, a]));
  const channels = [...adapters.keys()];
  const inFlight = new Map<OutboxChannel, number>(channels.map((c) => [c, 0]));
  const sending = new Set<Promise<void>>();
  let stopped = false;
  let woken = false;
  let rouse: (() => void) | null = null;

  const wake = () => {
    woken = true;
    rouse?.();
  };
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        rouse = null;
        resolve();
      }
      rouse = done;
    });

  /** Takes the messages that are due (a digest's whole key once one of them is) into deliveries, in one transaction. */
  async function formDeliveries(): Promise<number> {
    const now = new Date();
    return db.$transaction(async (tx) => {
      const due = await tx.$queryRaw<TQueuedMessage[]>`
        SELECT "id", "source", "recipient", "channel"::text AS "channel", "step", "to", "replyTo", "subject", "html", "text", "facts", "digestKey"
        FROM "OutboxMessage"
        WHERE "deliveryId" IS NULL AND "channel"::text = ANY(${channels})
          AND ("notBefore" <= ${now}
               OR "digestKey" IN (SELECT "digestKey" FROM "OutboxMessage"
                                  WHERE "deliveryId" IS NULL AND "digestKey" IS NOT NULL AND "notBefore" <= ${now}))
        ORDER BY "notBefore", "id"
        LIMIT ${batch}
        FOR UPDATE SKIP LOCKED`;
      if (due.length === 0) return 0;
      const groups = groupDeliveries(due, (c) => adapters.get(c)!.maxItems);
      const deliveries = groups.map(({ key, messages }) => {
        const first = messages[0]!;
        const delivery = { id: randomUUID(), key, channel: first.channel, to: first.to, replyTo: first.replyTo, items: messages.length, nextAttemptAt: now };
        try {
          const { payload, ...content } = adapters.get(first.channel)!.compose(messages);
          return { ...delivery, ...content, ...(payload === undefined ? {} : { payload }) };
        } catch (err) {
          // A message that cannot be put into words holds up no other: its delivery is failed, for the office to see.
          log.warn(`消息无法生成，已放弃 / a delivery could not be composed: ${(err as Error).message}`, { key });
          return { ...delivery, status: 'failed' as const, lastError: String((err as Error).message).slice(0, 1000) };
        }
      });
      await tx.outboxDelivery.createMany({ data: deliveries });
      const ids = groups.flatMap((g) => g.messages.map((m) => m.id));
      const deliveryIds = groups.flatMap((g, i) => g.messages.map(() => deliveries[i]!.id));
      await tx.$executeRaw`
        UPDATE "OutboxMessage" m SET "deliveryId" = v."deliveryId"
        FROM unnest(${ids}::text[], ${deliveryIds}::text[]) AS v("id", "deliveryId")
        WHERE m."id" = v."id"`;
      const failed = deliveries.filter((d) => 'status' in d).map((d) => d.id);
      if (failed.length) await tx.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'failed' WHERE "deliveryId" = ANY(${failed}::text[])`;
      return deliveries.length;
    });
  }

  /** Claims up to `count` due deliveries of a channel under a lease, in one statement. */
  async function claim(channel: OutboxChannel, count: number): Promise<TClaimed[]> {
    const now = new Date();
    return db.$queryRaw<TClaimed[]>`
      UPDATE "OutboxDelivery" SET "leasedUntil" = ${new Date(now.getTime() + leaseMs)}, "attempts" = "attempts" + 1
      WHERE "id" IN (SELECT "id" FROM "OutboxDelivery"
                     WHERE "status" = 'pending' AND "channel"::text = ${channel} AND "nextAttemptAt" <= ${now}
                       AND ("leasedUntil" IS NULL OR "leasedUntil" <= ${now})
                     ORDER BY "nextAttemptAt", "createdAt"
                     LIMIT ${count}
                     FOR UPDATE SKIP LOCKED)
      RETURNING "id", "key", "channel"::text AS "channel", "to", "replyTo", "subject", "html", "text", "payload", "items", "attempts"`;
  }

  async function send(adapter: TChannelAdapter, d: TClaimed, deadline: number): Promise<void> {
    try {
      const { receipt } = await adapter.deliver({ ...d, payload: d.payload ?? undefined } as TOutgoingDelivery, { deadline });
      const at = new Date();
      // The one statement between the receiver's acceptance and the mark: the shorter this step, the narrower the
      // window in which a crash sends the delivery again.
      await db.$executeRaw`
        WITH d AS (UPDATE "OutboxDelivery" SET "status" = 'sent', "sentAt" = ${at}, "messageId" = ${receipt}, "lastError" = NULL, "leasedUntil" = NULL
                   WHERE "id" = ${d.id} RETURNING "id")
        UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${at} WHERE "deliveryId" IN (SELECT "id" FROM d)`;
      // A robot that takes a message again is no longer broken.
      if (adapter.fallbackAfterAttempts !== undefined) {
        await db.$executeRaw`
          UPDATE "UnitChannel" SET "brokenSince" = NULL, "lastError" = NULL
          WHERE "brokenSince" IS NOT NULL AND "id" IN (SELECT "facts"->>'channelId' FROM "OutboxMessage" WHERE "deliveryId" = ${d.id})`.catch((e: Error) =>
          log.warn(`渠道状态未能更新 / could not clear a channel's broken mark: ${e.message}`, { key: d.key }),
        );
      }
    } catch (err) {
      await markFailed(d, err).catch((e: Error) => log.warn(`发送结果未能记录，租约到期后重试 / could not record a failed delivery: ${e.message}`, { key: d.key }));
    }
  }

  async function markFailed(d: TClaimed, err: unknown): Promise<void> {
    const kind = err instanceof DeliveryFailure ? err.kind : 'retry';
    const error = String((err as Error).message).slice(0, 1000);
    if (kind === 'notStarted') {
      // It never left: not an attempt, and nothing to wait for.
      await db.$executeRaw`UPDATE "OutboxDelivery" SET "attempts" = "attempts" - 1, "leasedUntil" = NULL, "nextAttemptAt" = ${new Date()} WHERE "id" = ${d.id}`;
      return;
    }
    const adapter = adapters.get(d.channel)!;
    const exhausted = kind === 'retry' && adapter.fallbackAfterAttempts !== undefined && d.attempts >= adapter.fallbackAfterAttempts;
    if (kind === 'fallback' || exhausted) {
      log.warn(`渠道不可用，改发邮件 / a channel keeps failing, falling back to email: ${error}`, { key: d.key, channel: d.channel, attempts: d.attempts });
      await fallBackToEmail(d, error);
      wake();
      return;
    }
    if (kind === 'refused') {
      log.warn(`消息无法投递，已放弃 / a message cannot be delivered: ${error}`, { key: d.key, channel: d.channel });
      await db.$executeRaw`
        WITH d AS (UPDATE "OutboxDelivery" SET "status" = 'failed', "lastError" = ${error}, "leasedUntil" = NULL WHERE "id" = ${d.id} RETURNING "id")
        UPDATE "OutboxMessage" SET "status" = 'failed' WHERE "deliveryId" IN (SELECT "id" FROM d)`;
      return;
    }
    const wait = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, d.attempts - 1));
    if (d.attempts === 1 || d.attempts % 10 === 0) {
      log.warn(`消息发送失败，稍后重试 / a delivery failed, retrying: ${error}`, { key: d.key, channel: d.channel, attempts: d.attempts });
    }
    await db.$executeRaw`
      UPDATE "OutboxDelivery" SET "lastError" = ${error}, "leasedUntil" = NULL, "nextAttemptAt" = ${new Date(Date.now() + wait)} WHERE "id" = ${d.id}`;
  }

  /**
   * A robot or SMS delivery given up: failed, its messages written again on email to the addresses they were routed
   * from (each once: a step that also went by email has its email already), and the unit's channel marked broken
   * since now unless it was already, for the office's page.
   */
  async function fallBackToEmail(d: TClaimed, error: string): Promise<void> {
    const now = new Date();
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`
        WITH d AS (UPDATE "OutboxDelivery" SET "status" = 'failed', "lastError" = ${error}, "leasedUntil" = NULL WHERE "id" = ${d.id} RETURNING "id")
        UPDATE "OutboxMessage" SET "status" = 'failed' WHERE "deliveryId" IN (SELECT "id" FROM d)`;
      const messages = await tx.outboxMessage.findMany({ where: { deliveryId: d.id } });
      const channelIds = new Set<string>();
      const copies = messages.flatMap((m) => {
        const { channelId, fallbackTo, fallbackReplyTo, ...facts } = (m.facts ?? {}) as Partial<TRoutedFacts> & Record<string, unknown>;
        if (channelId) channelIds.add(channelId);
        if (!fallbackTo?.length) return [];
        return [
          {
            source: m.source,
            recipient: m.recipient,
            channel: 'email' as const,
            step: m.step,
            period: m.period,
            planId: m.planId,
            assignmentId: m.assignmentId,
            to: fallbackTo,
            replyTo: fallbackReplyTo ?? [],
            subject: m.subject,
            html: m.html,
            text: m.text,
            facts: facts as Prisma.InputJsonObject,
            digestKey: m.digestKey,
            notBefore: now,
            fallbackOfId: m.id,
          },
        ];
      });
      if (copies.length) await tx.outboxMessage.createMany({ data: copies, skipDuplicates: true });
      if (channelIds.size) {
        await tx.unitChannel.updateMany({ where: { id: { in: [...channelIds] }, brokenSince: null }, data: { brokenSince: now } });
        await tx.unitChannel.updateMany({ where: { id: { in: [...channelIds] } }, data: { lastError: error } });
      }
    });
  }

  /** Claims as many due deliveries as each channel has room for and starts sending them; returns how many. */
  async function claimAndSend(): Promise<number> {
    let started = 0;
    for (const [channel, adapter] of adapters) {
      const room = adapter.concurrency - inFlight.get(channel)!;
      if (room <= 0) continue;
      const claimed = await claim(channel, room);
      const deadline = Date.now() + leaseMs / 3;
      for (const d of claimed) {
        inFlight.set(channel, inFlight.get(channel)! + 1);
        const p: Promise<void> = send(adapter, d, deadline).finally(() => {
          inFlight.set(channel, inFlight.get(channel)! - 1);
          sending.delete(p);
          wake();
        });
        sending.add(p);
      }
      started += claimed.length;
    }
    return started;
  }

  /** When something next falls due: a message's time, a delivery's next attempt, a lease running out. */
  async function nextDue(): Promise<number | null> {
    const [row] = await db.$queryRaw<{ next: Date | null }[]>`
      SELECT LEAST(
        (SELECT min("notBefore") FROM "OutboxMessage" WHERE "deliveryId" IS NULL AND "channel"::text = ANY(${channels})),
        (SELECT min(GREATEST("nextAttemptAt", COALESCE("leasedUntil", "nextAttemptAt"))) FROM "OutboxDelivery"
         WHERE "status" = 'pending' AND "channel"::text = ANY(${channels}))) AS "next"`;
    return row?.next ? row.next.getTime() : null;
  }

  const running = (async () => {
    let failures = 0;
    while (!stopped) {
      woken = false;
      let wait = pollMs;
      try {
        const formed = await formDeliveries();
        const started = await claimAndSend();
        const next = await nextDue();
        // Something due that nothing could take: a channel full (a send finishing wakes this loop) or another
        // dispatcher holding it (look again shortly).
        const stuck = channels.some((c) => inFlight.get(c)! >= adapters.get(c)!.concurrency) ? pollMs : IDLE_MS;
        const until = next === null ? pollMs : next - Date.now();
        wait = Math.min(pollMs, until > 0 ? until : formed + started > 0 ? 0 : stuck);
        failures = 0;
      } catch (err) {
        // The database is away: what is owed stays in it; look again, backing off.
        failures += 1;
        wait = Math.min(backoff.maxMs, pollMs * 2 ** failures);
        log.warn(`发件箱暂不可用，稍后重试 / the outbox could not be read, retrying: ${(err as Error).message}`, { failures });
      }
      await rest(wait);
    }
    await Promise.all([...sending]);
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      rouse?.();
      await running;
    },
  };
}
