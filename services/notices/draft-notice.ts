import { z } from 'zod';
import { addDays, addWorkingDays, calendarFromDays, shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { IDENTITY_CLOCK, toVirtual, ZClockSchema } from '../../domain/clock';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import { resolvePeriods, ZReportingScheduleSchema } from '../../domain/schedule';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { draftNotice, noticeScope, type TNoticeScope } from '../../report/draft-notice';
import type { TNotice } from '../../report/notice-model';
import { renderNoticeDocx } from '../../report/render-notice-docx';
import { readCalendarDays } from '../calendar/calendar-years';
import { buildReport } from '../reports/build-report';

export const ZNoticeDraftInputSchema = z.object({
  planId: z.string().min(1),
  /** A reporting period's key (2026-H1, 2026-Q3, 2026-07, a date, final) or a year (2026); none: the latest closed period. */
  period: z.string().trim().min(1).optional(),
});
export type TNoticeDraftInput = z.infer<typeof ZNoticeDraftInputSchema>;

export type TNoticeDraft = { notice: TNotice; scope: TNoticeScope; docx: Buffer; fileName: string };

/**
 * The draft 通报 of a plan's results for a period or a year, as a Word file in the national format. The plan's own
 * clock says what "now" is (the demo's compressed one too), so a period closes for the draft when it closes for the
 * plan's measures. The caller has checked who may see the plan.
 */
export async function draftPlanNotice(db: Db, input: TNoticeDraftInput, now: Date = new Date()): Promise<TNoticeDraft> {
  const plan = await db.plan.findUnique({
    where: { id: input.planId },
    select: {
      id: true,
      year: true,
      period: true,
      issuer: true,
      schedule: true,
      launchedAt: true,
      clock: true,
      coordinatorUnit: { select: { name: true } },
      measures: { select: { due: true }, orderBy: { due: 'desc' }, take: 1 },
    },
  });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlanId', { planId: input.planId }));

  const clock = ZClockSchema.safeParse(plan.clock);
  const planNow = new Date(toVirtual(now.getTime(), clock.success ? clock.data : IDENTITY_CLOCK));
  const today = shanghaiDate(planNow);
  const schedule = ZReportingScheduleSchema.safeParse(plan.schedule);
  const startDate = plan.launchedAt ? shanghaiDate(plan.launchedAt) : `${plan.year}-01-01`;
  const finalDue = plan.measures[0] ? shanghaiDate(plan.measures[0].due) : `${plan.year}-12-31`;
  const periods = schedule.success ? resolvePeriods(schedule.data, { startDate, finalDue: finalDue < startDate ? startDate : finalDue }) : [];

  // A missing report counts as overdue once the working day after its due date has passed (scoring's rule).
  const calendar = calendarFromDays(await readCalendarDays(db));
  const settles = (due: string) => shanghaiMidnight(addDays(addWorkingDays(due, 1, calendar), 1));
  const scope = noticeScope(periods, settles, planNow, today, input.period);
  if ('refused' in scope) {
    throw scope.refused === 'unknownPeriod'
      ? new AppError('VALIDATION_FAILED', say('noticeUnknownPeriod', { period: input.period ?? '', known: scope.known.join('、') }))
      : new AppError('VALIDATION_FAILED', say('noticeYearNotBegun', { year: scope.year }));
  }
  // A year's 通报 reads that year's results (its own periods, scored per year), not the plan's so far.
  const years = periodYears(planSettingsOf(plan, ['period']).period);
  const year = /^\d{4}$/.test(scope.key) && years.includes(Number(scope.key)) ? Number(scope.key) : 'all';
  const report = await buildReport(db, plan.id, scope.asOf ?? planNow, year);
  const office = plan.coordinatorUnit?.name ?? plan.issuer ?? '督查室';
  const notice = draftNotice(report, scope, office, today);
  return { notice, scope, docx: await renderNoticeDocx(notice), fileName: `${notice.title}（草稿）.docx` };
}
