import { z } from 'zod';
import { calendarFromDays, isWorkingDay } from '../../calendar/working-days';
import { annualSummaryDue, annualSummaryStep, type TAnnualSummaryStep } from '../../domain/annual-summary';
import { ZIsoDateSchema } from '../../domain/dates';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import { appLink } from '../../lib/config';
import { recipient, writeMessages, type TOutboxMessage } from '../../outbox/messages';
import { annualSummaryRoll } from '../../services/assessment/annual-summaries';
import { readCalendarDays } from '../../services/calendar/calendar-years';
import type { TActivityDeps } from '../deps';
import { officeAddresses } from '../reviews/remind-late-reviews';
import { renderAnnualSummaryMail, type TAnnualSummaryFacts } from '../mail/templates';

export const ZRemindAnnualSummariesInputSchema = z.object({
  day: ZIsoDateSchema.describe('the Shanghai date of the reminders: one letter per recipient, step and day, ever'),
});
export type TRemindAnnualSummariesInput = z.infer<typeof ZRemindAnnualSummariesInputSchema>;
/** How many letters the day owed, and how many were written now (not by an earlier attempt). */
export type TRemindAnnualSummariesResult = { letters: number; queued: number };

type TLetter = { step: TAnnualSummaryStep; whom: string; name: string | null; to: string[]; items: TAnnualSummaryFacts[] };

/**
 * 年度总结 reminders for a working day, over every launched plan that asks for a summary: for each year of its period,
 * `annualSummaryStep` (domain/annual-summary) says whether the day owes a 报送提醒 or 今日到期 to the units that have not
 * sent theirs, or, the working day after the due date, a letter to the coordinating office naming them. One letter per
 * recipient, step and day, each plan an entry (`annual-summary:<step>:<recipient>:<day>`), so a retried activity or a
 * second worker's run of the same day writes nothing twice.
 */
export function createRemindAnnualSummaries({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async remindAnnualSummaries(raw: TRemindAnnualSummariesInput): Promise<TRemindAnnualSummariesResult> {
      const { day } = ZRemindAnnualSummariesInputSchema.parse(raw);
      const cal = calendarFromDays(await readCalendarDays(db));
      if (!isWorkingDay(day, cal)) return { letters: 0, queued: 0 };
      const plans = await db.plan.findMany({
        where: { status: 'launched' },
        select: { id: true, title: true, year: true, period: true, ladder: true, annualSummary: true, coordinatorUnitId: true, coordinatorUnit: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      });
      const letters = new Map<string, TLetter>();
      const add = async (step: TAnnualSummaryStep, whom: string, name: string | null, addresses: () => Promise<string[]>, item: TAnnualSummaryFacts) => {
        const key = `${step}|${whom}`;
        const letter = letters.get(key) ?? { step, whom, name, to: await addresses(), items: [] };
        letter.items.push(item);
        letters.set(key, letter);
      };
      for (const plan of plans) {
        const { period, ladder, annualSummary } = planSettingsOf(plan, ['period', 'ladder', 'annualSummary']);
        if (annualSummary.due === null) continue;
        for (const year of periodYears(period)) {
          const due = annualSummaryDue(annualSummary.due, year);
          const step = annualSummaryStep(day, due, ladder.reminderWorkingDaysBefore, cal);
          if (!step) continue;
          const roll = await annualSummaryRoll(db, plan.id, year, day);
          const owing = (roll?.lines ?? []).filter((l) => l.summary === null);
          if (!owing.length) continue;
          const item = { planTitle: plan.title, year, due, link: appLink(config.publicUrl, `/plans/${plan.id}/results/${year}#results-summaries`), missingUnits: owing.map((l) => l.unitName) };
          if (step === 'missing') {
            const office = plan.coordinatorUnitId;
            await add(step, office ? recipient.unit(office) : recipient.coordinators, plan.coordinatorUnit?.name ?? null, () => officeAddresses(db, office), item);
          } else {
            for (const l of owing) await add(step, recipient.unit(l.unitId), l.unitName, () => unitAddresses(db, l.unitId, plan.coordinatorUnitId), { ...item, missingUnits: [l.unitName] });
          }
        }
      }
      const messages: TOutboxMessage[] = [...letters.values()].map((l) => ({
        source: `annual-summary:${l.step}:${l.whom}:${day}`,
        recipient: l.whom,
        channel: 'email',
        step: `annual-summary-${l.step}`,
        period: day,
        to: l.to,
        ...renderAnnualSummaryMail(l.step, { name: l.name, day, items: l.items }),
        notBefore: new Date(),
      }));
      const queued = await writeMessages(db, messages);
      outbox.written();
      return { letters: messages.length, queued };
    },
  };
}

/** A unit's contacts; with none on file, its plan's office, as a notice to a unit without contacts goes. */
async function unitAddresses(db: TActivityDeps['db'], unitId: string, officeId: string | null): Promise<string[]> {
  const contacts = await db.person.findMany({ where: { unitId, isContact: true }, select: { email: true } });
  return contacts.length ? [...new Set(contacts.map((p) => p.email))].sort() : officeAddresses(db, officeId);
}
