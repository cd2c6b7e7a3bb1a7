import { z } from 'zod';

/** The same view as `duban plan status --json`. */
export const ZPlanStatusSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string(), year: z.number().int(), status: z.string(), launchedAt: z.string().nullable() }),
  period: z.object({ from: z.string().describe('ISO date: the plan’s first day'), to: z.string().describe('ISO date: its last day') }).describe('the period the plan runs'),
  counts: z.record(z.string(), z.number().int()).describe('measures per state'),
  measures: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      title: z.string(),
      status: z.string(),
      colour: z.string(),
      due: z.string().describe('the final due date, an ISO date (YYYY-MM-DD) in the plan’s own time zone (Asia/Shanghai)'),
      originalDue: z.string().nullable().describe('the plan’s own final due date (ISO date) when its launch moved it (re-based, or launched as is)'),
      units: z.array(
        z.object({
          assignmentId: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          role: z.string(),
          state: z.string().describe('assigned, in_progress, blocked, overdue, escalated:<level>, done or cancelled'),
          label: z.string(),
          colour: z.string(),
          escalationLevel: z.number().int(),
          lastReport: z.object({ period: z.string(), status: z.string(), percent: z.number(), submittedAt: z.string() }).nullable(),
        }),
      ),
    }),
  ),
});
