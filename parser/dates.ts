import { chineseNumeralValue } from './numbering';
import { rx } from './variants';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An ISO date when the parts make a real calendar date, otherwise null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1949 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  if (day > lastDayOfMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A due date from a written date; a month or a year alone means its last day ("6月底前" is due on the 30th). */
function dueDate(year: number, month: number | null, day: number | null): string | null {
  if (month === null) return isoDate(year, 12, 31);
  if (day === null) return isoDate(year, month, year >= 1949 && month >= 1 && month <= 12 ? lastDayOfMonth(year, month) : 1);
  return isoDate(year, month, day);
}

/** A half or a quarter of a year: 上半年, 下半年, 第三季度, 二季度, 3季度. */
const PART_OF_YEAR_SOURCE = '(?:([上下])半年|第?([一二三四1-4])季度)';
/** 2020年底 and 2022年年底 alike */
const DATE_SOURCE = `(\\d{4})\\s*年(?:\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?|\\s*${PART_OF_YEAR_SOURCE})?\\s*(?:年\\s*(?=[底末]))?(底|末)?`;
const DATE = rx(DATE_SOURCE, 'g');
const NUMERIC_DATE = /(\d{4})[-./](\d{1,2})[-./](\d{1,2})/g;

/** The month a half (上/下) or a quarter (一…四, 1…4) of a year ends with. */
function partEndMonth(half: string | undefined, quarter: string | undefined): number | null {
  if (half) return half === '上' ? 6 : 12;
  if (quarter) return 3 * ('一二三四'.indexOf(quarter) + 1 || Number(quarter));
  return null;
}

/**
 * A written date as the day it falls due: a year alone at its end, a half or a quarter at the end of its last month
 * (2027年上半年 → 2027-06-30). A year alone counts only with 底/末 when `yearAloneNeedsEnd`.
 */
function dateOf(m: RegExpExecArray, yearAloneNeedsEnd: boolean): string | null {
  const month = m[2] ? Number(m[2]) : partEndMonth(m[4], m[5]);
  if (month === null && yearAloneNeedsEnd && !m[6]) return null;
  return dueDate(Number(m[1]), month, m[3] ? Number(m[3]) : null);
}

/** A due date as written: its day, and whether the text named only a year (2027年, 2027年底). */
type TWrittenDue = { iso: string; yearOnly: boolean };

/** A DATE match as a due date, or null where dateOf reads none. */
function writtenDueOf(m: RegExpExecArray, yearAloneNeedsEnd: boolean): TWrittenDue | null {
  const iso = dateOf(m, yearAloneNeedsEnd);
  return iso ? { iso, yearOnly: !m[2] && !m[4] && !m[5] } : null;
}

function writtenDues(text: string, yearAloneNeedsEnd: boolean): TWrittenDue[] {
  const out: TWrittenDue[] = [];
  const dates = new RegExp(DATE.source, 'g');
  for (let m = dates.exec(text); m; m = dates.exec(text)) {
    const due = writtenDueOf(m, yearAloneNeedsEnd);
    if (due) out.push(due);
  }
  NUMERIC_DATE.lastIndex = 0;
  for (let m = NUMERIC_DATE.exec(text); m; m = NUMERIC_DATE.exec(text)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) out.push({ iso, yearOnly: false });
  }
  return out;
}

/** The labels a plan states a measure's time with; annotation.ts reads them as part of an annotation too. */
export const DEADLINE_LABEL_NAMES = '完成时限|完成年限|时限要求|完成时间|时间要求|时间节点|完成期限|办结时限|时限';
/** A line that states when the measure is due: 时限要求：2019年6月底前, 完成时限: … */
export const DEADLINE_LABEL = rx(`(${DEADLINE_LABEL_NAMES})\\s*[:：]`);
const DEADLINE_LINE = rx(`(?:${DEADLINE_LABEL_NAMES})\\s*[:：]([^\\n]*)`, 'g');

const DATE_JOINER = rx('^\\s*(和|、|及|与|，|,|或)\\s*$');
const DUE_AFTER = rx('^\\s*(之前|以前|前|为止)');

/**
 * One or more dates followed by 前/之前/以前/为止: 于2013年7月15日和2014年1月15日前. Dates are walked once,
 * grouped while only a joiner separates them, so a long list costs linear time.
 */
function dueGroups(text: string): string[] {
  const due: string[] = [];
  let group: string[] = [];
  let groupEnd = -1;
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m; m = DATE.exec(text)) {
    if (group.length > 0 && !DATE_JOINER.test(text.slice(groupEnd, m.index))) {
      if (DUE_AFTER.test(text.slice(groupEnd, groupEnd + 4))) due.push(...group);
      group = [];
    }
    const date = dateOf(m, true);
    group.push(date ?? '');
    groupEnd = m.index + m[0].length;
  }
  if (group.length > 0 && DUE_AFTER.test(text.slice(groupEnd, groupEnd + 4))) due.push(...group);
  return due.filter((d) => d.length > 0);
}

/** ISO dates the text makes due, in order, without repeats. */
export function extractDeadlines(text: string): string[] {
  const found: string[] = [];
  for (const due of labelledDues(text)) found.push(due.iso);
  found.push(...dueGroups(text));
  return [...new Set(found)];
}

function labelledDues(text: string): TWrittenDue[] {
  const found: TWrittenDue[] = [];
  DEADLINE_LINE.lastIndex = 0;
  for (let m = DEADLINE_LINE.exec(text); m; m = DEADLINE_LINE.exec(text)) found.push(...writtenDues(m[1]!, false));
  return found;
}

/**
 * What a measure's 完成时限 (a labelled line, the clause of an annotation, a task table's column) ties its targets
 * to, as a target's `by`: the year when it names a year alone (2027年底 → 2027), else the day (2027年6月底前 →
 * 2027-06-30); the latest when it names several. Null when it names no date (长期坚持).
 */
export function labelledDueBy(text: string): string | null {
  let latest: TWrittenDue | null = null;
  for (const due of labelledDues(text)) if (latest === null || due.iso > latest.iso) latest = due;
  return latest === null ? null : dueBy(latest);
}

function dueBy(due: TWrittenDue): string {
  return due.yearOnly ? due.iso.slice(0, 4) : due.iso;
}

/** Brackets holding only a date, with the words that make it a deadline: （2027年底前完成） （2026年） （到2027年6月） */
const BRACKETED_DATE = rx(
  `^[(（]\\s*(?:到|至|于|在|力争到?|争取到?)?\\s*${DATE_SOURCE}\\s*(?:之前|以前|前|为止)?\\s*(?:完成|实现|达到|达标|建成)?\\s*[)）]`,
);

/**
 * A date in brackets at the start of `text`, as a target's `by` (as labelledDueBy writes it), and the brackets'
 * length: 培育5家（2027年底前完成） is due in 2027, 合格率达到95%以上（2026年6月） by 2026-06-30.
 */
export function bracketedDueBy(text: string): { by: string; length: number } | null {
  const m = BRACKETED_DATE.exec(text);
  const due = m ? writtenDueOf(m, false) : null;
  if (!m || !due) return null;
  return { by: dueBy(due), length: m[0].length };
}

const WRITTEN_DATE = /^[(（]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?$/;
const CHINESE_DATE = /^[(（]?\s*([〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*[)）]?$/;
const NUMERIC_LINE = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/;

/** A line that is only a date (the date of issue under a signature), as ISO, or null. */
export function dateLine(trimmed: string): string | null {
  const m = WRITTEN_DATE.exec(trimmed) ?? NUMERIC_LINE.exec(trimmed);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const c = CHINESE_DATE.exec(trimmed);
  if (!c) return null;
  const year = Number([...c[1]!].map((ch) => (ch === '○' || ch === 'Ｏ' ? '0' : String(chineseNumeralValue(ch)))).join(''));
  return isoDate(year, chineseNumeralValue(c[2]!), chineseNumeralValue(c[3]!));
}

/** The first date written anywhere in a line (for labelled fields such as 发布时间：2016年04月25日). */
export function firstDateIn(text: string): string | null {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (!m) return null;
  return m[1] ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : isoDate(Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Where the text names a time a target can be tied to, and that time: a year (2020), or a day (2027-06-30). */
export type TYearMention = { at: number; by: string; strong: boolean };

const YEAR = rx('(?:(到|至|截至|截止到?|力争到|争取到)\\s*)?(\\d{4})\\s*年(底|末)?', 'g');
const NOT_TARGET_YEAR_BEFORE = rx('(较|比|与|同|自|从|和|、|-|—|~|～|至)\\s*$');
const NOT_TARGET_YEAR_AFTER = rx('^\\s*(以来|起|开始|相比|比|同期|的?基础上|水平|[上下]半年|[一二三四]季度|\\d{1,2}\\s*月|[-—~～至]|和|、)');
const MONTH_AFTER = rx(`^\\s*(?:(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?|${PART_OF_YEAR_SOURCE})\\s*(?:底|末)?`);
const DUE_MARK = rx('^\\s*(之前|以前|前|为止)');

/**
 * Times a target can be tied to: 到2020年, 2016年…, but not a baseline (较2013年), a period start (2016年以来),
 * or a date inside a sentence about something else (2016年6月). A day by which something is due (2027年6月底前,
 * 到2027年6月) ties its targets to that day, as a 完成时限 naming it does.
 */
export function yearMentions(text: string): TYearMention[] {
  const out: TYearMention[] = [];
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) {
    const year = Number(m[2]);
    if (year < 1990 || year > 2100) continue;
    const yearStart = m.index + m[0].indexOf(m[2]!);
    if (!m[1] && NOT_TARGET_YEAR_BEFORE.test(text.slice(Math.max(0, yearStart - 3), yearStart))) continue;
    const end = m.index + m[0].length;
    if (!m[3]) {
      const day = dueDay(text.slice(end, end + 16), year, Boolean(m[1]));
      if (day) {
        out.push({ at: m.index, by: day, strong: true });
        continue;
      }
    }
    if (!m[1] && !m[3] && NOT_TARGET_YEAR_AFTER.test(text.slice(end, end + 6))) continue;
    out.push({ at: m.index, by: m[2]!, strong: Boolean(m[1] || m[3]) });
  }
  return out;
}

/** The day a year's month (and day), half or quarter falls due, when the text makes it a deadline: 到… or …前. */
function dueDay(after: string, year: number, reached: boolean): string | null {
  const m = MONTH_AFTER.exec(after);
  if (!m || !(reached || DUE_MARK.test(after.slice(m[0].length)))) return null;
  const month = m[1] ? Number(m[1]) : partEndMonth(m[3], m[4]);
  return month === null ? null : dueDate(year, month, m[2] ? Number(m[2]) : null);
}
