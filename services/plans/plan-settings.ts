import { z } from 'zod';
import { ZEscalationLadderSchema } from '../../domain/ladder';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { DEFAULT_RUBRIC, type TRubric } from '../../scoring/rubric';

/** What a plan's measures run on: when units report, and when they are reminded and escalated. */
export const ZPlanSettingsSchema = z.object({
  schedule: ZReportingScheduleSchema.describe('the reporting schedule every measure follows unless it has its own'),
  ladder: ZEscalationLadderSchema.describe('reminder and escalation thresholds, in working days'),
});
export type TPlanSettings = z.infer<typeof ZPlanSettingsSchema>;

/** A plan's stored schedule and ladder, as its measures run on them from launch. */
export function planSettingsOf(plan: { schedule: unknown; ladder: unknown }): TPlanSettings {
  return ZPlanSettingsSchema.parse({ schedule: plan.schedule ?? {}, ladder: plan.ladder ?? {} });
}

/**
 * What a newly imported plan starts with: half-yearly reports (due 07-15 and 01-15 of the next year), the default
 * reminder and escalation ladder, and the default assessment rubric. A coordinator can change each before launch.
 */
export function defaultPlanSettings(): TPlanSettings & { rubric: TRubric } {
  return { ...planSettingsOf({ schedule: null, ladder: null }), rubric: DEFAULT_RUBRIC };
}
