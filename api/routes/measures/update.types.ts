import { z } from 'zod';
import { ZReportingScheduleSchema } from '../../../domain/schedule';

const ZUnitListSchema = z
  .array(z.string().trim().min(1).max(100))
  .max(100)
  .describe('unit or group names from the registry (names or aliases), in order');

export const ZMeasureParamsSchema = z.object({ planId: z.string().min(1).max(64), measureId: z.string().min(1).max(64) });

export const ZEditTargetSchema = z.object({
  indicator: z.string().trim().min(1).max(200),
  comparator: z.enum(['gte', 'gt', 'lt', 'lte', 'eq']),
  value: z.number().finite(),
  unit: z.string().trim().max(20),
  by: z.string().trim().regex(/^\d{4}(-\d{2}-\d{2})?$/, '年份或日期 / a year or ISO date').nullable().default(null),
  text: z.string().trim().max(500).optional().describe('the commitment as written; defaults to indicator, comparator and value'),
});
export type TEditTarget = z.infer<typeof ZEditTargetSchema>;

export const ZEditMeasureBodySchema = z
  .object({
    lead: ZUnitListSchema.optional(),
    cooperating: ZUnitListSchema.optional(),
    due: z.iso.date().optional().describe('final due date, YYYY-MM-DD'),
    targets: z.array(ZEditTargetSchema).max(50).optional().describe('replaces all of the measure’s targets'),
    schedule: ZReportingScheduleSchema.nullable().optional().describe('the measure’s own reporting schedule; null follows the plan’s'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '没有要修改的内容 / nothing to change' });
export type TEditMeasureBody = z.infer<typeof ZEditMeasureBodySchema>;
