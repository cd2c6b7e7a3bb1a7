import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createLeaderSummaryActivities } from '../../activities/scoring/send-leader-summaries';
import { realDuration, toVirtual } from '../../domain/clock';
import { nextSummaryQuery, ZLeaderSummaryWorkflowInputSchema, type TLeaderSummaryWorkflowInput } from './definitions';
import { nextSummaryAt, summaryPeriodKey } from './schedule';

/** Computing every launched plan's scores and mailing every leader can take a while; the outbox makes retries safe. */
const { sendLeaderSummaries } = proxyActivities<ReturnType<typeof createLeaderSummaryActivities>>({
  startToCloseTimeout: '10m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/**
 * Sends the leaders' summaries at each week boundary in Shanghai (Monday 08:00 by default), then continues as new,
 * so its history stays one summary long however many years it runs.
 */
export async function leaderSummaryWorkflow(raw: TLeaderSummaryWorkflowInput): Promise<never> {
  const input = ZLeaderSummaryWorkflowInputSchema.parse(raw);
  const now = toVirtual(Date.now(), input.clock);
  const at = nextSummaryAt(now, input.cadence, input.lastAtMs);
  const periodKey = summaryPeriodKey(at);
  setHandler(nextSummaryQuery, () => ({ at: new Date(at).toISOString(), periodKey }));

  await sleep(realDuration(at - now, input.clock));
  const since = input.lastAtMs ?? at - input.cadence.everyWeeks * 7 * 86_400_000;
  await sendLeaderSummaries({ periodKey, since: new Date(since).toISOString(), asOf: new Date(at).toISOString() });

  await condition(allHandlersFinished);
  return continueAsNew<typeof leaderSummaryWorkflow>({ ...raw, lastAtMs: at });
}
