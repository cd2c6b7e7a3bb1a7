import { makeUpDayName, type TCalendarDay } from '../working-days';

function span(first: string, last: string, name: string): TCalendarDay[] {
  const days: TCalendarDay[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

const workday = (date: string, name: string): TCalendarDay => ({ date, kind: 'workday', name: makeUpDayName(name) });

/** 国务院办公厅关于2026年部分节假日安排的通知. */
export const CN_2026: readonly TCalendarDay[] = [
  ...span('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦'),
  workday('2026-02-14', '春节'),
  ...span('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-28', '春节'),
  ...span('2026-04-04', '2026-04-06', '清明节'),
  ...span('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节'),
  ...span('2026-06-19', '2026-06-21', '端午节'),
  workday('2026-09-20', '国庆节'),
  ...span('2026-09-25', '2026-09-27', '中秋节'),
  ...span('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-10-10', '国庆节'),
];

/**
 * 2027: the State Council has not published its schedule yet, so only the statutory days (全国年节及纪念日放假办法,
 * 2025 revision: 春节 is 除夕 to 初三, 劳动节 two days) and the usual National Day week, with no make-up days.
 * A coordinator replaces them with the notice once it is out (the 工作日历 page, `duban calendar set`).
 */
export const CN_2027: readonly TCalendarDay[] = [
  ...span('2027-01-01', '2027-01-01', '元旦'),
  ...span('2027-02-05', '2027-02-08', '春节'),
  ...span('2027-04-05', '2027-04-05', '清明节'),
  ...span('2027-05-01', '2027-05-02', '劳动节'),
  ...span('2027-06-09', '2027-06-09', '端午节'),
  ...span('2027-09-15', '2027-09-15', '中秋节'),
  ...span('2027-10-01', '2027-10-07', '国庆节'),
];

/** A year's schedule as shipped with Duban: what applies until a coordinator sets the year (CalendarYear). */
export type TShippedYear = { year: number; source: string; provisional: boolean; days: readonly TCalendarDay[] };

export const SHIPPED_YEARS: readonly TShippedYear[] = [
  { year: 2026, source: '国务院办公厅关于2026年部分节假日安排的通知', provisional: false, days: CN_2026 },
  { year: 2027, source: '全国年节及纪念日放假办法（2027年安排公布前的暂定日期）', provisional: true, days: CN_2027 },
];

export const CN_DAYS: readonly TCalendarDay[] = SHIPPED_YEARS.flatMap((y) => y.days);
