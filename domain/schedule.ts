import { z } from 'zod';
import { addDays, daysBetween, shanghaiMidnight } from '../calendar/working-days';
import type { TMessageKey } from '../lib/messages';
import { cnDate, ZIsoDateSchema } from './dates';

export const COMPLETION_RULES = ['leads-done-and-cooperating-reported', 'leads-done', 'all-done'] as const;
export const ZCompletionRuleSchema = z
  .enum(COMPLETION_RULES)
  .describe(
    'when a measure is done: every lead unit reported done and every cooperating unit reported for that period (default); ' +
      'only the leads done; or every unit done',
  );
export type TCompletionRule = z.infer<typeof ZCompletionRuleSchema>;

/** How often units report, per plan (Plan.schedule) and overridable per measure (Measure.schedule). */
export const ZReportingScheduleSchema = z
  .object({
    cadence: z
      .enum(['half-yearly', 'quarterly', 'monthly', 'final', 'custom'])
      .default('half-yearly')
      .describe('half-yearly: H1 due 07-15, H2 due 01-15 of the next year (with dueDay 15); final: one report on the due date'),
    dueDay: z.number().int().min(1).max(28).default(15).describe('day of the month after a period ends on which its report is due'),
    dates: z.array(ZIsoDateSchema).default([]).describe('custom cadence: the report due dates'),
    completion: ZCompletionRuleSchema.default('leads-done-and-cooperating-reported'),
  })
  .superRefine((s, ctx) => {
    if (s.cadence === 'custom' && s.dates.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['dates'], message: 'customNeedsDates' satisfies TMessageKey });
    }
  });
export type TReportingSchedule = z.infer<typeof ZReportingScheduleSchema>;

const CN_QUARTER = ['一', '二', '三', '四'];

/**
 * A period as people name it, wherever it is shown to them (emails, the assessment report): 2026-H1 → 2026年上半年,
 * 2026-Q3 → 2026年第三季度, 2026-07 → 2026年7月, a custom schedule's 2026-09-30 → 2026年9月30日节点, final → 最终.
 */
export function periodLabel(key: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return `${m[1]}年${m[2] === '1' ? '上' : '下'}半年`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return `${m[1]}年第${CN_QUARTER[Number(m[2]) - 1]}季度`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) return `${m[1]}年${Number(m[2])}月`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return `${cnDate(key)}节点`;
  if (key === 'final') return '最终';
  return `${key}节点`;
}

/** The report a period owes, as people name it: 2026年上半年进展报告. */
export const reportLabel = (key: string) => `${periodLabel(key)}进展报告`;

/** One reporting period: its key (2026-H1, 2026-Q3, 2026-07, a custom due date, or final) and its report's due date. */
export type TPeriod = { key: string; start: string; end: string; due: string; final: boolean };

/** The instant a period closes: the first moment after its due day in Shanghai. */
export const periodClosedAt = (due: string) => shanghaiMidnight(addDays(due, 1));

const pad = (n: number) => String(n).padStart(2, '0');

function monthEnd(year: number, month: number): string {
  return addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
}

function regularPeriods(s: TReportingSchedule, fromYear: number, toYear: number): Omit<TPeriod, 'final'>[] {
  const months = s.cadence === 'half-yearly' ? 6 : s.cadence === 'quarterly' ? 3 : 1;
  const out: Omit<TPeriod, 'final'>[] = [];
  for (let y = fromYear; y <= toYear; y += 1) {
    for (let m = 1; m <= 12; m += months) {
      const last = m + months - 1;
      const n = (m - 1) / months + 1;
      const key = s.cadence === 'half-yearly' ? `${y}-H${n}` : s.cadence === 'quarterly' ? `${y}-Q${n}` : `${y}-${pad(m)}`;
      const dueYear = last === 12 ? y + 1 : y;
      const dueMonth = last === 12 ? 1 : last + 1;
      out.push({ key, start: `${y}-${pad(m)}-01`, end: monthEnd(y, last), due: `${dueYear}-${pad(dueMonth)}-${pad(s.dueDay)}` });
    }
  }
  return out;
}

/**
 * The periods a measure reports for, from the day it starts to the period that holds its final due date, which is the
 * final period. Regular cadences end with the period containing `finalDue` (its report due after the period, e.g.
 * 01-15 for H2), or the one whose report is due on it; `final` and custom schedules whose dates end before `finalDue` add a final report due on `finalDue`.
 * Periods whose report falls due before the start are not asked for. Never empty.
 */
export function resolvePeriods(s: TReportingSchedule, span: { startDate: string; finalDue: string }): TPeriod[] {
  const { startDate, finalDue } = span;
  const finalOnly: TPeriod = { key: 'final', start: startDate, end: finalDue, due: finalDue, final: true };
  if (s.cadence === 'final') return [finalOnly];
  if (s.cadence === 'custom') {
    const dates = [...new Set(s.dates)].sort().filter((d) => d >= startDate);
    const upTo = dates.findIndex((d) => d >= finalDue);
    const kept = upTo === -1 ? dates : dates.slice(0, upTo + 1);
    const periods: TPeriod[] = kept.map((due, i) => ({
      key: due,
      start: i === 0 ? startDate : addDays(kept[i - 1]!, 1),
      end: due,
      due,
      final: upTo !== -1 && i === kept.length - 1,
    }));
    if (upTo === -1) periods.push({ ...finalOnly, start: kept.length ? addDays(kept.at(-1)!, 1) : startDate });
    return periods;
  }
  const fromYear = Number(startDate.slice(0, 4));
  const toYear = Math.max(fromYear, Number(finalDue.slice(0, 4)));
  const all = regularPeriods(s, fromYear, toYear);
  // The period holding the final due date ends them; a final due date that is a report's own due date (a plan
  // launched as is, due at its first reporting date) ends with the period reported on it.
  const last = all.findIndex((p) => p.end >= finalDue || p.due === finalDue);
  const periods = (last === -1 ? all : all.slice(0, last + 1)).filter((p) => p.due >= startDate);
  if (periods.length === 0) return [finalOnly];
  return periods.map((p, i) => ({ ...p, final: i === periods.length - 1 }));
}

/** Share of the measure's time that has passed on `today` (序时进度), 0–100. */
export function elapsedPercent(startDate: string, finalDue: string, today: string): number {
  const total = daysBetween(startDate, finalDue);
  if (total <= 0) return today >= finalDue ? 100 : 0;
  return Math.min(100, Math.max(0, (daysBetween(startDate, today) / total) * 100));
}

/** The first day on which the time elapsed exceeds `percent`, or null if it never does. */
export function firstDayBehind(startDate: string, finalDue: string, percent: number): string | null {
  const total = daysBetween(startDate, finalDue);
  if (percent >= 100 || total <= 0) return null;
  return addDays(startDate, Math.floor((percent * total) / 100) + 1);
}
