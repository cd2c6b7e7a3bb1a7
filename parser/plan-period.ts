import { DEADLINE_LABEL_NAMES, isoDate } from './dates';
import { chineseNumeralValue } from './numbering';
import type { TMeasureDue, TParseWarning, TPlanPeriod, TTarget } from './schema';
import { maskQuoted } from './targets';
import { rx } from './variants';

/**
 * When a plan runs and when each of its measures is due, as the plan itself says: 到2020年, 2020年底前, 2019年6月底前,
 * 完成时限：2026年. The plan-period work builds on these facts; each comes with the words it was read from, so a review page
 * can show why ("到2020年" in 一/（三）).
 */

/**
 * A date the text names as the time by which something is done or reached, with the words that name it: reached
 * (到2020年), due (2020年底前), labelled (完成时限：2026年) or a horizon (2012年起5年内).
 */
export type TNamedDue = { date: string; text: string; at: number; kind: 'reached' | 'due' | 'labelled' | 'horizon' };

function monthEnd(year: number, month: number): string {
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate())!;
}

const PART_END: Record<string, number> = { 上: 6, 下: 12, 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

/** A written date: year, then a month (and day), a half or a quarter, or the year's end. */
const WHEN = String.raw`(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?|\s*([上下])半年|\s*第?([一二三四1-4])季度)?(?:\s*(年?\s*[底末]))?`;
/** 到2020年 · 力争到2025年底 · 截至2022年6月 */
const REACHED = rx(`(?:到|至|截至|截止到?|力争到|争取到|力争在|争取在)\\s*${WHEN}`, 'g');
/** 2020年底 · 2019年6月底前 · 于2012年10月底前 · 2014年1月15日前 · 2027年上半年前 */
const DUE = rx(`${WHEN}\\s*(之前|以前|前|为止)?`, 'g');
/** 2012年起5年内: a horizon of so many years from a year, due at the end of its last. */
const YEARS_FROM = rx('(\\d{4})\\s*年起\\s*(\\d{1,2}|[一二两三四五六七八九十])\\s*年', 'g');
/** 完成时限：2026年 — a labelled line names its year alone too. */
const LABELLED = rx(`(?:${DEADLINE_LABEL_NAMES})\\s*[:：]\\s*${WHEN}\\s*(?:之前|以前|前|为止)?`, 'g');

const A_YEAR = /\d{4}\s*年/;

/** The day a written date falls due: a year at its end, a month at its end, a half or a quarter at its last day. */
function dueOf(m: RegExpExecArray, first: number): string | null {
  const year = Number(m[first]);
  const month = m[first + 1] ? Number(m[first + 1]) : (PART_END[m[first + 3] ?? m[first + 4] ?? ''] ?? null);
  if (year < 1990 || year > 2100) return null;
  if (month === null) return isoDate(year, 12, 31);
  const day = m[first + 2] ? Number(m[first + 2]) : null;
  return day === null ? (month >= 1 && month <= 12 ? monthEnd(year, month) : null) : isoDate(year, month, day);
}

/**
 * Dates the text names as due: a date reached (到…), a year's or month's end (…年底, …月底), a date something is due
 * before (…前), or a labelled deadline. Not a baseline (较2015年), a start (2016年以来, 自2022年), a range in a title
 * (2021—2023年) or a year inside a quoted title; in text order, each once.
 */
export function namedDues(text: string): TNamedDue[] {
  // most sentences name no year: they cost one scan
  if (!A_YEAR.test(text)) return [];
  const masked = maskQuoted(text);
  const found = new Map<number, TNamedDue>();
  // where the years read so far stand, so that a 到2020年底 is not read again as 2020年底
  const yearsRead = new Set<number>();
  const add = (at: number, length: number, date: string | null, kind: TNamedDue['kind']) => {
    if (!date || found.has(at)) return;
    found.set(at, { date, text: text.slice(at, at + length).trim(), at, kind });
    yearsRead.add(at + masked.slice(at, at + length).search(/\d{4}/));
  };
  for (const m of masked.matchAll(REACHED)) add(m.index, m[0].length, dueOf(m, 1), 'reached');
  for (const m of masked.matchAll(YEARS_FROM)) {
    const years = /\d/.test(m[2]!) ? Number(m[2]) : chineseNumeralValue(m[2]!);
    if (years >= 1 && years <= 30) add(m.index, m[0].length, isoDate(Number(m[1]) + years - 1, 12, 31), 'horizon');
  }
  for (const m of masked.matchAll(LABELLED)) {
    const at = m.index + m[0].search(/\d{4}/);
    add(at, m.index + m[0].length - at, dueOf(m, 1), 'labelled');
  }
  for (const m of masked.matchAll(DUE)) {
    // a date is due at its end (2020年底) or before it (2019年6月底前)
    if ((!m[6] && !m[7]) || yearsRead.has(m.index)) continue;
    add(m.index, m[0].length, dueOf(m, 1), 'due');
  }
  return [...found.values()].sort((a, b) => a.at - b.at);
}

/**
 * 到2021年年底，各级教研机构配齐教研员: a date reached in a statement that sets no level is a deadline of the work it
 * states, as 2021年底前 would be; in 到2020年，合格率达到95% (or 转化率超过1/3) it is the year of the level set.
 */
export function reachedDeadlines(text: string, targets: readonly TTarget[], dues: readonly TNamedDue[] = namedDues(text)): string[] {
  const out: string[] = [];
  for (const due of dues) {
    if (due.kind !== 'reached' || out.includes(due.date)) continue;
    const statement = statementAround(text, due.at);
    const rest = text.slice(due.at + due.text.length, statement.end);
    const setsLevel = targets.some((t) => text.slice(statement.start, statement.end).includes(t.text)) || /[\d０-９]/.test(rest);
    if (!setsLevel) out.push(due.date);
  }
  return out;
}

const STATEMENT_END = /[。！!？?\n]/;
const SENTENCE_END = /[。；;！!？?\n]/;

/** The statement (up to a full stop or a line end; with `clauses`, a semicolon too) that holds an offset of the text. */
export function statementAround(text: string, at: number, clauses = false): { start: number; end: number } {
  const stop = clauses ? SENTENCE_END : STATEMENT_END;
  let start = at;
  while (start > 0 && !stop.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !stop.test(text[end]!)) end++;
  return { start, end: Math.min(text.length, end + 1) };
}

/** When a target is due: its year's end, or its date. */
function targetDue(by: string): string | null {
  if (/^\d{4}$/.test(by)) return `${by}-12-31`;
  return /^\d{4}-\d{2}-\d{2}$/.test(by) ? by : null;
}

/**
 * The latest date a measure names for itself: its deadlines, the dates its text says something is due or reached, and
 * its targets' years (a target tied to its section's 到2020年 included, shown by the target's own words); in a plan for
 * one year, its months too (see monthDuesIn).
 */
export function measureDue(
  text: string,
  targets: readonly TTarget[],
  planYear: number | null = null,
  dues: readonly TNamedDue[] = namedDues(text),
): TMeasureDue | null {
  let latest: TMeasureDue | null = null;
  const consider = (date: string | null, words: string) => {
    if (date && (latest === null || date > latest.date)) latest = { date, text: words };
  };
  for (const due of dues) consider(due.date, due.text);
  if (planYear !== null) for (const due of monthDuesIn(text, planYear)) consider(due.date, due.text);
  for (const target of targets) {
    for (const milestone of target.milestones ?? []) consider(targetDue(milestone.by), target.text);
    if (target.by) consider(targetDue(target.by), target.text);
  }
  return latest;
}

/** A date named somewhere in the plan, with the item it stands in. */
export type TPlacedDue = { date: string; text: string; ref: string | null };

/** 行动计划（2021—2023年）: the years a title names as its span. */
const TITLE_RANGE = rx('(\\d{4})\\s*[-－—–~～至到]\\s*(\\d{4})\\s*年');
/** “十四五”规划: a five-year plan's years. */
const FIVE_YEAR = rx('(十一|十二|十三|十四|十五|十六)五');
const FIVE_YEAR_END: Record<string, number> = { 十一: 2010, 十二: 2015, 十三: 2020, 十四: 2025, 十五: 2030, 十六: 2035 };
/** 2016年苏州市质量强市工作行动计划: the one year a title names. */
const TITLE_YEAR = rx('(\\d{4})\\s*年');

/** The year a title says the plan ends: its span's last year, a five-year plan's, or the one year it names. */
function titleEnd(title: string | null): { year: number; text: string; span: boolean } | null {
  if (!title) return null;
  const range = TITLE_RANGE.exec(title);
  if (range) return { year: Number(range[2]), text: range[0], span: true };
  const fiveYear = FIVE_YEAR.exec(title);
  if (fiveYear) return { year: FIVE_YEAR_END[fiveYear[1]!]!, text: `“${fiveYear[0]}”`, span: true };
  const year = TITLE_YEAR.exec(title);
  return year ? { year: Number(year[1]), text: year[0], span: false } : null;
}

/**
 * The plan's period: from its date of issue, to the end of the latest year it names. A span its title names
 * (行动计划（2021—2023年）, “十四五”规划) is the period, whatever vision year its goals look to (到2035年); otherwise the
 * latest year its targets, deadlines and goals name as due or to be reached, or the one year its title names; failing
 * those, the end of its issue year, with a warning. Never before the end of its issue year. Null, with a warning, when
 * it names neither a year nor its date.
 */
export function planPeriod(input: {
  issuedOn: string | null;
  issuedText: string | null;
  title: string | null;
  dues: readonly TPlacedDue[];
}): { period: TPlanPeriod | null; warnings: TParseWarning[] } {
  const from = input.issuedOn ? { date: input.issuedOn, text: input.issuedText ?? input.issuedOn, ref: null } : null;
  const issueYear = input.issuedOn ? Number(input.issuedOn.slice(0, 4)) : null;
  const fromTitle = titleEnd(input.title);
  // the first place that names the latest year: where a reader finds the plan's horizon
  let named: { year: number; text: string; ref: string | null; kind: 'named' | 'title' } | null = null;
  if (fromTitle?.span) named = { year: fromTitle.year, text: fromTitle.text, ref: null, kind: 'title' };
  else {
    for (const due of input.dues) {
      const year = Number(due.date.slice(0, 4));
      if (named === null || year > named.year) named = { year, text: due.text, ref: due.ref, kind: 'named' };
    }
    if (fromTitle && (named === null || fromTitle.year > named.year)) named = { year: fromTitle.year, text: fromTitle.text, ref: null, kind: 'title' };
  }
  if (named && (issueYear === null || named.year >= issueYear)) {
    return { period: { from, to: { date: `${named.year}-12-31`, text: named.text, ref: named.ref, kind: named.kind } }, warnings: [] };
  }
  if (issueYear !== null) {
    return {
      period: { from, to: { date: `${issueYear}-12-31`, text: input.issuedText ?? input.issuedOn!, ref: null, kind: 'issue-year' } },
      warnings: [{ code: 'PERIOD_UNREAD', message: `计划未写明实施期限，按发文年度（${issueYear}年）计`, ref: null }],
    };
  }
  return { period: null, warnings: [{ code: 'PERIOD_UNREAD', message: '计划未写明实施期限，也未写明发文日期', ref: null }] };
}

/** 6月底完成, 5月底取得阶段性成效, 12月取得明显成效, 7月底前, 年底前: a month (and day) without its year, named as when. */
const MONTH_DUE = rx(
  '(?:(?<![年每个\\d上下次当本])(\\d{1,2})\\s*月\\s*(?:份\\s*)?(?:(\\d{1,2})\\s*[日号]\\s*)?(底|末)?|(?<![\\d每])年底)\\s*(?=之前|以前|前|完成|取得|实现|建成|上线|完善|到位)',
  'g',
);

/**
 * In a plan for one year (包头市2022年…考评办法), a month named without its year is that year's: 6月底完成 is due on
 * 2022-06-30. Dates in text order, each once; none when the month is not one of the year's.
 */
export function monthDuesIn(text: string, year: number): TNamedDue[] {
  if (!/[月底]/.test(text)) return [];
  const masked = maskQuoted(text);
  const found: TNamedDue[] = [];
  for (const m of masked.matchAll(MONTH_DUE)) {
    const month = m[1] ? Number(m[1]) : 12;
    if (month < 1 || month > 12) continue;
    const date = m[2] ? isoDate(year, month, Number(m[2])) : monthEnd(year, month);
    if (date && !found.some((d) => d.date === date)) found.push({ date, text: text.slice(m.index, m.index + m[0].length).trim(), at: m.index, kind: 'due' });
  }
  return found;
}
