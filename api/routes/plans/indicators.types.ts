import { z } from 'zod';

const ZComparator = z.enum(['gte', 'gt', 'lt', 'lte', 'eq']).describe('gte ≥, gt >, lte ≤ (lower is better), lt <, eq =');

export const ZIndicatorValueSchema = z.object({
  period: z.string(),
  value: z.number().nullable().describe('the value that counts: the office’s latest correction, else the one reported'),
  reported: z.number().nullable().describe('as the unit reported it, kept when corrected'),
  reportId: z.string().nullable(),
  correction: z.object({ value: z.number(), reason: z.string(), at: z.string(), by: z.string().nullable() }).nullable(),
  goal: z.number().describe('what the period is held to: its year’s milestone where the plan names one (到2018年达到90%), else the target'),
  met: z.boolean().nullable(),
});

export const ZIndicatorRowSchema = z.object({
  targetId: z.string(),
  measureRef: z.string(),
  indicator: z.string(),
  text: z.string(),
  comparator: ZComparator,
  unit: z.string(),
  baseline: z.number().nullable().describe('基线, where the plan gives one'),
  target: z.number().describe('the value this unit is held to: its area’s own where set, else the plan’s'),
  areaTarget: z.boolean(),
  targetYear: z.number().nullable(),
  targetBy: z.string().nullable().describe('the year as a reader reads it: 2028年, or 2028年（原定2020年） once the plan was re-based'),
  unitId: z.string(),
  unitName: z.string(),
  role: z.enum(['lead', 'cooperating']),
  values: z.array(ZIndicatorValueSchema).describe('one per reporting period, in due order'),
  latest: z.object({ period: z.string(), value: z.number() }).nullable(),
  attainment: z.object({ met: z.boolean(), ratio: z.number() }).nullable(),
  trend: z.object({ direction: z.enum(['up', 'down', 'flat']), better: z.boolean().nullable() }).nullable(),
});

export const ZPlanIndicatorsSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string() }),
  asOf: z.string(),
  indicators: z.array(ZIndicatorRowSchema).describe('one row per target and unit answering for it'),
});
export type TPlanIndicators = z.infer<typeof ZPlanIndicatorsSchema>;

export const ZTargetParamsSchema = z.object({ planId: z.string().min(1).max(64), targetId: z.string().min(1).max(64) });
export const ZCorrectionAnswerSchema = z.object({ id: z.string(), original: z.number().nullable(), value: z.number() });
