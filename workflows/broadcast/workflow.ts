import { log, proxyActivities } from '@temporalio/workflow';
import type { createTellOpenMeasures } from '../../activities/measures/tell-open-measures';
import { ZBroadcastInputSchema, type TBroadcastInput, type TBroadcastOutcome } from './definitions';

const { tellOpenMeasures } = proxyActivities<ReturnType<typeof createTellOpenMeasures>>({
  // Thousands of signals at a few hundred a second; the heartbeat says it is still at it.
  startToCloseTimeout: '30m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Tells every open measure (of one plan, or of every launched plan) about a coordinator's change that alters how it
 * counts: a new working-day calendar, or new reminder and escalation thresholds. Durable: the change reaches every
 * measure even if the API that saved it stops right after. A measure that closed meanwhile has nothing left to count.
 */
export async function broadcastToMeasuresWorkflow(raw: TBroadcastInput): Promise<TBroadcastOutcome> {
  const input = ZBroadcastInputSchema.parse(raw);
  const outcome = await tellOpenMeasures({ planId: input.planId, message: input.message, concurrency: input.concurrency });
  log.info('change announced to running measures', { changeId: input.changeId, kind: input.message.kind, ...outcome });
  return outcome;
}
