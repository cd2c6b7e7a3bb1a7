// The bare workflows the benchmarks compare Duban against, bundled on their own: no domain code, no database.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export type TBaselineActivities = { noop: () => Promise<void> };

const { noop } = proxyActivities<TBaselineActivities>({ startToCloseTimeout: '30s', retry: { initialInterval: '1s' } });

/** Launch baseline: one workflow that runs one no-op activity. */
export async function noopActivityWorkflow(): Promise<void> {
  await noop();
}

export const pingUpdate = defineUpdate<number, [string]>('ping');
export const finishUpdate = defineUpdate<void>('finish');

/** Submit baseline: answers each Update at once, with nothing behind it, until told to finish. */
export async function updateTargetWorkflow(): Promise<number> {
  let received = 0;
  let finished = false;
  setHandler(pingUpdate, () => ++received);
  setHandler(finishUpdate, () => void (finished = true));
  await condition(() => finished);
  return received;
}
