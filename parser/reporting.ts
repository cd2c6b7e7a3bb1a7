import { chineseNumeralValue, halfWidthDigits } from './numbering';
import type { TPlanReporting } from './schema';
import { maskQuoted } from './targets';
import { rx } from './variants';

/**
 * When a plan itself asks for progress reports: 各单位于7月15日和1月15日前报送…, 每季度结束后10日内报送…, 每月5日前上报….
 * The review page proposes what is found as the plan's reporting schedule, beside the sentence it came from.
 */

/** A sentence asking for a report to be sent (报送, 上报, 向…报告) rather than one about reports in general (分析报告制度). */
const SENDS_REPORT = rx('(报送|上报|报至|报给|向[^，,。；;]{1,24}报告|报告(?=进展|情况|工作进展|落实情况)|报(?=[省市区县州盟旗]委|[省市区县州盟旗]政府|领导小组|办公室))');

const NUMBER = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const MONTH_DAY = rx(`(?:\\d{4}\\s*年\\s*)?${NUMBER}\\s*月\\s*(?:${NUMBER}\\s*[日号]|(底|末))`, 'g');
const MONTHLY = rx(`每(?:个)?月(?:${NUMBER}\\s*[日号]|(底|末))?`);
const QUARTERLY = rx(`每(?:个)?季度?(?:结束后\\s*${NUMBER}\\s*(?:个)?(?:工作)?日内|(?:首月|第一个月|次月)\\s*${NUMBER}\\s*[日号]|(末|底))?`);
const HALF_YEARLY = rx('每半年|半年度?和(?:全年|年度|年底)');
const YEARLY = rx('每年');

function numberOf(written: string): number {
  return /\d/.test(written) ? Number(halfWidthDigits(written)) : chineseNumeralValue(written);
}

function lastDay(month: number): number {
  return new Date(Date.UTC(2001, month, 0)).getUTCDate();
}

/** The schedule one sentence names, or null when it names none. */
export function reportingIn(sentence: string): Omit<TPlanReporting, 'text' | 'ref'> | null {
  // every form of asking for a report writes 报 (報)
  if (!/[报報]/.test(sentence)) return null;
  const masked = maskQuoted(sentence);
  if (!SENDS_REPORT.test(masked)) return null;
  const monthly = MONTHLY.exec(masked);
  if (monthly) return { cadence: 'monthly', dates: [], day: monthly[1] ? numberOf(monthly[1]) : null };
  const quarterly = QUARTERLY.exec(masked);
  if (quarterly && /季/.test(quarterly[0])) {
    const day = quarterly[1] ?? quarterly[2];
    return { cadence: 'quarterly', dates: [], day: day ? numberOf(day) : null };
  }
  if (HALF_YEARLY.test(masked)) return { cadence: 'half-yearly', dates: [], day: null };
  const dates: { month: number; day: number }[] = [];
  for (const m of masked.matchAll(MONTH_DAY)) {
    const month = numberOf(m[1]!);
    if (!(month >= 1 && month <= 12)) continue;
    const day = m[3] ? lastDay(month) : numberOf(m[2]!);
    if (day >= 1 && day <= lastDay(month) && !dates.some((d) => d.month === month && d.day === day)) dates.push({ month, day });
  }
  if (dates.length === 0) return null;
  return { cadence: YEARLY.test(masked) && dates.length === 1 ? 'yearly' : 'dates', dates, day: null };
}

const SENTENCE_END = /[。；;！!？?\n]/;
const SENDS_REPORT_ANYWHERE = new RegExp(SENDS_REPORT.source, 'g');

/**
 * Every schedule the plan names, in text order, with the sentence it was read from and the item it stands in (`refAt`
 * names the item at an offset of the text, null outside the numbered items). Only sentences that ask for a report are
 * read.
 */
export function reportingSchedules(text: string, refAt: (offset: number) => string | null): TPlanReporting[] {
  const found: TPlanReporting[] = [];
  let readUpTo = -1;
  for (const m of text.matchAll(SENDS_REPORT_ANYWHERE)) {
    if (m.index < readUpTo) continue;
    let start = m.index;
    while (start > 0 && !SENTENCE_END.test(text[start - 1]!)) start--;
    let end = m.index;
    while (end < text.length && !SENTENCE_END.test(text[end]!)) end++;
    readUpTo = end;
    const raw = text.slice(start, end);
    const sentence = raw.trim();
    if (sentence.length === 0 || sentence.length > 400) continue;
    const schedule = reportingIn(sentence);
    if (schedule) found.push({ ...schedule, text: sentence, ref: refAt(start + raw.search(/\S/)) });
  }
  return found;
}
