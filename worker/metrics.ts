import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Db } from '../prisma/client';

/**
 * The worker's Prometheus figures: what is waiting on it (emails written to the outbox and not yet sent, plans owing
 * scores), read from the database at each scrape, and Node's own (memory, event loop, GC). The Temporal SDK's figures
 * (workflow and activity task latency, schedule-to-start, slots, sticky cache) come from its own exporter, which
 * `duban worker` serves beside these.
 */
export function workerMetrics(db: Db): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // One read at each scrape fills all three: prom-client collects the gauges in the order they were made, so the first
  // one's collect reads for the others before they are written out.
  const outboxPending: Gauge = new Gauge({
    name: 'duban_outbox_pending_messages',
    help: 'Messages written to the outbox (emails, announcements to running measures) and not yet sent',
    registers: [registry],
    async collect() {
      const [outbox] = await db.$queryRaw<{ pending: number; oldest: Date | null }[]>`
        SELECT count(*)::int AS "pending", min("createdAt") AS "oldest" FROM "OutboxMessage" WHERE "status" = 'pending'`;
      const [plans] = await db.$queryRaw<{ owing: number }[]>`SELECT count(*)::int AS "owing" FROM "Plan" WHERE "scoresOwed" > 0`;
      outboxPending.set(outbox!.pending);
      outboxOldest.set(outbox!.oldest ? Math.max(0, (Date.now() - outbox!.oldest.getTime()) / 1000) : 0);
      plansOwing.set(plans!.owing);
    },
  });
  const outboxOldest = new Gauge({
    name: 'duban_outbox_oldest_pending_seconds',
    help: 'Age of the oldest message not yet sent (0 with none; a digest gathers for a minute): a growing figure means messages are not going out',
    registers: [registry],
  });
  const plansOwing = new Gauge({ name: 'duban_plans_owing_scores', help: 'Plans with changes their scores do not count yet', registers: [registry] });
  return registry;
}
