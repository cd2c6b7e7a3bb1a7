import { addDays } from '../calendar/working-days';
import { shiftDate, shiftYearOrDate, type TPlanPeriod } from './plan-period';
import { resolvePeriods, ZReportingScheduleSchema, type TReportingSchedule } from './schedule';

/**
 * A plan whose dates are already past when it is launched (宝坻's 2018–2020 opinion launched in 2026) runs one of two
 * ways, which the coordinator chooses: re-based (every date shifted by whole years so that it starts in a chosen year)
 * or as is (its own dates, whatever fell due before the launch due at the first reporting date after it). Pure: the
 * launch (services/plans/launch-plan) reads the dates, asks these, and writes what they return.
 */

export type TMilestone = { by: string; value: number };
export type TDatedTarget = { id: string; by: string | null; milestones: TMilestone[]; original: { by: string | null; milestones: TMilestone[] } | null };
export type TDatedMeasure = {
  id: string;
  ref: string;
  due: string;
  originalDue: string | null;
  deadlines: string[];
  schedule: TReportingSchedule | null;
  targets: TDatedTarget[];
};
/** Every date of a plan that a launch may move. */
export type TPlanDates = { year: number; period: TPlanPeriod; schedule: TReportingSchedule; measures: TDatedMeasure[] };

/** A date of the plan already past, and where it stands: `period.to`, or `measures.<ref>.due`. */
export type TPastDate = { field: string; ref: string | null; date: string };

/** How the launch treated a plan's dates, for its audit record and the pages. */
export type TLaunchDates = { kind: 'rebase'; years: number; from: number; to: number } | { kind: 'as-is'; catchUp: string; moved: string[] };

/** The plan's dates before `today`: its end, and each measure's final due date (which its deadlines and targets' years set). */
export function pastDates(dates: TPlanDates, today: string): TPastDate[] {
  const past: TPastDate[] = [];
  for (const m of dates.measures) if (m.due < today) past.push({ field: `measures.${m.ref}.due`, ref: m.ref, date: m.due });
  if (dates.period.to < today) past.push({ field: 'period.to', ref: null, date: dates.period.to });
  return past;
}

/** The past dates as a sentence names them: 二/(一) 2020-12-31、… (the first few). */
export function describePast(past: readonly TPastDate[], shown = 3): string {
  const named = past.slice(0, shown).map((p) => (p.ref ? `${p.ref} ${p.date}` : `${p.field} ${p.date}`));
  return past.length > shown ? `${named.join('、')} …` : named.join('、');
}

const shiftSchedule = (s: TReportingSchedule, years: number): TReportingSchedule => (s.cadence === 'custom' ? { ...s, dates: s.dates.map((d) => shiftDate(d, years)) } : s);

/**
 * Every date of the plan shifted by whole years so that it starts in `year`: its period, each measure's final due date,
 * deadlines and custom reporting dates, and every target's year and milestones (到2020年 becomes 到2028年 when 2018 is
 * re-based to 2026). What the plan itself said is kept beside each (the period's `original`, a measure's originalDue, a
 * target's original), so pages can show 原定2020年; re-basing a re-based plan keeps the first originals.
 */
export function rebasedDates(dates: TPlanDates, year: number): { dates: TPlanDates; years: number } {
  const years = year - Number(dates.period.from.slice(0, 4));
  if (years === 0) return { dates, years };
  const { period } = dates;
  const reason = (r: TPlanPeriod['fromReason']) => (r ? { ...r, kind: 'rebase' as const } : { kind: 'rebase' as const, text: null, ref: null });
  return {
    years,
    dates: {
      year: dates.year + years,
      period: {
        from: shiftDate(period.from, years),
        to: shiftDate(period.to, years),
        fromReason: reason(period.fromReason),
        toReason: reason(period.toReason),
        original: period.original ?? { from: period.from, to: period.to },
      },
      schedule: shiftSchedule(dates.schedule, years),
      measures: dates.measures.map((m) => ({
        ...m,
        due: shiftDate(m.due, years),
        originalDue: m.originalDue ?? m.due,
        deadlines: m.deadlines.map((d) => shiftDate(d, years)),
        schedule: m.schedule && shiftSchedule(m.schedule, years),
        targets: m.targets.map((t) => ({
          ...t,
          by: t.by && shiftYearOrDate(t.by, years),
          milestones: t.milestones.map((x) => ({ ...x, by: shiftYearOrDate(x.by, years) })),
          original: t.original ?? { by: t.by, milestones: t.milestones },
        })),
      })),
    },
  };
}

/**
 * The first reporting date after `today` on the plan's schedule: the next 07-15 or 01-15 on the half-yearly one, the
 * next quarter's or month's, the next of the dates named. A schedule with none ahead (one final report, custom dates
 * all past) falls back on the half-yearly dates.
 */
export function firstReportingDateAfter(schedule: TReportingSchedule, today: string): string {
  const ahead = (s: TReportingSchedule): string | undefined => {
    if (s.cadence === 'final') return undefined;
    if (s.cadence === 'custom') return [...s.dates].sort().find((d) => d > today);
    return resolvePeriods(s, { startDate: today, finalDue: addDays(today, 400) })
      .map((p) => p.due)
      .find((d) => d > today);
  };
  return ahead(schedule) ?? ahead(ZReportingScheduleSchema.parse({}))!;
}

/**
 * The plan launched as is on `today`: its dates stay its own, but each measure whose final due date is past is due at
 * `catchUp` (the first reporting date after the launch; its own date kept as originalDue), and the period ends no
 * earlier than that date.
 */
export function asIsDates(dates: TPlanDates, today: string, catchUp: string): { dates: TPlanDates; moved: string[] } {
  const moved: string[] = [];
  const measures = dates.measures.map((m) => {
    if (m.due >= today) return m;
    moved.push(m.ref);
    return { ...m, due: catchUp, originalDue: m.originalDue ?? m.due };
  });
  const { period } = dates;
  const extended =
    period.to < catchUp
      ? { ...period, to: catchUp, toReason: { kind: 'catch-up' as const, text: null, ref: null }, original: period.original ?? { from: period.from, to: period.to } }
      : period;
  return { dates: { ...dates, period: extended, measures }, moved };
}
