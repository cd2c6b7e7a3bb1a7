import { UserError } from '../lib/errors';
import { say } from '../lib/messages';
import { FIRST_IS_LEAD, SAME_BELOW, UNIT_LABEL_AFTER_SENTENCE, UNIT_LABEL_START, parseAnnotation, type TAnnotationUnits } from './annotation';
import { isChromeLine, isTrailingChrome } from './chrome';
import { DEADLINE_LABEL, extractDeadlines, labelledDueBy, yearMentions } from './dates';
import { inlineMarkerOffsets, matchMarker, matchMarkers, type TMarker, type TNumberStyle } from './numbering';
import { findIssuer, findTitle, type TLine } from './plan-meta';
import { measureDue, monthDuesIn, namedDues, planPeriod, reachedDeadlines, statementAround, type TNamedDue, type TPlacedDue } from './plan-period';
import { reportingIn, reportingSchedules } from './reporting';
import type { TUnitRegistry } from './registry';
import { resolveUnits } from './resolve-units';
import type { TParsedMeasure, TParsedPlan, TParseWarning, TSpan } from './schema';
import { detectScript } from './script';
import { extractTargets, maskQuoted } from './targets';
import { renderTabTables } from './tab-tables';
import { TABLE_END } from './task-tables';
import { rx } from './variants';

export type TParseOptions = { registry?: TUnitRegistry };

/**
 * The text every span refers to: the input without a byte-order mark, with \n line ends, and with a task table
 * pasted as tab-separated lines written out as numbered items, closed by a TABLE_END line when text follows it (see
 * tab-tables.ts).
 */
export function normaliseSource(text: string): string {
  return renderTabTables(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(SEPARATOR_IN_A_LINE, '\n'));
}

/**
 * A line or paragraph separator of the text's own, in a text given to the parser as it stands (see OWN_SEPARATOR,
 * which decodeDocument reads as line ends): every U+2028, and a U+2029 that shares its line with anything, since a
 * TABLE_END stands on a line alone. Read as a line end, with the line end written after it as one.
 */
const SEPARATOR_IN_A_LINE = /\u2028\n?|(?<=[^\n])\u2029\n?|\u2029(?=[^\n])/g;

/** The import layer's rule: a document without a single measure is refused rather than stored empty. */
export function assertMeasuresFound(plan: TParsedPlan): void {
  if (plan.measures.length === 0) throw new UserError(say('noMeasures'));
}

type TItem = {
  marker: TMarker;
  path: string;
  parent: TItem | null;
  children: TItem[];
  contentStart: number;
  /** the item's own lines, before its first child item: ranges of the source */
  segments: TSpan[];
  /** memo of openingYear: '' when the opening states none */
  openingYear?: string;
};

type TAnnotation = TSpan & { content: string; units: TAnnotationUnits };

const LEADING_SPACE = /^[\s\u3000\u00a0\ufeff]*/;

/** Sections whose numbered paragraphs state aims or principles rather than work to be done. */
const NOT_WORK_SECTION = rx(
  '(指导思想|总体要求|总体思路|基本思路|基本原则|工作原则|主要目标|总体目标|工作目标|发展目标|具体目标|行动目标|目标要求|' +
    '^目标|背景|重要意义|现状|形势|适用范围|编制依据|工作依据|总则|实施步骤|工作步骤|方法步骤|步骤安排|进度安排|时间安排|阶段安排|' +
    // how an assessment is run: 考评对象, 考评内容, 考评方式, 考核结果应用 …
    '^考[评核](对象|内容|方式|程序|结果|范围|办法)|评分(办法|标准|方式)|计分(办法|方式))',
);
const WORK_WORD = rx('(任务|措施|举措)');

const OPEN = new Set(['(', '（', '【']);
const CLOSE = new Set([')', '）', '】']);

export function parsePlan(input: string, options: TParseOptions = {}): TParsedPlan {
  const src = normaliseSource(input);
  const lines = splitLines(src);
  const isNumbered = lines.map((l) => l.text.length > 0 && matchMarker(l.text) !== null);
  const chrome = markChrome(lines, isNumbered);
  const { roots, firstItemLine, attachmentStart } = buildItems(src, lines, chrome);

  const nonEmpty: TLine[] = [];
  let bodyStart = -1;
  lines.forEach((l, i) => {
    if (l.text.length === 0) return;
    if (i === firstItemLine) bodyStart = nonEmpty.length;
    nonEmpty.push(l);
  });
  if (bodyStart < 0) bodyStart = nonEmpty.length;
  const { issuer, issuedOn, issuedText } = findIssuer(nonEmpty, bodyStart);

  const scan: TScan = {
    src,
    dues: namedDues(src),
    firstIsLeadFrom: firstIsLeadFrom(src),
    unheaded: unheadedStyles(src, roots),
    registry: options.registry,
    roots,
    measures: [],
    warnings: [],
    refs: new Map(),
  };
  const visit = (item: TItem) => {
    measuresOf(scan, item);
    item.children.forEach(visit);
  };
  roots.forEach(visit);
  const { measures, warnings } = withoutCoveringNotice(scan, attachmentStart);

  const title = findTitle(nonEmpty, bodyStart);
  const places = itemPlaces(roots);
  const { period, warnings: periodWarnings } = planPeriod({ issuedOn, issuedText, title, dues: namedInItems(src, scan.dues, places, measures) });
  const planYear = period?.from && period.from.date.slice(0, 4) === period.to.date.slice(0, 4) ? Number(period.from.date.slice(0, 4)) : null;
  if (planYear !== null) for (const measure of measures) withMonthDues(measure, planYear);
  return {
    title,
    issuer,
    issuedOn,
    script: detectScript(src),
    measures,
    warnings: [...warnings, ...periodWarnings],
    period,
    reporting: reportingSchedules(src, (offset) => placeAt(places, offset)?.ref ?? null),
  };
}

/**
 * 印发…的通知 with numbered instructions of its own (一、推广的改革举措 二、高度重视… 三、认真抓好组织实施) and the plan
 * attached: when the attachment's items name their units and the notice's name none, the notice's items are how to
 * carry the plan out, not work of it.
 */
function withoutCoveringNotice(scan: TScan, attachmentStart: number): { measures: TParsedMeasure[]; warnings: TParseWarning[] } {
  const { measures, warnings } = scan;
  if (attachmentStart < 0) return { measures, warnings };
  const notice = measures.filter((m) => m.span.start < attachmentStart);
  const attached = measures.filter((m) => m.span.start >= attachmentStart);
  if (notice.length === 0 || notice.some((m) => m.annotation) || !attached.some((m) => m.annotation)) return { measures, warnings };
  const dropped = new Set(notice.map((m) => m.ref));
  return { measures: attached, warnings: warnings.filter((w) => w.ref === null || !dropped.has(w.ref)) };
}

/** A one-year plan's months named without their year (6月底完成) are due in its year: deadlines of the measure's own. */
function withMonthDues(measure: TParsedMeasure, year: number): void {
  const months = monthDuesIn(measure.text, year).map((d) => d.date);
  if (months.length === 0) return;
  measure.deadlines = [...new Set([...measure.deadlines, ...months])];
  measure.due = measureDue(measure.text, measure.targets, year);
}

/** Where each item's own lines stand in the source, and the item's ref. */
type TPlace = TSpan & { ref: string };

function itemPlaces(roots: TItem[]): TPlace[] {
  const places: TPlace[] = [];
  const visit = (item: TItem) => {
    for (const segment of item.segments) places.push({ start: item.segments[0] === segment ? item.contentStart : segment.start, end: segment.end, ref: item.path });
    item.children.forEach(visit);
  };
  roots.forEach(visit);
  return places.sort((a, b) => a.start - b.start);
}

/** The item whose own lines hold an offset of the source, if any (places in text order). */
function placeAt(places: TPlace[], offset: number): TPlace | null {
  let lo = 0;
  let hi = places.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const place = places[mid]!;
    if (offset < place.start) hi = mid - 1;
    else if (offset >= place.end) lo = mid + 1;
    else return place;
  }
  return null;
}

/** The named dates within a span of the source, their offsets made the span's own. */
function duesWithin(dues: TNamedDue[], span: TSpan): TNamedDue[] {
  let lo = 0;
  let hi = dues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dues[mid]!.at < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: TNamedDue[] = [];
  for (let i = lo; i < dues.length && dues[i]!.at < span.end; i++) out.push({ ...dues[i]!, at: dues[i]!.at - span.start });
  return out;
}

/**
 * Every date the numbered items name as due or to be reached (their goals' 到2020年 too), with the item it stands in,
 * and the years of the measures' targets; not the dates a report is asked for, which are the plan's reporting
 * schedule (于2014年1月15日前报送 the year's summary does not extend a 2013 plan).
 */
function namedInItems(src: string, dues: TNamedDue[], places: TPlace[], measures: TParsedMeasure[]): TPlacedDue[] {
  const placed: TPlacedDue[] = [];
  for (const due of dues) {
    const place = placeAt(places, due.at);
    if (!place) continue;
    const sentence = statementAround(src, due.at, true);
    if (!reportingIn(src.slice(Math.max(sentence.start, place.start), Math.min(sentence.end, place.end)))) placed.push({ date: due.date, text: due.text, ref: place.ref });
  }
  for (const measure of measures) {
    for (const target of measure.targets) {
      const by = target.by;
      if (by) placed.push({ date: /^\d{4}$/.test(by) ? `${by}-12-31` : by, text: target.text, ref: measure.ref });
    }
  }
  return placed;
}

/** What measuresOf needs beyond the item: the whole source, how the plan reads its annotations, where it puts its output. */
type TScan = {
  src: string;
  /** every date the source names as due or to be reached, in text order (see namedDues) */
  dues: TNamedDue[];
  /** where annotations start reading their first unit as the lead (see firstIsLeadFrom); Infinity when nowhere */
  firstIsLeadFrom: number;
  /** numbering styles whose items open with the work itself rather than a run-in heading (see unheadedStyles) */
  unheaded: ReadonlySet<TNumberStyle>;
  registry: TUnitRegistry | undefined;
  /** the top-level items, the siblings of every item without a parent */
  roots: TItem[];
  measures: TParsedMeasure[];
  warnings: TParseWarning[];
  refs: Map<string, number>;
};

/**
 * 第一责任单位为牵头单位 stated as a note of its own — a line, or a parenthesis that lists no units — holds for the
 * whole plan; inside one annotation it holds for that annotation only, unless the note says 下同 (the same below): then
 * for that annotation and every later one.
 */
function firstIsLeadFrom(src: string): number {
  const declaration = new RegExp(FIRST_IS_LEAD.source, 'g');
  let from = Infinity;
  for (let m = declaration.exec(src); m; m = declaration.exec(src)) {
    const before = src.slice(src.lastIndexOf('\n', m.index) + 1, m.index);
    const open = Math.max(before.lastIndexOf('('), before.lastIndexOf('（'), before.lastIndexOf('【'));
    const inParen = open >= 0 && !/[)）】]/.test(before.slice(open));
    if (!inParen || !ANNOTATION_INSIDE.test(before.slice(open + 1))) return 0;
    if (SAME_BELOW.test(src.slice(m.index + m[0].length, m.index + m[0].length + 8))) from = Math.min(from, m.index - before.length + open);
  }
  return from;
}

const ANNOTATION_INSIDE = rx('[、:：]|负责|牵头|配合');

function splitLines(src: string): TLine[] {
  const lines: TLine[] = [];
  let start = 0;
  while (start <= src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    const raw = src.slice(start, end);
    const lead = LEADING_SPACE.exec(raw)![0].length;
    lines.push({ text: raw.slice(lead, trimEnd(raw, lead, raw.length)), start: start + lead });
    start = end + 1;
  }
  return lines;
}

const ATTACHMENT = rx('^附件');
/** 附件, 附件2, 附件1：重点任务分工表 — but not 附件：1.XX方案, the notice's list of what is attached. */
const ATTACHMENT_HEADING = rx('^附件\\s*\\d*\\s*([:：]\\s*[^。，,；;\\d\\s][^。，,；;]{0,60})?$');
const SENTENCE_MARK = /[。，,；;！!？?]/;

function markChrome(lines: TLine[], isNumbered: boolean[]): boolean[] {
  const chrome = lines.map((l) => isChromeLine(l.text));
  // 附件：1.XX方案 / 2.XX分工表 — a list of attachments is numbered but holds no measures.
  let inAttachmentList = false;
  lines.forEach((line, i) => {
    if (line.text.length === 0) return;
    if (ATTACHMENT.test(line.text)) inAttachmentList = true;
    else if (inAttachmentList && isNumbered[i] && !SENTENCE_MARK.test(line.text)) chrome[i] = true;
    else inAttachmentList = false;
  });
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i]!.text;
    if (text.length === 0) continue;
    if (isNumbered[i] || !isTrailingChrome(text) || mayBeAnnotation(text)) break;
    chrome[i] = true;
  }
  return chrome;
}

/** A short last line can still be the plan's: an annotation, a 牵头单位: line or a 时限要求: line. */
function mayBeAnnotation(text: string): boolean {
  return /[()（）【】]/.test(text) || UNIT_LABEL_START.test(text) || DEADLINE_LABEL.test(text) || parseAnnotation(text, false) !== null;
}

function buildItems(src: string, lines: TLine[], chrome: boolean[]) {
  const roots: TItem[] = [];
  const stack: TItem[] = [];
  const lastValue = new Map<string, number>();
  let firstItemLine = -1;
  /** where the first attachment after the body's first item begins; -1 when none */
  let attachmentStart = -1;
  // After a task table, the lines up to the next number are none of its rows' (see TABLE_END).
  let afterTable = false;

  const open = (marker: TMarker, at: number) => {
    afterTable = false;
    const same = stack.findIndex((s) => s.marker.style === marker.style);
    if (same >= 0) stack.length = same;
    const parent = stack[stack.length - 1] ?? null;
    const item: TItem = {
      marker,
      path: parent ? `${parent.path}/${marker.label}` : marker.label,
      parent,
      children: [],
      contentStart: at + marker.length,
      segments: [],
    };
    (parent ? parent.children : roots).push(item);
    stack.push(item);
    lastValue.set(marker.style, marker.value);
  };
  const continuesNumbering = (marker: TMarker) => {
    const same = stack.find((s) => s.marker.style === marker.style);
    if (same) return marker.value === same.marker.value + 1;
    return marker.value === 1 || marker.value === (lastValue.get(marker.style) ?? 0) + 1;
  };
  const followsOn = (marker: TMarker) => {
    const same = stack.find((s) => s.marker.style === marker.style);
    const previous = same ? same.marker.value : lastValue.get(marker.style);
    return previous !== undefined && marker.value === previous + 1;
  };
  // i. after h. is the ninth letter, i. alone the first Roman numeral; A. out of the blue is no item at all
  const lineMarker = (text: string): TMarker | null => {
    const readings = matchMarkers(text);
    if (readings.length <= 1 && !readings[0]?.weak) return readings[0] ?? null;
    return readings.find(followsOn) ?? readings.find((r) => !r.weak || r.value === 1) ?? null;
  };
  // Lines before the first item are the preamble: they never hold measures.
  const addSegment = (start: number, end: number) => {
    if (end > start && !afterTable) stack[stack.length - 1]?.segments.push({ start, end });
  };

  lines.forEach((line, index) => {
    if (line.text.length === 0) {
      // a blank line starts where it ends: what it holds is the whitespace before
      if (src.slice(src.lastIndexOf('\n', line.start - 1) + 1, line.start).includes(TABLE_END)) afterTable = true;
      return;
    }
    // An attachment starts afresh: its own numbering (a 分工表's 1. 2. …) does not nest under the body's last item,
    // and its heading is no measure's text.
    if (ATTACHMENT_HEADING.test(line.text)) {
      stack.length = 0;
      if (firstItemLine >= 0 && attachmentStart < 0) attachmentStart = line.start;
      return;
    }
    if (chrome[index]) return;
    const lineEnd = line.start + line.text.length;
    let segmentStart = line.start;
    const marker = lineMarker(line.text);
    if (marker) {
      if (firstItemLine < 0) firstItemLine = index;
      open(marker, line.start);
      segmentStart = line.start + marker.length;
    }
    for (const offset of inlineMarkerOffsets(line.text)) {
      const at = line.start + offset;
      if (at <= segmentStart) continue;
      const inline = matchMarker(line.text.slice(offset));
      if (!inline || !continuesNumbering(inline)) continue;
      addSegment(segmentStart, trimEnd(src, segmentStart, at));
      open(inline, at);
      segmentStart = at + inline.length;
    }
    const current = stack[stack.length - 1];
    if (current && current.segments.length === 0 && segmentStart >= lineEnd) {
      current.segments.push({ start: lineEnd, end: lineEnd }); // a heading with nothing after its number
      return;
    }
    addSegment(segmentStart, lineEnd);
  });
  return { roots, firstItemLine, attachmentStart };
}

function trimEnd(src: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s\u3000\u00a0]/.test(src[e - 1]!)) e--;
  return e;
}

/** Responsibility annotations inside an item's own lines, adjacent ones merged. */
function findAnnotations(src: string, segments: TSpan[], firstIsLeadFrom: number): TAnnotation[] {
  const found: TAnnotation[] = [];
  for (const segment of segments) {
    const parens: TSpan[] = [];
    const opened: number[] = [];
    const consider = (start: number, contentEnd: number, end: number) => {
      const content = src.slice(start + 1, contentEnd);
      parens.push({ start, end });
      const units =
        parseAnnotation(content, start >= firstIsLeadFrom) ??
        (closesSentence(src, segment, start, end) ? parseAnnotation(content, start >= firstIsLeadFrom, 'bare-list') : null);
      if (units) found.push({ start, end, content, units });
    };
    for (let i = segment.start; i < segment.end; i++) {
      const ch = src[i]!;
      if (OPEN.has(ch)) opened.push(i);
      else if (CLOSE.has(ch) && opened.length > 0) {
        const start = opened.pop()!;
        if (opened.length === 0) consider(start, i, i + 1);
      }
    }
    if (opened.length > 0) consider(opened[0]!, segment.end, segment.end);
    findLabelled(src, segment, parens, firstIsLeadFrom, found);
    findBareClause(src, segment, firstIsLeadFrom, found);
  }
  found.sort((a, b) => a.start - b.start);
  return mergeAdjacent(src, found, firstIsLeadFrom);
}

/** `牵头单位:X` / `责任单位:Y` written as a line or trailing clause rather than in parentheses. */
function findLabelled(src: string, segment: TSpan, parens: TSpan[], firstIsLeadFrom: number, found: TAnnotation[]): void {
  const text = src.slice(segment.start, segment.end);
  UNIT_LABEL_AFTER_SENTENCE.lastIndex = 0;
  for (let m = UNIT_LABEL_AFTER_SENTENCE.exec(text); m; m = UNIT_LABEL_AFTER_SENTENCE.exec(text)) {
    const start = segment.start + m.index + m[0].length;
    if (m[0].length === 0) UNIT_LABEL_AFTER_SENTENCE.lastIndex++;
    if (parens.some((p) => p.start < start && start < p.end)) continue;
    const content = src.slice(start, segment.end);
    if (!UNIT_LABEL_START.test(content)) continue;
    const units = parseAnnotation(content, start >= firstIsLeadFrom);
    if (units) found.push({ start, end: segment.end, content, units });
    return;
  }
}

/** A parenthesis standing after a finished sentence at the end of its line: …开展专项检查。(市发改委、市财政局) */
function closesSentence(src: string, segment: TSpan, start: number, end: number): boolean {
  let before = start;
  while (before > segment.start && /[\s\u3000]/.test(src[before - 1]!)) before--;
  return (before === segment.start || /[。；;！!]/.test(src[before - 1]!)) && /^[\s\u3000。；;]*$/.test(src.slice(end, segment.end));
}

/** A closing sentence that only names units and their roles, written without parentheses. */
function findBareClause(src: string, segment: TSpan, firstIsLeadFrom: number, found: TAnnotation[]): void {
  let end = segment.end;
  while (end > segment.start && /[。.；;\s]/.test(src[end - 1]!)) end--;
  let start = end;
  while (start > segment.start && end - start <= 120 && !/[。；;！!？?)）]/.test(src[start - 1]!)) start--;
  if (end - start > 120 || end <= start) return;
  if (found.some((a) => a.start < segment.end && a.end > start)) return;
  const content = src.slice(start, end);
  const units = parseAnnotation(content, start >= firstIsLeadFrom, 'bare-clause');
  if (units) found.push({ start, end: segment.end, content, units });
}

function isNeutralGap(gap: string): boolean {
  return gap.split('\n').every((line) => /^[\s\u3000。，,；;、.]*$/.test(line) || DEADLINE_LABEL.test(line.trim().slice(0, 8)));
}

function mergeAdjacent(src: string, found: TAnnotation[], firstIsLeadFrom: number): TAnnotation[] {
  const merged: TAnnotation[] = [];
  for (const ann of found) {
    const previous = merged[merged.length - 1];
    if (previous && ann.start < previous.end) continue; // nested inside an accepted one
    if (previous && isNeutralGap(src.slice(previous.end, ann.start))) {
      const content = `${previous.content}；${ann.content}`;
      merged[merged.length - 1] = { start: previous.start, end: ann.end, content, units: parseAnnotation(content, previous.start >= firstIsLeadFrom) ?? previous.units };
      continue;
    }
    merged.push(ann);
  }
  return merged;
}

/**
 * An item's title and where its body starts. A first sentence that reads as a run-in heading titles the item and the
 * body starts after it, unless the item's numbering style opens with the work itself (see unheadedStyles).
 */
function titleAndBody(src: string, item: TItem, unheaded = false): { title: string; bodyStart: number } {
  const heading = runInHeading(src, item);
  if (heading) return { title: heading.title, bodyStart: heading.headed && !unheaded ? heading.bodyStart : item.contentStart };
  const line = src.slice(item.contentStart, item.segments[0]!.end);
  const second = item.segments[1];
  return { title: line.trim(), bodyStart: second ? second.start : item.contentStart };
}

/** The first sentence of an item's first line: whether it reads as a heading, the title it gives, where the rest starts. */
function runInHeading(src: string, item: TItem): { title: string; headed: boolean; bodyStart: number } | null {
  const first = item.segments[0]!;
  const line = src.slice(item.contentStart, first.end);
  const period = line.indexOf('。');
  // A run-in heading ends with 。, or with a colon right after a short phrase: 加强组织领导：成立…
  const colon = line.search(/[：:]/);
  const colonEndsHeading =
    colon > 0 && colon <= 30 && (period < 0 || colon < period) && !/[，,；;]/.test(line.slice(0, colon)) && !UNIT_LABEL_START.test(line);
  const stop = colonEndsHeading ? colon : period;
  if (stop < 0) return null;
  const sentence = line.slice(0, stop).trim();
  const headed = sentence.length <= 60 && !/[，,；;]/.test(sentence);
  return { title: headed ? sentence : leadingClause(sentence), headed, bodyStart: item.contentStart + stop + 1 };
}

/** Fewer items of a style than this say nothing about how the style is written. */
const MIN_STYLE_ITEMS = 5;
const HEADED_SHARE = 0.3;

/**
 * Numbering styles whose items open with the work itself. Most plans head each item (（一）加强组织领导。各部门要…), but
 * an indicator list writes every item as sentences of work (1．除涉密…外，各级政务服务事项全部开通全程网办。), and there a
 * short first sentence (3．全面提升政务热线服务水平。) is the work too, not a heading: told by how rarely the style's other
 * items open with one.
 */
function unheadedStyles(src: string, roots: TItem[]): Set<TNumberStyle> {
  const counts = new Map<TNumberStyle, { items: number; headed: number }>();
  const visit = (item: TItem) => {
    item.children.forEach(visit);
    if (item.children.length > 0 || item.segments.length === 0) return;
    const heading = runInHeading(src, item);
    if (!heading) return;
    const count = counts.get(item.marker.style) ?? { items: 0, headed: 0 };
    count.items++;
    if (heading.headed) count.headed++;
    counts.set(item.marker.style, count);
  };
  roots.forEach(visit);
  return new Set([...counts].filter(([, c]) => c.items >= MIN_STYLE_ITEMS && c.headed < c.items * HEADED_SHARE).map(([style]) => style));
}

/** A first clause that sets a time, a basis or a purpose says nothing of the work: 到2020年，… · 按照…要求，… */
const NOT_A_TITLE_CLAUSE = rx('^(到|至|截至|截止|力争|争取|在|自|从|按照|根据|依据|围绕|为了?|通过|结合|对照)|(年|月|日|底|末|前|后|期间|以来|中)$');

/**
 * An item whose first sentence is the work itself, not a heading (加强标准体系建设，制修订地方标准10项以上。) is titled
 * by the sentence's first clause, as a heading would title it; the sentence stays in the text.
 */
function leadingClause(sentence: string): string {
  const clause = sentence.split(/[，,；;]/)[0]!.trim();
  return clause.length >= 4 && clause.length <= 40 && !NOT_A_TITLE_CLAUSE.test(clause) ? clause : sentence;
}

function isWorkItem(src: string, item: TItem): boolean {
  for (let at: TItem | null = item; at; at = at.parent) {
    const heading = src.slice(at.contentStart, at.segments[0]?.end ?? at.contentStart).slice(0, 40);
    if (NOT_WORK_SECTION.test(heading) && !WORK_WORD.test(heading)) return false;
  }
  return true;
}

/** A year stated once in the opening of an enclosing section (到2020年底,…) that its targets are tied to. */
function sectionYear(src: string, item: TItem): string | null {
  for (let at = item.parent; at; at = at.parent) {
    at.openingYear ??= openingYear(src, at) ?? '';
    if (at.openingYear) return at.openingYear;
  }
  return null;
}

function openingYear(src: string, item: TItem): string | null {
  const first = item.segments[0];
  if (!first) return null;
  const own = src.slice(item.contentStart, Math.min(item.segments[item.segments.length - 1]!.end, item.contentStart + 300));
  return yearMentions(maskQuoted(own).split('。')[0]!)[0]?.by ?? null;
}

function trimSpan(src: string, start: number, end: number): TSpan {
  let s = start;
  let e = end;
  while (s < e && /[\s\u3000\u00a0。，,；;、]/.test(src[s]!)) s++;
  while (e > s && /[\s\u3000\u00a0]/.test(src[e - 1]!)) e--;
  return { start: s, end: e };
}

function measuresOf(scan: TScan, item: TItem): void {
  const { src, registry, measures, warnings, refs } = scan;
  if (item.segments.length === 0) return;
  const ownEnd = item.segments[item.segments.length - 1]!.end;
  const annotations = findAnnotations(src, item.segments, scan.firstIsLeadFrom);
  const { title: rawTitle, bodyStart } = titleAndBody(src, item, scan.unheaded.has(item.marker.style));
  const firstLineEnd = item.segments[0]!.end;
  const title = annotations
    .filter((a) => a.start < firstLineEnd && a.start >= item.contentStart)
    .reduce((t, a) => t.replace(src.slice(a.start, a.end), '').trim(), rawTitle);
  const year = sectionYear(src, item);

  const emit = (written: string, span: TSpan, annotation: TAnnotation | null) => {
    if (span.end <= span.start) return;
    // Numbering that starts again (附件1 and 附件2 each with 1. 2. …) would give two measures one ref, and a plan
    // refers to its measures by ref: the repeat is told apart by which occurrence it is.
    const seen = refs.get(written) ?? 0;
    refs.set(written, seen + 1);
    const ref = seen === 0 ? written : `${written}（第${seen + 1}处）`;
    const text = src.slice(span.start, span.end);
    const targetText = annotation
      ? src.slice(span.start, Math.max(span.start, annotation.start)) + '\n' + src.slice(Math.min(span.end, annotation.end), span.end)
      : text;
    const units = annotation?.units ?? { lead: [], cooperating: [], responsibility: 'unspecified' as const };
    const named = [
      ...units.lead.map((name) => ({ name, role: 'lead' as const })),
      ...units.cooperating.map((name) => ({ name, role: 'cooperating' as const })),
    ];
    const resolved = resolveUnits(named, registry, ref);
    warnings.push(...resolved.warnings);
    if (!annotation) warnings.push({ code: 'NO_RESPONSIBILITY', message: '该措施未标注责任单位', ref });
    else if (named.length === 0)
      warnings.push({ code: 'ANNOTATION_WITHOUT_UNIT', message: `责任标注“${annotation.content.trim()}”未写明任何单位`, ref });
    else if (units.lead.length === 0) warnings.push({ code: 'NO_LEAD_UNIT', message: '责任标注只列出配合单位，未写明牵头或负责单位', ref });
    measures.push({
      ref,
      // Cut at a character, never inside a surrogate pair (𠮷 and other rare characters are two UTF-16 units).
      title: title || Array.from(text).slice(0, 30).join(''),
      text,
      lead: units.lead,
      cooperating: units.cooperating,
      responsibility: named.length > 0 ? units.responsibility : 'unspecified',
      // a 完成时限 of the measure's own (a task table's column among them) dates its targets before its section does
      targets: extractTargets(targetText, labelledDueBy(text) ?? year),
      deadlines: [],
      units: resolved.resolutions,
      span,
      annotation: annotation ? { text: src.slice(annotation.start, annotation.end), span: { start: annotation.start, end: annotation.end } } : null,
      due: null,
    });
    const measure = measures[measures.length - 1]!;
    const dues = duesWithin(scan.dues, span);
    measure.deadlines = [...new Set([...extractDeadlines(text), ...reachedDeadlines(text, measure.targets, dues)])];
    measure.due = measureDue(text, measure.targets, null, dues);
  };

  if (annotations.length === 0) {
    if (item.children.length > 0 || !isWorkItem(src, item)) return;
    const end = withoutTrailingHeadings(src, item.contentStart, ownEnd);
    const body = trimSpan(src, bodyStart, end);
    if (isEmptySection(src, item, scan.roots)) return;
    const headingIsTheWork = body.end <= body.start || onlyDeadlineNotes(src.slice(body.start, body.end));
    emit(item.path, headingIsTheWork ? trimSpan(src, item.contentStart, end) : body, null);
    return;
  }

  const onlyOnHeading =
    annotations.length === 1 && annotations[0]!.end <= firstLineEnd && item.segments.length > 1 &&
    !src.slice(item.contentStart, annotations[0]!.start).includes('。');
  if (onlyOnHeading) {
    emit(item.path, trimSpan(src, item.contentStart, ownEnd), annotations[0]!);
    return;
  }
  annotations.forEach((annotation, k) => {
    let from = k === 0 ? (annotation.start >= bodyStart ? bodyStart : item.contentStart) : annotations[k - 1]!.end;
    // 2. 开展质量品牌提升行动。（牵头单位：…）: a first sentence followed by nothing but its annotation is the work itself.
    if (k === 0 && from > item.contentStart && /^[\s\u3000。，,；;]*$/.test(src.slice(from, annotation.start))) from = item.contentStart;
    let end = annotation.end;
    if (k === annotations.length - 1) end = extendOverDeadlineLines(src, end, ownEnd);
    emit(k === 0 ? item.path : `${item.path}#${k + 1}`, trimSpan(src, from, end), annotation);
  });
}

/**
 * 四、军民深度融合方面（共6项） standing between sections that hold items, with none of its own (a list published 有删减):
 * a heading without a sentence whose siblings hold items heads an empty section; it is no work.
 */
function isEmptySection(src: string, item: TItem, roots: TItem[]): boolean {
  if (item.segments.length > 1) return false;
  const heading = src.slice(item.contentStart, item.segments[0]!.end);
  return !SENTENCE_MARK.test(heading) && holdsItems(item.parent ? item.parent.children : roots);
}

/** Whether any of these siblings holds items, asked once per list: a plan of many childless items stays linear. */
const siblingsHoldItems = new WeakMap<TItem[], boolean>();
function holdsItems(siblings: TItem[]): boolean {
  let holds = siblingsHoldItems.get(siblings);
  if (holds === undefined) {
    holds = siblings.some((s) => s.children.length > 0);
    siblingsHoldItems.set(siblings, holds);
  }
  return holds;
}

/** What follows a heading sentence is only a note of when: 推进计量能力建设。完成时限：2026年底。 */
function onlyDeadlineNotes(text: string): boolean {
  const notes = text.split(/[。\n]/).map((piece) => piece.trim()).filter((piece) => piece.length > 0);
  return notes.length > 0 && notes.every((note) => DEADLINE_LABEL.test(note.slice(0, 8)));
}

const NOT_IN_A_HEADING = /[。，,；;！!？?：:()（）【】]/;

/**
 * Short lines without punctuation after a finished sentence head what follows — a task table's 领域, the name of the
 * next attachment — and are no part of an item that carries no annotation to end its text.
 */
function withoutTrailingHeadings(src: string, start: number, end: number): number {
  let e = end;
  for (;;) {
    const lineStart = src.lastIndexOf('\n', e - 1) + 1;
    if (lineStart <= start) return e;
    const line = src.slice(lineStart, e).trim();
    const before = trimEnd(src, start, lineStart);
    if (line.length > 30 || NOT_IN_A_HEADING.test(line) || !/[。！!？?；;]/.test(src[before - 1] ?? '')) return e;
    e = before;
  }
}

/** 时限要求 lines written after the annotation still belong to the measure. */
function extendOverDeadlineLines(src: string, end: number, ownEnd: number): number {
  let at = end;
  while (at < ownEnd) {
    const next = src.indexOf('\n', at + 1);
    const lineEnd = next < 0 || next > ownEnd ? ownEnd : next;
    const line = src.slice(at, lineEnd).trim();
    if (line.length > 0 && !DEADLINE_LABEL.test(line.slice(0, 8))) break;
    at = lineEnd;
  }
  return trimEnd(src, end, at);
}
