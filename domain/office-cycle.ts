import { z } from 'zod';
import { addWorkingDays, shanghaiDate, workingDaysBetween, type TCalendar } from '../calendar/working-days';
import { ESCALATION_STEPS } from './ladder';
import type { TReportStatus } from './measure-state';

export const REVIEW_POLICIES = ['final', 'every'] as const;
/** Whom a cooperating unit reports its part to: the measure's lead unit, which consolidates it, or the office. */
export const REPORT_TO = ['lead', 'office'] as const;
export type TReportTo = (typeof REPORT_TO)[number];

/**
 * How the coordinating office works a plan's reports (交办 → 反馈 → 审核): which reports wait for its review. A plan
 * setting (Plan.cycle), fixed at launch: the measures count their reports on it.
 */
export const ZOfficeCycleSchema = z.object({
  review: z
    .enum(REVIEW_POLICIES)
    .default('final')
    .describe('which reports wait for the office’s review (审核): final, a report that says done; every, every report'),
  acknowledgeDays: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .describe('签收: working days a unit has to acknowledge a new assignment before it is reminded, then the office told; 0 sets no deadline'),
  reviewDays: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .describe('审核: working days a report may wait for the office’s review before the office is reminded (one daily digest of its queue); 0 sets no deadline'),
  cooperatingChase: z
    .enum(ESCALATION_STEPS)
    .default('urge')
    .describe('how far cooperating units are chased: urge, notice, reminder and 催办 (the lead unit answers for the measure); supervise adds 督办; coordinator, the whole ladder'),
  reportTo: z
    .enum(REPORT_TO)
    .default('lead')
    .describe('whom cooperating units report their part to: lead, the measure’s lead unit, which consolidates the parts into its report to the office; office, each unit reports to the office'),
});
export type TOfficeCycle = z.infer<typeof ZOfficeCycleSchema>;
/** What the measure's next-step rule reads of the cycle. */
export type TChaseCycle = Pick<TOfficeCycle, 'acknowledgeDays' | 'cooperatingChase'>;
export type TOfficeCycleInput = z.input<typeof ZOfficeCycleSchema>;

/** Whether a report of this status waits for the office's review before it counts. */
export const needsReview = (cycle: TOfficeCycle, status: TReportStatus): boolean => cycle.review === 'every' || status === 'done';

/** Working days a returned report has for its rework (退回整改) when the office names none. */
export const DEFAULT_REWORK_DAYS = 5;

/** The rework deadline (退回整改) of a report returned on `today`: its working days counted on the measure's calendar. */
export const reworkDeadline = (today: string, reworkDays: number | undefined, cal: TCalendar): string => addWorkingDays(today, reworkDays ?? DEFAULT_REWORK_DAYS, cal);

/**
 * The reports an office is late reviewing on `today`: those waiting more than `reviewDays` working days since they were
 * submitted (Shanghai dates), oldest first. No deadline when `reviewDays` is 0.
 */
export function lateReviews<T extends { submittedAt: Date }>(waiting: readonly T[], reviewDays: number, today: string, cal: TCalendar): (T & { workingDaysWaiting: number })[] {
  if (reviewDays <= 0) return [];
  return waiting
    .map((r) => ({ ...r, workingDaysWaiting: workingDaysBetween(shanghaiDate(r.submittedAt), today, cal) }))
    .filter((r) => r.workingDaysWaiting > reviewDays)
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}
