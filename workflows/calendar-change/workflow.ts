import { getExternalWorkflowHandle, log, proxyActivities } from '@temporalio/workflow';
import type { createListOpenMeasures } from '../../activities/calendar/list-open-measures';
import { calendarChangedSignal } from '../measure/definitions';
import { ZCalendarChangeInputSchema, type TCalendarChangeInput, type TCalendarChangeOutcome } from './definitions';

const { listOpenMeasureWorkflows } = proxyActivities<ReturnType<typeof createListOpenMeasures>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Tells every open measure that the working-day calendar changed, so each counts its remaining reminders and
 * escalations on the new one. Durable: a coordinator's change reaches every measure even if the API that saved it
 * stops right after. A measure that closed meanwhile has nothing left to count.
 */
export async function calendarChangeWorkflow(raw: TCalendarChangeInput): Promise<TCalendarChangeOutcome> {
  const input = ZCalendarChangeInputSchema.parse(raw);
  const ids = await listOpenMeasureWorkflows();
  let told = 0;
  for (let i = 0; i < ids.length; i += input.concurrency) {
    const batch = ids.slice(i, i + input.concurrency);
    const sent = await Promise.allSettled(batch.map((id) => getExternalWorkflowHandle(id).signal(calendarChangedSignal)));
    told += sent.filter((s) => s.status === 'fulfilled').length;
  }
  log.info('calendar change announced', { changeId: input.changeId, year: input.year, told, closed: ids.length - told });
  return { told, closed: ids.length - told };
}
