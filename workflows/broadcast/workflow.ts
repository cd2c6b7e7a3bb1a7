import { getExternalWorkflowHandle, log, proxyActivities } from '@temporalio/workflow';
import type { createListOpenMeasures } from '../../activities/measures/list-open-measures';
import { calendarChangedSignal, ladderChangedSignal } from '../measure/definitions';
import { ZBroadcastInputSchema, type TBroadcastInput, type TBroadcastOutcome } from './definitions';

const { listOpenMeasureWorkflows } = proxyActivities<ReturnType<typeof createListOpenMeasures>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Tells every open measure (of one plan, or of every launched plan) about a coordinator's change that alters how it
 * counts: a new working-day calendar, or new reminder and escalation thresholds. Durable: the change reaches every
 * measure even if the API that saved it stops right after. A measure that closed meanwhile has nothing left to count.
 */
export async function broadcastToMeasuresWorkflow(raw: TBroadcastInput): Promise<TBroadcastOutcome> {
  const input = ZBroadcastInputSchema.parse(raw);
  const { message } = input;
  const ids = await listOpenMeasureWorkflows({ planId: input.planId });
  let told = 0;
  for (let i = 0; i < ids.length; i += input.concurrency) {
    const sent = await Promise.allSettled(
      ids.slice(i, i + input.concurrency).map((id) => {
        const measure = getExternalWorkflowHandle(id);
        return measure.signal(message.kind === 'calendar' ? calendarChangedSignal : ladderChangedSignal);
      }),
    );
    told += sent.filter((s) => s.status === 'fulfilled').length;
  }
  log.info('change announced to running measures', { changeId: input.changeId, kind: message.kind, told, closed: ids.length - told });
  return { told, closed: ids.length - told };
}
