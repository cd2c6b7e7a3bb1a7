import { z } from 'zod';
import { ZEscalationLadderSchema } from '../../../domain/ladder';
import { ZReportingScheduleSchema } from '../../../domain/schedule';

/** What a plan's measures run on: when units report, and when they are reminded and escalated. */
export const ZPlanSettingsSchema = z.object({
  schedule: ZReportingScheduleSchema.describe('the reporting schedule every measure follows unless it has its own'),
  ladder: ZEscalationLadderSchema.describe('reminder and escalation thresholds, in working days'),
});
export type TPlanSettings = z.infer<typeof ZPlanSettingsSchema>;

/** A plan's stored schedule and ladder, as its measures will run on them. */
export function planSettingsOf(plan: { schedule: unknown; ladder: unknown }): TPlanSettings {
  return ZPlanSettingsSchema.parse({ schedule: plan.schedule ?? {}, ladder: plan.ladder ?? {} });
}

export const ZPlanSettingsBodySchema = z
  .object({ schedule: ZPlanSettingsSchema.shape.schedule.optional(), ladder: ZPlanSettingsSchema.shape.ladder.optional() })
  .strict()
  .refine((b) => b.schedule !== undefined || b.ladder !== undefined, { message: '没有要修改的内容 / nothing to change' });
export type TPlanSettingsBody = z.infer<typeof ZPlanSettingsBodySchema>;
