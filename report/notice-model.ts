import { z } from 'zod';
import { cnDate, ZIsoDateSchema } from '../domain/dates';
import { issue } from '../lib/messages';
import { printWidth } from './print-width';

/**
 * A 通报 as the office edits it and as both renderers (the Word file and the html preview) read it. It arrives from
 * a page or the API, so it is a boundary: parsed once, then rendered as is. Every string is text, never markup.
 */

// Word refuses a document.xml carrying C0 control characters (XML 1.0 has no way to write them), so a pasted one is
// refused here, naming the field, rather than producing a file Word cannot open.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what}不能为空 / ${what} is empty`)
    .refine((s) => !CONTROL.test(s), `${what}含有控制字符 / ${what} has a control character`);
/** A paragraph: one line break inside it is a paragraph break, so each of its lines is indented as one. */
const ZParagraphSchema = text('段落').describe('一个自然段');

export const ZDocNumberSchema = z
  .object({
    prefix: text('发文机关代字').describe('发文机关代字，如"苏质强办"'),
    year: z.number().int().min(2000).max(2100).describe('年份，标全称'),
    seq: z.number().int().min(1).describe('发文顺序号：不加"第"字，不编虚位'),
  })
  .describe('发文字号，如 苏质强办〔2026〕3号');
export type TDocNumber = z.infer<typeof ZDocNumberSchema>;

/**
 * A unit's 发文机关代字 as the office sets it (units page, API, registry file): the short Chinese name its 文号 starts
 * with, 苏质量办〔2027〕3号. Han characters only, so a 文号 never carries a space, a bracket or a stray digit.
 */
export const ZNoticePrefixSchema = z
  .string()
  .trim()
  .regex(/^\p{Script=Han}{2,12}$/u, issue('noticePrefixRule'))
  .describe('发文机关代字，2 至 12 个汉字，如"苏质量办"');

export const ZNoticeUnitSchema = z.object({
  unit: text('单位名称').describe('受表扬或批评的单位'),
  reason: text('事由').describe('表扬或批评的事由，一句或几句'),
});
export type TNoticeUnit = z.infer<typeof ZNoticeUnitSchema>;

export const ZNoticeSectionSchema = z
  .object({
    kind: z
      .enum(['text', 'praise', 'criticism'])
      .default('text')
      .describe('text: 一般正文; praise: 表扬; criticism: 批评（单位页据此列出点名它的通报）'),
    heading: text('标题').optional().describe('一级标题，不含序号：渲染时依次编为"一、""二、"，用黑体'),
    paragraphs: z.array(ZParagraphSchema).default([]).describe('本节的自然段，每段首行缩进二字'),
    units: z.array(ZNoticeUnitSchema).default([]).describe('表扬或批评的单位及事由，依次编为"1.""2."'),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'text' && s.units.length > 0)
      ctx.addIssue({ code: 'custom', path: ['units'], message: '只有表扬或批评一节列出单位 / only a praise or criticism section lists units' });
    if (s.kind !== 'text' && s.units.length === 0)
      ctx.addIssue({ code: 'custom', path: ['units'], message: '表扬或批评一节须列出单位 / a praise or criticism section lists its units' });
    if (!s.heading && s.paragraphs.length === 0 && s.units.length === 0)
      ctx.addIssue({ code: 'custom', path: ['paragraphs'], message: '空节 / an empty section' });
  });
export type TNoticeSection = z.infer<typeof ZNoticeSectionSchema>;

export const ZNoticeSchema = z
  .object({
    masthead: text('发文机关标志').describe('发文机关标志（版头，红色），如"苏州市质量强市工作领导小组办公室文件"'),
    docNumber: ZDocNumberSchema.nullable().describe('发文字号；草稿为 null，印发时编号'),
    title: text('标题').describe('公文标题；换行处即标题回行处（回行时词意完整）'),
    recipients: text('主送机关').describe('主送机关，如"各市、区人民政府，市各有关部门"；末尾的全角冒号由渲染加上'),
    sections: z.array(ZNoticeSectionSchema).min(1, '正文为空 / the notice has no text').describe('正文，依次排列'),
    issuer: text('发文机关署名').describe('落款：发文机关署名'),
    signedOn: ZIsoDateSchema.describe('成文日期'),
    copyTo: z.array(text('抄送机关')).default([]).describe('抄送机关，版记中列出'),
    printedBy: text('印发机关').describe('版记中的印发机关，如"苏州市质量强市工作领导小组办公室"'),
    printedOn: ZIsoDateSchema.describe('印发日期'),
  })
  .describe('一份通报（GB/T 9704-2012 格式）');
export type TNotice = z.infer<typeof ZNoticeSchema>;
export type TNoticeInput = z.input<typeof ZNoticeSchema>;

/** 苏质强办〔2026〕3号: the year in full inside 六角括号, the number without 第 or leading zeros. */
export const docNumberText = (n: TDocNumber | null): string => (n ? `${n.prefix}〔${n.year}〕${n.seq}号` : DRAFT_DOC_NUMBER);

/** Where a draft's 文号 stands until the office issues it and the number is assigned. */
export const DRAFT_DOC_NUMBER = '（文号待定）';

/** 2026年12月7日: Arabic numerals, year in full, no leading zeros, as GB/T 9704-2012 dates a document. */
export const noticeDateText = (iso: string): string => cnDate(iso);

const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一: the first level of 结构层次序数 (一、二、…). */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`ordinal ${n} out of range`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${CN_DIGITS[tens]}十`}${CN_DIGITS[ones]}`;
}

/** A notice laid out as the lines of text both renderers print, so the Word file and the preview cannot disagree. */
export type TNoticeBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'unit'; text: string; unit: string };

export function noticeBody(notice: TNotice): TNoticeBlock[] {
  const blocks: TNoticeBlock[] = [];
  let headingNo = 0;
  for (const section of notice.sections) {
    if (section.heading) blocks.push({ kind: 'heading', text: `${chineseOrdinal(++headingNo)}、${section.heading}` });
    for (const p of section.paragraphs) for (const line of splitLines(p)) blocks.push({ kind: 'paragraph', text: line });
    section.units.forEach((u, i) => blocks.push({ kind: 'unit', unit: u.unit, text: `${i + 1}.${u.unit}：${endSentence(u.reason)}` }));
  }
  return blocks;
}

/** Title lines: the office breaks a long title where the words allow. */
export const titleLines = (notice: TNotice): string[] => splitLines(notice.title);

/** The 主送 line ends with a full-width colon, whether or not the office typed one. */
export const recipientsLine = (notice: TNotice): string => `${notice.recipients.replace(/[：:]$/, '')}：`;

/** 抄送：A，B。 — the list separated by full-width commas and closed by a full stop. */
export const copyToLine = (notice: TNotice): string | null =>
  notice.copyTo.length ? `抄送：${notice.copyTo.map((c) => c.replace(/[，。,.]$/, '')).join('，')}。` : null;

export const printedLine = (notice: TNotice): { by: string; on: string } => ({ by: notice.printedBy, on: `${noticeDateText(notice.printedOn)}印发` });

const splitLines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const endSentence = (s: string) => (/[。！？；…]$/.test(s) ? s : `${s}。`);

/**
 * The 发文机关标志's type size in characters of the body (3号 = 1): 小初 (36 pt, 2.25) at most, smaller for a long
 * name, so it stays on one line of the 版心's 28 characters.
 */
export const mastheadScale = (notice: TNotice): number => Math.min(2.25, (28 * 0.95) / printWidth(notice.masthead));

/**
 * Where 署名 and 成文日期 stand, as blank characters to their right (GB/T 9704-2012 7.3.5.2, a document without a
 * seal, which is what Duban mails): the 署名 two characters from the right, the date on the next line starting two
 * characters further right than the 署名; a date that would then come closer than two characters to the right edge
 * is set two from it, and the 署名 moves right with it to keep the two-character step.
 */
export function signatureIndents(notice: TNotice): { issuer: number; date: number } {
  const name = printWidth(notice.issuer);
  const date = printWidth(noticeDateText(notice.signedOn));
  return name - date >= 2 ? { issuer: 2, date: name - date } : { issuer: 4 + date - name, date: 2 };
}
