import { ZEscalationLadderSchema, type TEscalationLadder } from '../../domain/ladder';
import { ZReportingScheduleSchema, type TReportingSchedule } from '../../domain/schedule';
import { DEFAULT_RUBRIC, type TRubric } from '../../scoring/rubric';

export type PlanSettings = { schedule: TReportingSchedule; ladder: TEscalationLadder; rubric: TRubric };

/**
 * What a newly imported plan starts with: half-yearly reports (due 07-15 and 01-15 of the next year), the default
 * reminder and escalation ladder, and the default assessment rubric. A coordinator can change each before launch.
 */
export function defaultPlanSettings(): PlanSettings {
  return {
    schedule: ZReportingScheduleSchema.parse({}),
    ladder: ZEscalationLadderSchema.parse({}),
    rubric: DEFAULT_RUBRIC,
  };
}
