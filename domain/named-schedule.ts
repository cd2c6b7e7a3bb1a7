import { isoDateOf } from './dates';
import { ZReportingScheduleSchema, type TReportingSchedule } from './schedule';

/** A reporting schedule as a plan's text names it (the parser's `reporting`, parser/reporting). */
export type TNamedReporting = {
  cadence: 'dates' | 'monthly' | 'quarterly' | 'half-yearly' | 'yearly';
  dates: readonly { month: number; day: number }[];
  day: number | null;
  text: string;
  ref: string | null;
};

const dueDayOf = (day: number | null) => (day === null ? {} : { dueDay: Math.min(28, Math.max(1, day)) });

/**
 * The schedule a plan's own words ask for, through every year of its period, or null when it names none:
 * 每月5日前 → monthly on the 5th, 每季度结束后10日内 → quarterly on the 10th, 7月15日和1月15日 → half-yearly on the 15th
 * (the dates a half-yearly schedule has), other dates → those dates in every year of the period and the first after its
 * end. The first sentence that names one wins: the review page shows it beside the schedule it proposed.
 */
export function namedSchedule(named: readonly TNamedReporting[], period: { from: string; to: string }): TReportingSchedule | null {
  for (const n of named) {
    if (n.cadence === 'monthly') return ZReportingScheduleSchema.parse({ cadence: 'monthly', ...dueDayOf(n.day) });
    if (n.cadence === 'quarterly') return ZReportingScheduleSchema.parse({ cadence: 'quarterly', ...dueDayOf(n.day) });
    if (n.cadence === 'half-yearly') return ZReportingScheduleSchema.parse({ cadence: 'half-yearly', ...dueDayOf(n.day) });
    if (n.dates.length === 0) continue;
    const days = new Set(n.dates.map((d) => d.day));
    const months = n.dates.map((d) => d.month).sort((a, b) => a - b);
    if (n.dates.length === 2 && days.size === 1 && months[0] === 1 && months[1] === 7 && n.dates[0]!.day <= 28) {
      return ZReportingScheduleSchema.parse({ cadence: 'half-yearly', dueDay: n.dates[0]!.day });
    }
    const dates = everyYear(n.dates, period);
    if (dates.length) return ZReportingScheduleSchema.parse({ cadence: 'custom', dates });
  }
  return null;
}

/** Month-days in every year of the period: those after its start, up to the first on or after its end. */
function everyYear(monthDays: readonly { month: number; day: number }[], period: { from: string; to: string }): string[] {
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4)) + 1;
  const all: string[] = [];
  for (let y = first; y <= last; y++) for (const md of monthDays) {
    const d = isoDateOf(y, md.month, md.day);
    if (d && d > period.from) all.push(d);
  }
  all.sort();
  const end = all.findIndex((d) => d >= period.to);
  return end === -1 ? all : all.slice(0, end + 1);
}
