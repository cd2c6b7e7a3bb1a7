import { z } from 'zod';
import { calendarFromDays, isWorkingDay, shanghaiDate } from '../../calendar/working-days';
import { ZIsoDateSchema } from '../../domain/dates';
import { lateReviews } from '../../domain/office-cycle';
import { planSettingsOf } from '../../domain/plan-settings';
import { appLink } from '../../lib/config';
import { recipient, writeMessages } from '../../outbox/messages';
import { readCalendarDays } from '../../services/calendar/calendar-years';
import type { TActivityDeps } from '../deps';
import { renderLateReviewsMail, type TLateReviewFacts } from '../mail/templates';

export const ZRemindLateReviewsInputSchema = z.object({
  day: ZIsoDateSchema.describe('the Shanghai date of the reminder: one letter per office per day, ever'),
});
export type TRemindLateReviewsInput = z.infer<typeof ZRemindLateReviewsInputSchema>;
/** `offices`: offices with reports past their review deadline; `queued`: letters written now (not by an earlier attempt). */
export type TRemindLateReviewsResult = { offices: number; queued: number };

type TWaitingRow = {
  submittedAt: Date;
  period: string;
  planId: string;
  planTitle: string;
  cycle: unknown;
  coordinatorUnitId: string | null;
  coordinatorName: string | null;
  measureRef: string;
  measureTitle: string;
  unitName: string;
};

/**
 * The office's own deadline (审核): on a working day, every coordinating office with reports waiting for its review
 * longer than its plan's `cycle.reviewDays` gets one letter listing them, oldest first. Written to the outbox under
 * `late-reviews:<office>:<day>`, so a retried activity, or a second worker's run of the same day, writes nothing twice.
 */
export function createRemindLateReviews({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async remindLateReviews(raw: TRemindLateReviewsInput): Promise<TRemindLateReviewsResult> {
      const { day } = ZRemindLateReviewsInputSchema.parse(raw);
      const cal = calendarFromDays(await readCalendarDays(db));
      if (!isWorkingDay(day, cal)) return { offices: 0, queued: 0 };
      const rows = await db.progressReport.findMany({
        where: { review: 'pending', assignment: { status: { not: 'cancelled' }, measure: { status: { not: 'cancelled' }, plan: { status: 'launched' } } } },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        select: {
          submittedAt: true,
          period: true,
          assignment: {
            select: {
              unit: { select: { name: true } },
              measure: { select: { ref: true, title: true, plan: { select: { id: true, title: true, cycle: true, coordinatorUnitId: true, coordinatorUnit: { select: { name: true } } } } } },
            },
          },
        },
      });
      const waiting: TWaitingRow[] = rows.map((r) => {
        const { plan } = r.assignment.measure;
        return {
          submittedAt: r.submittedAt,
          period: r.period,
          planId: plan.id,
          planTitle: plan.title,
          cycle: plan.cycle,
          coordinatorUnitId: plan.coordinatorUnitId,
          coordinatorName: plan.coordinatorUnit?.name ?? null,
          measureRef: r.assignment.measure.ref,
          measureTitle: r.assignment.measure.title,
          unitName: r.assignment.unit.name,
        };
      });
      // Each plan on its own deadline; then one letter per coordinating office (the plans with none: every coordinator).
      const byOffice = new Map<string | null, (TWaitingRow & { workingDaysWaiting: number; reviewDays: number })[]>();
      for (const planId of new Set(waiting.map((w) => w.planId))) {
        const mine = waiting.filter((w) => w.planId === planId);
        const { reviewDays } = planSettingsOf({ cycle: mine[0]!.cycle }, ['cycle']).cycle;
        for (const late of lateReviews(mine, reviewDays, day, cal)) {
          const list = byOffice.get(late.coordinatorUnitId) ?? [];
          list.push({ ...late, reviewDays });
          byOffice.set(late.coordinatorUnitId, list);
        }
      }
      const letters = await Promise.all(
        [...byOffice].map(async ([officeId, late]) => {
          late.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
          const to = await officeAddresses(db, officeId);
          const items: TLateReviewFacts[] = late.map((l) => ({
            planTitle: l.planTitle,
            measureRef: l.measureRef,
            measureTitle: l.measureTitle,
            unitName: l.unitName,
            period: l.period,
            submittedOn: shanghaiDate(l.submittedAt),
            workingDaysWaiting: l.workingDaysWaiting,
            reviewDays: l.reviewDays,
            link: appLink(config.publicUrl, `/plans/${l.planId}#reviews`),
          }));
          const whom = officeId ? recipient.unit(officeId) : recipient.coordinators;
          return {
            source: `late-reviews:${whom}:${day}`,
            recipient: whom,
            channel: 'email' as const,
            step: 'late-reviews',
            period: day,
            to,
            ...renderLateReviewsMail({ officeName: late[0]!.coordinatorName, day, items }),
            notBefore: new Date(),
          };
        }),
      );
      const queued = await writeMessages(db, letters);
      outbox.written();
      return { offices: letters.length, queued };
    },
  };
}

/** The office's contacts and coordinators; with no coordinating unit on the plan, every coordinator (as mail about its items goes). */
export async function officeAddresses(db: TActivityDeps['db'], officeId: string | null): Promise<string[]> {
  const people = await db.person.findMany({
    where: officeId ? { unitId: officeId, OR: [{ isContact: true }, { role: 'coordinator' }] } : { role: 'coordinator' },
    select: { email: true },
  });
  return [...new Set(people.map((p) => p.email))].sort();
}
