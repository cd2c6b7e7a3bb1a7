import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createLaunchSteps } from '../../activities/plans/launch-steps';
import { launchProgressQuery, ZLaunchInputSchema, type TLaunchInput, type TLaunchOutcome } from './definitions';

const steps = proxyActivities<ReturnType<typeof createLaunchSteps>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Launches a plan: one MeasureWorkflow per measure, started batch by batch on this workflow's task queue. Durable: a
 * launch interrupted by a worker or server restart carries on where it was, and launching again starts nothing
 * already started (the measures' workflow ids are the plan's and measures' ids, never reused). A large plan
 * continues as new along the way to keep each run's history short; `launchProgress` says how far it is.
 */
export async function launchPlanWorkflow(raw: TLaunchInput): Promise<TLaunchOutcome> {
  const input = ZLaunchInputSchema.parse(raw);
  const { planId } = input;
  const info = workflowInfo();
  // One key for the whole launch, every run of it: the measures it started carry it.
  const launchKey = `${info.workflowId}:${info.firstExecutionRunId}`;
  let { offset, started, alreadyRunning } = input.carried ?? { offset: 0, started: 0, alreadyRunning: 0 };
  let total: number | null = null;
  setHandler(launchProgressQuery, () => ({ planId, total, done: started + alreadyRunning, started, alreadyRunning }));

  const opened = await steps.openPlanLaunch({ planId, clock: input.clock });
  total = opened.measureIds.length;
  for (; offset < opened.measureIds.length; offset += input.batch) {
    if (workflowInfo().historyLength > input.eventsPerRun) {
      await continueAsNew<typeof launchPlanWorkflow>({ ...input, carried: { offset, started, alreadyRunning } });
    }
    const batch = await steps.startMeasureWorkflows({
      launchKey,
      planId,
      measureIds: opened.measureIds.slice(offset, offset + input.batch),
      startDate: input.startDate,
      clock: input.clock,
      taskQueue: info.taskQueue,
    });
    started += batch.started;
    alreadyRunning += batch.alreadyRunning;
  }
  await steps.closePlanLaunch({ key: `plan.launch:${launchKey}`, planId, started, alreadyRunning, actor: input.actor });
  return { planId, measures: total, started, alreadyRunning };
}
