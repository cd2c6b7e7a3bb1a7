import { recipient, writeMessages, type TOutboxDb } from '../../outbox/messages';
import { broadcastWorkflowId, type TAnnouncement } from '../../workflows/broadcast/definitions';

/**
 * Records, in the transaction that saves a change, that the running measures (of the plan, or of every launched
 * plan) must be told of it: a message on the outbox's signal channel, which the worker's dispatcher delivers by
 * starting the change's broadcast (outbox/signal-channel), retrying until Temporal accepts it. So a change that is
 * saved is told, whatever state Temporal is in at that moment. Returns the broadcast's workflow id.
 */
export async function announceToMeasures(tx: TOutboxDb, announcement: TAnnouncement): Promise<string> {
  const { changeId, planId, kind } = announcement;
  await writeMessages(tx, [
    {
      source: `change:${changeId}`,
      recipient: planId ? recipient.plan(planId) : recipient.launchedPlans,
      channel: 'signal',
      step: `${kind}-changed`,
      period: '',
      planId: planId ?? null,
      facts: { changeId, kind, ...(planId ? { planId } : {}) },
      notBefore: new Date(),
    },
  ]);
  return broadcastWorkflowId(changeId);
}
