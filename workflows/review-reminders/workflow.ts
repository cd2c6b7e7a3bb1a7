import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createRemindAnnualSummaries } from '../../activities/assessment/remind-annual-summaries';
import type { createRemindLateReviews } from '../../activities/reviews/remind-late-reviews';
import { realDuration, toVirtual } from '../../domain/clock';
import { summaryPeriodKey } from '../leader-summary/schedule';
import { nextReminderAt } from './schedule';
import { nextReviewReminderQuery, ZReviewRemindersWorkflowInputSchema, type TReviewRemindersWorkflowInput } from './definitions';

const { remindLateReviews, remindAnnualSummaries } = proxyActivities<ReturnType<typeof createRemindLateReviews> & ReturnType<typeof createRemindAnnualSummaries>>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/**
 * Reminds each office, once a day, of the reports it has kept waiting past its plan's review deadline, and the units
 * and offices of the 年度总结 due about then (each activity skips days off and decides by a pure rule what the day
 * owes), then continues as new, so its history stays one day long however many years it runs. The measure
 * workflows are untouched: the queue is read from the database they project to.
 */
export async function reviewRemindersWorkflow(raw: TReviewRemindersWorkflowInput): Promise<never> {
  const input = ZReviewRemindersWorkflowInputSchema.parse(raw);
  const now = toVirtual(Date.now(), input.clock);
  const at = nextReminderAt(now, input.hour, input.lastAtMs);
  const day = summaryPeriodKey(at);
  setHandler(nextReviewReminderQuery, () => ({ at: new Date(at).toISOString(), day }));

  await sleep(realDuration(at - now, input.clock));
  await remindLateReviews({ day });
  await remindAnnualSummaries({ day });

  await condition(allHandlersFinished);
  return continueAsNew<typeof reviewRemindersWorkflow>({ ...raw, lastAtMs: at });
}
