/**
 * Reads the State Council's annual holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) into calendar days, so a
 * coordinator can paste the notice instead of typing next year's holidays and make-up working days by hand.
 * Pure: no I/O, no clock. A notice that cannot be read completely yields its problems and no days at all: a
 * calendar that silently lost one make-up day would shift every deadline that crosses it.
 */
import { addDays, dayOfWeek, daysBetween, makeUpDayName, type TCalendarDay } from './working-days';

export type TNoticeFestival = { name: string; first: string; last: string; days: number; workdays: string[] };
/** `line` is 1-based in the input; `message` is Chinese, then " / ", then English. */
export type TNoticeProblem = { line: number; text: string; message: string };
export type TNoticeParse =
  | { ok: true; year: number; festivals: TNoticeFestival[]; days: TCalendarDay[]; elsewhere: TCalendarDay[] }
  | { ok: false; year: number | null; problems: TNoticeProblem[] };

/** Notices exist only since 1949; the upper bound keeps every date, and the month after it, at four-digit years. */
const MIN_YEAR = 1949;
const MAX_YEAR = 2199;
/** No festival has ever lasted a month; a longer range is a typo, and expanding it day by day would be wasteful. */
const MAX_HOLIDAY_DAYS = 31;

// ---------------------------------------------------------------------------------------------------------------
// Text and lines

/**
 * Full-width punctuation and digits become their half-width forms one character for one character, so an offset in
 * the normalised text is the same offset in what the coordinator pasted, and problems can quote the original line.
 */
function normalise(text: string): string {
  return text.replace(/[０-９：，（）；．　\u00a0]/g, (c) => {
    if (c >= '０' && c <= '９') return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    return HALF_WIDTH[c]!;
  });
}
const HALF_WIDTH: Record<string, string> = { '：': ':', '，': ',', '（': '(', '）': ')', '；': ';', '．': '.', '　': ' ', '\u00a0': ' ' };

type TLines = { starts: number[]; texts: string[] };

function splitLines(text: string): TLines {
  const texts = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of texts) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return { starts, texts };
}

/** 0-based index of the line holding `offset`. */
function lineIndexAt(lines: TLines, offset: number): number {
  let low = 0;
  let high = lines.starts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (lines.starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Problems keep the offset they were found at, to sort them in reading order and name their line. */
type TFinding = { at: number; message: string };

function toProblem(lines: TLines, finding: TFinding): TNoticeProblem {
  const index = lineIndexAt(lines, finding.at);
  return { line: index + 1, text: (lines.texts[index] ?? '').trim(), message: finding.message };
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const isoOf = (year: number, month: number, day: number) => `${year}-${pad2(month)}-${pad2(day)}`;
const WEEKDAY_NAMES = '日一二三四五六';
const weekdayName = (weekday: number) => `周${WEEKDAY_NAMES[weekday]}`;
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** 2月15日, for messages: the notice's own way of writing a date. */
const writtenDate = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** The ISO date when the parts make a real one, else null; month lengths come from working-days' arithmetic. */
function existingDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const next = month === 12 ? isoOf(year + 1, 1, 1) : isoOf(year, month + 1, 1);
  return day <= daysBetween(isoOf(year, month, 1), next) ? isoOf(year, month, day) : null;
}

/** A date as written: `2022年12月31日（周六）`, `2月15日（农历腊月二十八、周日）`, or the day alone, `23日`. */
type TDateRef = { year: number | null; month: number | null; day: number; weekday: number | null; at: number };

const DATE_REF = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*\(([^()\n]*)\))?/y;
const WEEKDAY_IN_NOTE = /(?:周|星期|礼拜)\s*([日天一二三四五六])/;

function readDateRef(text: string, at: number): { ref: TDateRef; end: number } | null {
  DATE_REF.lastIndex = at;
  const m = DATE_REF.exec(text);
  if (!m) return null;
  const weekday = m[4] === undefined ? null : WEEKDAY_IN_NOTE.exec(m[4]);
  const ref: TDateRef = {
    year: m[1] === undefined ? null : Number(m[1]),
    month: m[2] === undefined ? null : Number(m[2]),
    day: Number(m[3]),
    weekday: weekday ? WEEKDAY_NAMES.indexOf(weekday[1]!.replace('天', '日')) : null,
    at,
  };
  return { ref, end: DATE_REF.lastIndex };
}

// ---------------------------------------------------------------------------------------------------------------
// Statements inside a festival clause

/**
 * What a clause says, before any date is checked: a holiday (`1月1日至3日放假调休，共3天`, `1月1日放假1天`,
 * `1月2日补休`) or make-up working days (`1月26日、2月8日上班`). Dates stay as written until the clause resolves them.
 */
type TStatement =
  | { kind: 'holiday'; first: TDateRef; last: TDateRef; count: number | null }
  | { kind: 'workday'; dates: TDateRef[] };

const RANGE_TO = /\s*至\s*/y;
const LIST_SEPARATOR = /\s*[、,和及]\s*/y;
const HOLIDAY_TAIL = /\s*放假\s*(?:调休)?(?:\s*,?\s*(?:共\s*)?(\d{1,3})\s*天)?/y;
const COMPENSATORY_TAIL = /\s*补休/y;
const WORKDAY_TAIL = /\s*上班/y;
/** Punctuation between statements, and phrases that add nothing to the dates (不调休, 与周末连休). */
const BETWEEN_STATEMENTS = /(?:[\s。;,.]|不调休|与周末连休)+/y;

/** A sticky match at `at` with where it ends, or null. */
function matchAt(pattern: RegExp, text: string, at: number): { end: number; groups: RegExpExecArray } | null {
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  return m ? { end: pattern.lastIndex, groups: m } : null;
}

const countOf = (m: RegExpExecArray) => (m[1] === undefined ? null : Number(m[1]));

function skip(pattern: RegExp, text: string, at: number): number {
  return matchAt(pattern, text, at)?.end ?? at;
}

/**
 * One statement starting at `at`, or null when the text there is not one. The first date must name its month:
 * a bare `3日` at the start of a sentence could belong to any month.
 */
function readStatement(text: string, at: number): { statement: TStatement; end: number } | null {
  const first = readDateRef(text, at);
  if (!first || first.ref.month === null) return null;

  const to = matchAt(RANGE_TO, text, first.end);
  if (to) {
    const last = readDateRef(text, to.end);
    const tail = last && matchAt(HOLIDAY_TAIL, text, last.end);
    if (!last || !tail) return null;
    return { statement: { kind: 'holiday', first: first.ref, last: last.ref, count: countOf(tail.groups) }, end: tail.end };
  }

  const dates = [first.ref];
  let end = first.end;
  for (let sep = matchAt(LIST_SEPARATOR, text, end); sep; sep = matchAt(LIST_SEPARATOR, text, end)) {
    const next = readDateRef(text, sep.end);
    if (!next) break;
    dates.push(next.ref);
    end = next.end;
  }

  const holiday = dates.length === 1 ? matchAt(HOLIDAY_TAIL, text, end) : null;
  if (holiday) return { statement: { kind: 'holiday', first: first.ref, last: first.ref, count: countOf(holiday.groups) }, end: holiday.end };
  // 补休 days are holidays given back for a festival that fell on a weekend, so each counts as one holiday.
  const compensatory = dates.length === 1 ? matchAt(COMPENSATORY_TAIL, text, end) : null;
  if (compensatory) return { statement: { kind: 'holiday', first: first.ref, last: first.ref, count: null }, end: compensatory.end };
  const workday = matchAt(WORKDAY_TAIL, text, end);
  if (workday) return { statement: { kind: 'workday', dates }, end: workday.end };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Clauses

/** `元旦`, `春节`, `国庆节、中秋节`: the festival name as the notice writes it, before the colon. */
const NAME = '(?:元旦|[\\u4e00-\\u9fff]{1,4}节)';
/**
 * A clause starts a line or follows the end of a sentence, may be numbered (一、 or 1.), and names its festival
 * before a colon. The colon may be missing when a date follows at once, as in a hastily retyped `清明节4月4日…`.
 */
const CLAUSE_START = new RegExp(
  `(?:^|(?<=[。;.\\s]))(?:[一二三四五六七八九十]{1,3}\\s*、\\s*|\\d{1,2}\\s*[.、]\\s*)?(${NAME}(?:[、和]${NAME})*)\\s*(?::|(?=\\d))`,
  'gm',
);

type TClauseStart = { at: number; nameAt: number; name: string; bodyAt: number };

function findClauseStarts(text: string): TClauseStart[] {
  const starts: TClauseStart[] = [];
  for (const m of text.matchAll(CLAUSE_START)) {
    const name = m[1]!;
    starts.push({ at: m.index, nameAt: m.index + m[0].indexOf(name), name, bodyAt: m.index + m[0].length });
  }
  return starts;
}

/** Where an unread piece of a clause ends: the end of its sentence, or of its line. */
const FRAGMENT_END = /[。;.\n]/g;

function fragmentEnd(text: string, at: number, limit: number): number {
  FRAGMENT_END.lastIndex = at;
  const m = FRAGMENT_END.exec(text);
  return m && m.index < limit ? m.index + 1 : limit;
}

/**
 * Whether an unread piece inside a clause still belongs to the schedule. Text that speaks of leave or work, counts
 * days (共三天), or holds a month and day without a year, is a line the coordinator expects read; anything else (the closing paragraph, the
 * signature, a publication date with its year) ends the clause.
 */
function speaksOfSchedule(fragment: string): boolean {
  return /放假|上班|补休|调休|共\s*\S{1,3}\s*天/.test(fragment) || /(?<![\d年]\s*)\d{1,2}\s*月\s*\d{1,2}\s*日/.test(fragment);
}

type TClauseRead = { name: string; nameAt: number; statements: TStatement[]; unread: boolean; end: number };

/**
 * The statements of one clause, up to `limit` (the next clause) or the first piece that is not about dates. `text` is
 * normalised; `original` is what was pasted, to quote an unread piece as the coordinator wrote it.
 */
function readClause(text: string, original: string, start: TClauseStart, limit: number, findings: TFinding[]): TClauseRead {
  const statements: TStatement[] = [];
  let unread = false;
  let at = start.bodyAt;
  for (;;) {
    at = Math.min(skip(BETWEEN_STATEMENTS, text, at), limit);
    if (at >= limit) break;
    const read = readStatement(text, at);
    if (read && read.end <= limit) {
      statements.push(read.statement);
      at = read.end;
      continue;
    }
    const end = fragmentEnd(text, at, limit);
    if (!speaksOfSchedule(text.slice(at, end))) break;
    findings.push({ at, message: `无法读取“${original.slice(at, end).trim()}” / cannot read this part of the notice` });
    unread = true;
    at = end;
  }
  return { name: start.name, nameAt: start.nameAt, statements, unread, end: at };
}

// ---------------------------------------------------------------------------------------------------------------
// From statements to dated entries

/** One dated day with the place it was written, to report a later conflict on the right line. */
type TEntry = { date: string; kind: TCalendarDay['kind']; festival: string; at: number };

/**
 * Resolves the dates of one statement. A date without a year or month takes them from the date before it in the
 * same statement (`2月14日、28日`, `2022年12月31日至2023年1月2日`), and the first from the notice's year.
 */
function resolveDates(refs: readonly TDateRef[], year: number, findings: TFinding[]): (string | null)[] {
  let context = { year, month: refs[0]?.month ?? 1 };
  return refs.map((ref) => {
    context = { year: ref.year ?? context.year, month: ref.month ?? context.month };
    const iso = existingDate(context.year, context.month, ref.day);
    if (iso === null) {
      findings.push({ at: ref.at, message: `${context.year}年${context.month}月${ref.day}日不存在 / no such date` });
      return null;
    }
    const actual = dayOfWeek(iso);
    if (ref.weekday !== null && ref.weekday !== actual) {
      findings.push({
        at: ref.at,
        message: `${writtenDate(iso)}写作${weekdayName(ref.weekday)}，实为${weekdayName(actual)} / ${iso} is written as a ${WEEKDAYS_EN[ref.weekday]} but is a ${WEEKDAYS_EN[actual]}`,
      });
    }
    return iso;
  });
}

function holidayEntries(name: string, s: Extract<TStatement, { kind: 'holiday' }>, year: number, findings: TFinding[]): TEntry[] {
  const [first, last] = resolveDates([s.first, s.last], year, findings);
  if (!first || !last) return [];
  const length = daysBetween(first, last) + 1;
  if (length < 1) {
    findings.push({ at: s.last.at, message: `${name}：${writtenDate(last)}早于${writtenDate(first)} / the range ends (${last}) before it starts (${first})` });
    return [];
  }
  if (s.count !== null && s.count !== length) {
    findings.push({ at: s.first.at, message: `${name}：写明共${s.count}天，${first}至${last}实为${length}天 / says ${s.count} days but ${first} to ${last} is ${length}` });
  }
  if (length > MAX_HOLIDAY_DAYS) {
    findings.push({ at: s.first.at, message: `${name}：放假${length}天，过长 / a ${length}-day holiday is not plausible` });
    return [];
  }
  return Array.from({ length }, (_, i) => ({ date: addDays(first, i), kind: 'holiday' as const, festival: name, at: s.first.at }));
}

function workdayEntries(name: string, s: Extract<TStatement, { kind: 'workday' }>, year: number, findings: TFinding[]): TEntry[] {
  const dates = resolveDates(s.dates, year, findings);
  const entries: TEntry[] = [];
  dates.forEach((date, i) => {
    const at = s.dates[i]!.at;
    if (date === null) return;
    const weekday = dayOfWeek(date);
    // A make-up day moves a weekend's rest into the holiday; on a weekday it would move nothing.
    if (weekday !== 0 && weekday !== 6) {
      findings.push({ at, message: `${name}：调休上班日${writtenDate(date)}是${weekdayName(weekday)}，不是周末 / make-up working day ${date} is not a Saturday or Sunday` });
    }
    entries.push({ date, kind: 'workday', festival: name, at });
  });
  return entries;
}

function clauseEntries(clause: TClauseRead, year: number, findings: TFinding[]): TEntry[] {
  const entries = clause.statements.flatMap((s) =>
    s.kind === 'holiday' ? holidayEntries(clause.name, s, year, findings) : workdayEntries(clause.name, s, year, findings),
  );
  // A clause whose dates could not be read has been reported already; saying it has no holiday adds nothing.
  if (!clause.unread && !clause.statements.some((s) => s.kind === 'holiday')) {
    findings.push({ at: clause.nameAt, message: `${clause.name}：未找到放假日期 / no holiday dates found for ${clause.name}` });
  }
  return entries;
}

/** A date written twice: as holiday and make-up day it contradicts itself; twice the same way it is a slip. */
function checkRepeats(entries: readonly TEntry[], findings: TFinding[]): void {
  const seen = new Map<string, TEntry>();
  for (const entry of entries) {
    const earlier = seen.get(entry.date);
    if (!earlier) {
      seen.set(entry.date, entry);
      continue;
    }
    if (earlier.kind === entry.kind) {
      findings.push({ at: entry.at, message: `${entry.date}重复出现（${earlier.festival}、${entry.festival}） / ${entry.date} is listed twice` });
      continue;
    }
    const [holiday, workday] = earlier.kind === 'holiday' ? [earlier, entry] : [entry, earlier];
    findings.push({
      at: workday.at,
      message: `${workday.festival}：调休上班日${writtenDate(workday.date)}落在${holiday.festival}放假期间，同一天既放假又上班 / make-up working day ${workday.date} falls inside the ${holiday.festival} holiday`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The year

/** `国务院办公厅关于2026年部分节假日安排的通知`. */
const TITLE_YEAR = /关于\s*(\d{4})\s*年[^\n]{0,20}?安排/;
/** `现将2026年元旦、春节…`; a year followed by a month is a publication date, not the notice's year. */
const BARE_YEAR = /(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)/;
const YEAR_LINES = 5;

type TYearSource = { year: number; at: number } | null;

function titleYear(preamble: string): TYearSource {
  const m = TITLE_YEAR.exec(preamble);
  return m ? { year: Number(m[1]), at: m.index } : null;
}

/** A year in the first lines before the first clause: a notice pasted without its title still says it there. */
function openingYear(preamble: string): TYearSource {
  let offset = 0;
  let seen = 0;
  for (const line of preamble.split('\n')) {
    const m = BARE_YEAR.exec(line);
    if (m) return { year: Number(m[1]), at: offset + m.index };
    if (line.trim() !== '') seen += 1;
    if (seen >= YEAR_LINES) break;
    offset += line.length + 1;
  }
  return null;
}

function findYear(preamble: string, asked: number | undefined, findings: TFinding[]): number | null {
  const title = titleYear(preamble);
  if (asked !== undefined) {
    if (!Number.isInteger(asked) || asked < MIN_YEAR || asked > MAX_YEAR) {
      findings.push({ at: 0, message: `指定的年份${asked}无效 / year ${asked} is not between ${MIN_YEAR} and ${MAX_YEAR}` });
      return null;
    }
    if (title && title.year !== asked) {
      findings.push({ at: title.at, message: `标题中的年份${title.year}与指定的${asked}不一致 / the title names ${title.year}, not ${asked}` });
    }
    return asked;
  }
  const found = title ?? openingYear(preamble);
  if (!found) {
    findings.push({ at: 0, message: '未找到年份：请在标题中写明（关于YYYY年部分节假日安排的通知）或指定年份 / no year found in the title or first lines' });
    return null;
  }
  if (found.year < MIN_YEAR || found.year > MAX_YEAR) {
    findings.push({ at: found.at, message: `年份${found.year}超出范围 / year ${found.year} is out of range` });
    return null;
  }
  return found.year;
}

// ---------------------------------------------------------------------------------------------------------------
// Text outside the clauses

/** A line the clauses did not account for that still names leave or work and a day: the coordinator would miss it. */
function checkUnread(text: string, clauses: readonly { at: number; end: number }[], findings: TFinding[]): void {
  let outside = text;
  for (const c of clauses) outside = outside.slice(0, c.at) + ' '.repeat(c.end - c.at) + outside.slice(c.end);
  let offset = 0;
  for (const line of outside.split('\n')) {
    if (/放假|上班|补休/.test(line) && /\d{1,2}\s*日/.test(line)) {
      const at = offset + line.search(/\S/);
      findings.push({ at, message: '此行像是节假日安排，但无法读取 / this line looks like a holiday clause but cannot be read' });
    }
    offset += line.length + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------

const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

function toCalendarDay(entry: TEntry): TCalendarDay {
  const name = entry.kind === 'holiday' ? entry.festival : makeUpDayName(entry.festival);
  return { date: entry.date, kind: entry.kind, name };
}

function toFestival(clause: TClauseRead, entries: readonly TEntry[]): TNoticeFestival {
  const mine = entries.filter((e) => e.festival === clause.name);
  const holidays = mine.filter((e) => e.kind === 'holiday').map((e) => e.date).sort();
  return {
    name: clause.name,
    first: holidays[0]!,
    last: holidays[holidays.length - 1]!,
    days: holidays.length,
    workdays: mine.filter((e) => e.kind === 'workday').map((e) => e.date).sort(),
  };
}

export function parseHolidayNotice(text: string, options: { year?: number } = {}): TNoticeParse {
  const lines = splitLines(text);
  const normal = normalise(text);
  const findings: TFinding[] = [];
  const fail = (year: number | null): TNoticeParse => ({
    ok: false,
    year,
    problems: [...findings].sort((a, b) => a.at - b.at).map((f) => toProblem(lines, f)),
  });

  const starts = findClauseStarts(normal);
  const year = findYear(normal.slice(0, starts[0]?.at ?? normal.length), options.year, findings);
  if (year === null) return fail(null);

  const clauses = starts.map((start, i) => readClause(normal, text, start, starts[i + 1]?.at ?? normal.length, findings));
  checkUnread(normal, clauses.map((c, i) => ({ at: starts[i]!.at, end: c.end })), findings);
  if (clauses.length === 0) findings.push({ at: 0, message: '未找到任何节日安排 / no festival clause found' });

  const entries = clauses.flatMap((c) => clauseEntries(c, year, findings));
  checkRepeats(entries, findings);
  if (findings.length > 0) return fail(year);

  // A festival named in two clauses gets one summary covering both, rather than two rows under the same name.
  const festivals = [...new Map(clauses.map((c) => [c.name, toFestival(c, entries)])).values()];
  const days = entries.map(toCalendarDay).sort(byDate);
  return {
    ok: true,
    year,
    festivals,
    days: days.filter((d) => yearOf(d.date) === year),
    elsewhere: days.filter((d) => yearOf(d.date) !== year),
  };
}
