/**
 * China's working-day calendar: Monday–Friday, minus public holidays, plus the weekend make-up days (调休).
 * Dates are ISO `yyyy-mm-dd` strings in Asia/Shanghai. Pure: no I/O, no clock.
 */

/** Holidays and make-up working days as day numbers (days since 1970-01-01); built by calendarFromDays. */
export type TCalendar = { holidays: ReadonlySet<number>; workdays: ReadonlySet<number> };
export type TCalendarDay = { date: string; kind: 'holiday' | 'workday'; name: string };

/** A make-up working day is named after its festival, as the State Council writes it: 春节 → 春节调休上班. */
const MAKE_UP_SUFFIX = '调休上班';
export const makeUpDayName = (festival: string): string => (festival.endsWith(MAKE_UP_SUFFIX) ? festival : `${festival}${MAKE_UP_SUFFIX}`);
/** The festival a day belongs to: a make-up day's name without its 调休上班. */
export const festivalOf = (day: TCalendarDay): string =>
  day.kind === 'workday' && day.name.endsWith(MAKE_UP_SUFFIX) ? day.name.slice(0, -MAKE_UP_SUFFIX.length) || day.name : day.name;

const DAY_MS = 86_400_000;
/** China has kept UTC+8 without daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Dates as day numbers since 1970-01-01, by integer arithmetic on the proleptic Gregorian calendar (no Date objects):
 * measures compute their reminder and escalation days on every wake, and again for every measure a restarted worker
 * rebuilds from its history.
 */
function epochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new RangeError(`no such date: ${date}`);
  return daysFromCivil(year, month, day);
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number) => (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!);

/** Day number of a civil date: years counted from March, so the leap day ends each 400-year era's year. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function fromEpochDay(epoch: number): string {
  const z = epoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** True for a day that exists written as yyyy-mm-dd: 2026-02-30 is not one. */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/** The calendar date plus `n` calendar days. */
export function addDays(date: string, n: number): string {
  return fromEpochDay(epochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday, of a day number: 1970-01-01 was a Thursday. */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekdayOf(epochDay(date));
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

export function isWorkingDay(date: string, cal: TCalendar): boolean {
  return isWorkingEpochDay(epochDay(date), cal);
}

function isWorkingEpochDay(day: number, cal: TCalendar): boolean {
  if (cal.holidays.has(day)) return false;
  if (cal.workdays.has(day)) return true;
  const dow = weekdayOf(day);
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
    if (isWorkingEpochDay(day, cal)) left -= 1;
  }
  return fromEpochDay(day);
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string, cal: TCalendar): number {
  const start = epochDay(from);
  const end = epochDay(to);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) if (isWorkingEpochDay(day, cal)) count += 1;
  return count;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return fromEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The Asia/Shanghai date and time of an instant as people read it: `yyyy-mm-dd HH:MM`, or with `:SS`. */
export function shanghaiTime(instant: Date | number, precision: 'minute' | 'second' = 'minute'): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, precision === 'minute' ? 16 : 19).replace('T', ' ');
}

/** The instant a Shanghai calendar date begins (00:00 +08:00), in epoch milliseconds. */
export function shanghaiMidnight(date: string): number {
  return epochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function calendarFromDays(days: readonly TCalendarDay[]): TCalendar {
  const holidays = new Set<number>();
  const workdays = new Set<number>();
  for (const d of days) {
    const day = epochDay(d.date);
    (d.kind === 'holiday' ? holidays : workdays).add(day);
    (d.kind === 'holiday' ? workdays : holidays).delete(day);
  }
  return { holidays, workdays };
}

/** Later days replace earlier ones with the same date: edited rows override the shipped schedule. */
export function mergeCalendarDays(base: readonly TCalendarDay[], overrides: readonly TCalendarDay[]): TCalendarDay[] {
  const byDate = new Map(base.map((d) => [d.date, d]));
  for (const d of overrides) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
