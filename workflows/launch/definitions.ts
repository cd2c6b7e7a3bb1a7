import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { ZClockSchema } from '../../domain/clock';
import { ZIsoDateSchema } from '../../domain/dates';

/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const LAUNCH_WORKFLOW_TYPE = 'launchPlanWorkflow';

/** One launch of a plan runs at a time; launching again while it runs joins it, and after it starts nothing new. */
export const launchWorkflowId = (planId: string) => `launch:${planId}`;

/** Failure types a launch stops on for good: retrying cannot help. */
export const LAUNCH_FAILURE = {
  planNotFound: 'PlanNotFound',
  planClosed: 'PlanClosed',
} as const;

/** Why a plan in this status is not launched (closed or cancelled), or null when it may be. */
export function closedPlanMessage(status: string): string | null {
  if (status !== 'closed' && status !== 'cancelled') return null;
  return `计划已${status === 'closed' ? '关闭' : '撤销'}，不再启动 / the plan is ${status}`;
}

export const ZLaunchInputSchema = z.object({
  planId: z.string().min(1),
  startDate: ZIsoDateSchema.describe('the measures’ first day (virtual, Asia/Shanghai)'),
  clock: ZClockSchema.prefault({}),
  actor: z.object({ id: z.string().nullable(), label: z.string().min(1) }).describe('who launched it, for the audit record'),
  batch: z.number().int().min(1).max(200).default(25).describe('measure workflows started together'),
  eventsPerRun: z.number().int().min(50).default(4_000).describe('history length past which the launch continues as new'),
  /** Where an earlier run of this launch stopped when it continued as new. */
  carried: z.object({ offset: z.number().int().min(0), started: z.number().int().min(0), alreadyRunning: z.number().int().min(0) }).optional(),
});
export type TLaunchInput = z.input<typeof ZLaunchInputSchema>;

export type TLaunchOutcome = { planId: string; measures: number; started: number; alreadyRunning: number };

/** How far a running launch is: `done` of `total` measure workflows started now or found running. */
export type TLaunchProgress = { planId: string; total: number | null; done: number; started: number; alreadyRunning: number };

export const launchProgressQuery = defineQuery<TLaunchProgress>('launchProgress');
