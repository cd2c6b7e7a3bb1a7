/**
 * China's working-day calendar: Monday–Friday, minus public holidays, plus the weekend make-up days (调休).
 * Dates are ISO `yyyy-mm-dd` strings in Asia/Shanghai. Pure: no I/O, no clock.
 */

export type TCalendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> };
export type TCalendarDay = { date: string; kind: 'holiday' | 'workday'; name: string };

const DAY_MS = 86_400_000;
/** China has kept UTC+8 without daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function epochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (fromEpochDay(day) !== date) throw new RangeError(`no such date: ${date}`);
  return day;
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date plus `n` calendar days. */
export function addDays(date: string, n: number): string {
  return fromEpochDay(epochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

export function isWorkingDay(date: string, cal: TCalendar): boolean {
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}

/**
 * The date `n` working days after `date` (before it when `n` is negative). `date` itself need not be a working day;
 * `n = 0` returns it unchanged.
 */
export function addWorkingDays(date: string, n: number, cal: TCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let day = epochDay(date);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(fromEpochDay(day), cal)) left -= 1;
  }
  return fromEpochDay(day);
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string, cal: TCalendar): number {
  const start = epochDay(from);
  const end = epochDay(to);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) if (isWorkingDay(fromEpochDay(day), cal)) count += 1;
  return count;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar date begins (00:00 +08:00), in epoch milliseconds. */
export function shanghaiMidnight(date: string): number {
  return epochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function calendarFromDays(days: readonly TCalendarDay[]): TCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const d of days) {
    epochDay(d.date);
    (d.kind === 'holiday' ? holidays : workdays).add(d.date);
    (d.kind === 'holiday' ? workdays : holidays).delete(d.date);
  }
  return { holidays, workdays };
}

/** Later days replace earlier ones with the same date: edited rows override the shipped schedule. */
export function mergeCalendarDays(base: readonly TCalendarDay[], overrides: readonly TCalendarDay[]): TCalendarDay[] {
  const byDate = new Map(base.map((d) => [d.date, d]));
  for (const d of overrides) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
