import { z } from 'zod';
import { addWorkingDays, isWorkingDay, type TCalendar } from '../calendar/working-days';
import type { TNamedReporting } from './named-schedule';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * 年度总结: whether the plan asks each assessed unit for a summary of each year of its period (全年工作总结 with the
 * next year's 目标任务 and 工作措施), and the month-day it is due. `{}` (the shipped setting) asks for none.
 */
export const ZAnnualSummarySettingSchema = z
  .object({
    due: z
      .string()
      .regex(MONTH_DAY)
      .refine((d) => d !== '02-29' && !/^(04|06|09|11)-31$/.test(d) && !d.startsWith('02-3'))
      .nullable()
      .default(null)
      .describe('MM-DD the summary of a year is due: up to 06-30 in the year after it (01-15: by 15 January next year), later in the year itself; null asks for none'),
  })
  .strict();
export type TAnnualSummarySetting = z.infer<typeof ZAnnualSummarySettingSchema>;

/** The date a year's summary is due: a month-day in the first half falls in the next year (天津: 2013's by 2014-01-15). */
export function annualSummaryDue(due: string, year: number): string {
  return `${Number(due.slice(0, 2)) <= 6 ? year + 1 : year}-${due}`;
}

/** A sentence asking for a year's summary: 全年(质量)工作总结, 年度工作总结, 年终总结 (總結 in traditional script). */
const ASKS_SUMMARY = /(全年|年度|年终|年終)[^。；;，,]{0,12}(总结|總結)/;

/**
 * The summary a plan's own reporting sentences ask for, or null: the first sentence that asks for a year's summary,
 * due on the date it names early in the next year (天津 2013: 于2013年7月15日和2014年1月15日前，分别将上半年…和全年质量工作
 * 总结及下一年度目标任务、工作措施报… → 01-15); a sentence naming only later dates gives its last one.
 */
export function namedAnnualSummary(named: readonly TNamedReporting[]): TAnnualSummarySetting | null {
  for (const n of named) {
    if (!ASKS_SUMMARY.test(n.text) || n.dates.length === 0) continue;
    const early = n.dates.filter((d) => d.month <= 6).sort((a, b) => a.month - b.month || a.day - b.day)[0];
    const chosen = early ?? n.dates[n.dates.length - 1]!;
    const parsed = ZAnnualSummarySettingSchema.safeParse({ due: `${String(chosen.month).padStart(2, '0')}-${String(chosen.day).padStart(2, '0')}` });
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** What a day owes about one year's summary: a reminder before it is due, one on the day, the office told after. */
export type TAnnualSummaryStep = 'reminder' | 'due' | 'missing';

/**
 * The step a working day owes for a summary due on `due`: 报送提醒 `reminderDays` working days before (none at 0), 今日到期
 * on the due date (the last working day before it when it is a day off), and the day after it, to the office, the
 * units still missing. A day off owes nothing; a unit that has submitted is never reminded (the caller leaves it out).
 */
export function annualSummaryStep(day: string, due: string, reminderDays: number, cal: TCalendar): TAnnualSummaryStep | null {
  if (!isWorkingDay(day, cal)) return null;
  const dueDay = isWorkingDay(due, cal) ? due : addWorkingDays(due, -1, cal);
  if (day === dueDay) return 'due';
  if (reminderDays > 0 && day === addWorkingDays(due, -reminderDays, cal)) return 'reminder';
  if (day === addWorkingDays(due, 1, cal)) return 'missing';
  return null;
}

/** How a unit's summary stands against its due date on `today` (Asia/Shanghai dates). */
export type TAnnualSummaryStanding = 'on-time' | 'late' | 'missing' | 'not-due';

export function annualSummaryStanding(submittedOn: string | null, due: string, today: string): TAnnualSummaryStanding {
  if (submittedOn !== null) return submittedOn <= due ? 'on-time' : 'late';
  return today > due ? 'missing' : 'not-due';
}
