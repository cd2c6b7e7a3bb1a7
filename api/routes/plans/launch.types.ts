import { z } from 'zod';
import type { TConfig } from '../../../lib/config';

/** A plan's launch: a durable workflow that starts one workflow per measure (services/plans/launch-plan). */
export const ZPlanLaunchSchema = z.object({
  planId: z.string(),
  workflowId: z.string().describe('the launch’s own workflow'),
  state: z.enum(['running', 'completed', 'failed']),
  total: z.number().int().nullable().describe('the plan’s measures, once the launch has listed them'),
  done: z.number().int().nullable().describe('measure workflows started by this launch or already running; null while unknown'),
  started: z.number().int().nullable().describe('measure workflows this launch started'),
  alreadyRunning: z.number().int().nullable().describe('measure workflows an earlier launch had started'),
  failure: z.string().nullable().describe('why the launch failed, when it did'),
});

/** The demo's compressed days (DUBAN_DEMO_DAY_SECONDS), for a launch from the API or the review page. */
export function demoClock(config: TConfig): { clock?: { dayMs: number } } {
  const seconds = config.DUBAN_DEMO_DAY_SECONDS;
  return seconds ? { clock: { dayMs: seconds * 1000 } } : {};
}
