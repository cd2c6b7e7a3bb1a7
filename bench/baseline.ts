import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { TBaselineActivities } from './baseline-workflows';
import { workflowBundle, type Harness, type RunningWorker } from './harness';

export const BASELINE_TASK_QUEUE = 'bench-baseline';
const BASELINE_WORKFLOWS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline-workflows.ts');

/** A worker for the bare workflows, in this process, on the harness's Temporal server. */
export async function startBaselineWorker(h: Harness): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: h.temporalAddress });
  const activities: TBaselineActivities = { noop: async () => {} };
  const worker = await Worker.create({
    connection,
    namespace: h.config.TEMPORAL_NAMESPACE,
    taskQueue: BASELINE_TASK_QUEUE,
    workflowBundle: await workflowBundle(BASELINE_WORKFLOWS),
    activities,
  });
  const running = worker.run();
  while (worker.getState() === 'INITIALIZED') await new Promise((r) => setTimeout(r, 20));
  return {
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Runs `count` jobs with at most `concurrency` at once, in order of index. */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
