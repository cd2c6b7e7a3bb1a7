import { z } from 'zod';

const ZRate = z.object({
  value: z.number().nullable().describe('percent, two decimals; null when nothing is in the denominator'),
  numerator: z.number(),
  denominator: z.number(),
});
const ZStatistics = z.object({
  onTimeRate: ZRate,
  overdueRate: ZRate,
  returnRate: ZRate,
  daysToDone: z.object({ value: z.number().nullable(), totalDays: z.number(), count: z.number() }),
  escalations: z.object({
    urge: z.number(),
    supervise: z.number(),
    coordinator: z.number(),
    total: z.number(),
    units: z.number(),
    perUnit: z.number().nullable(),
  }),
  attainment: ZRate,
});

export const ZPlanStatisticsSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string() }),
  asOf: z.string(),
  definitions: z
    .record(z.string(), z.object({ name: z.string(), formula: z.string(), counts: z.string() }))
    .describe('each statistic’s name, formula and what counts in it (what is due, what is on time)'),
  statistics: z.object({
    plan: ZStatistics,
    units: z.array(ZStatistics.extend({ unitId: z.string(), name: z.string() })),
    periods: z.array(ZStatistics.extend({ period: z.string() })),
  }),
});
export type TPlanStatisticsAnswer = z.infer<typeof ZPlanStatisticsSchema>;
