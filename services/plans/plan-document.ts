import { sniffFileType, zipEntries, type TByteSource } from '../../files/sniff';
import { UserError } from '../../lib/errors';
import { decodeDocument, withOwnLineEnds } from '../../parser/decode';
import { normaliseSource, parsePlan } from '../../parser/parse-plan';
import type { TUnitRegistry } from '../../parser/registry';
import type { TParsedPlan } from '../../parser/schema';

/**
 * How large a plan may be. Real plans run to tens of thousands of characters and a few hundred measures; these are
 * far above that and far below what would tie up the import's thread for long.
 * - `fileBytes`: an uploaded file (the HTTP API's multipart limit too).
 * - `textChars`: the plan's text, pasted or decoded from its file (2 MB of text: some 2,000 pages).
 * - a .docx is judged by its zip directory before anything is inflated (files/sniff.ts reads it in place): its
 *   entries, their declared size once inflated, and how much any large entry would expand (Apache POI's limit,
 *   1:100). Declared sizes can lie; the parse thread's memory cap and deadline (parse-off-thread.ts) stop what they hide.
 */
export const PLAN_LIMITS = {
  fileBytes: 10 * 2 ** 20,
  textChars: 2_000_000,
  docxEntries: 1_000,
  docxInflatedBytes: 64 * 2 ** 20,
  docxEntryRatio: 100,
  /** Entries smaller than this once inflated are not held to the ratio: tiny XML parts compress very well. */
  docxRatioFrom: 2 ** 20,
} as const;

const MB = (bytes: number) => `${bytes / 2 ** 20} MB`;

export const PLAN_DOCUMENT_REFUSAL = {
  fileTooLarge: `文件超过 ${MB(PLAN_LIMITS.fileBytes)}，请拆分或另存为文本后导入 / the file is larger than ${MB(PLAN_LIMITS.fileBytes)}`,
  textTooLong: `方案正文超过 ${PLAN_LIMITS.textChars.toLocaleString('en')} 字，不像一份行动方案 / the plan's text is longer than ${PLAN_LIMITS.textChars.toLocaleString('en')} characters`,
  notWord: '压缩文件不是 Word 文档（.docx）/ the zip archive is not a Word document (.docx)',
  docxEntries: `Word 文件包含超过 ${PLAN_LIMITS.docxEntries} 个部件，疑为恶意文件 / the Word file holds more than ${PLAN_LIMITS.docxEntries} parts`,
  docxInflated: `Word 文件解压后超过 ${MB(PLAN_LIMITS.docxInflatedBytes)}，疑为恶意文件 / the Word file would expand beyond ${MB(PLAN_LIMITS.docxInflatedBytes)}`,
  docxRatio: `Word 文件的压缩比异常（超过 1:${PLAN_LIMITS.docxEntryRatio}），疑为恶意文件 / a part of the Word file would expand more than ${PLAN_LIMITS.docxEntryRatio} times`,
} as const;

/** A plan as the import reads it: pasted text, or a file's bytes (UTF-8, GBK/GB18030 or .docx). */
export type TPlanSource = { text: string } | { buffer: Buffer };

const bufferSource = (buf: Buffer): TByteSource => ({ size: buf.length, read: (offset, length) => buf.subarray(offset, offset + length) });

/** Refuses, before any work, a source beyond the limits that its size and (for a .docx) its zip directory show. */
export function checkPlanSource(source: TPlanSource, fileName?: string): void {
  if ('text' in source) {
    if (source.text.length > PLAN_LIMITS.textChars) throw new UserError(PLAN_DOCUMENT_REFUSAL.textTooLong);
    return;
  }
  const buf = source.buffer;
  if (buf.length > PLAN_LIMITS.fileBytes) throw new UserError(PLAN_DOCUMENT_REFUSAL.fileTooLarge);
  const zip = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
  if (zip || (fileName ?? '').toLowerCase().endsWith('.docx')) checkDocx(buf);
}

function checkDocx(buf: Buffer): void {
  const source = bufferSource(buf);
  // The evidence sniffer's verdict first: a readable directory, entries that do not overlap, no macros, Word's parts.
  const sniffed = sniffFileType(source);
  if (!sniffed.ok) throw new UserError({ text: sniffed.reason });
  if (sniffed.kind !== 'docx') throw new UserError(PLAN_DOCUMENT_REFUSAL.notWord);
  const entries = zipEntries(source)!;
  if (entries.length > PLAN_LIMITS.docxEntries) throw new UserError(PLAN_DOCUMENT_REFUSAL.docxEntries);
  if (entries.reduce((sum, e) => sum + e.uncompressed, 0) > PLAN_LIMITS.docxInflatedBytes) throw new UserError(PLAN_DOCUMENT_REFUSAL.docxInflated);
  const expands = (e: { compressed: number; uncompressed: number }) => e.uncompressed > PLAN_LIMITS.docxRatioFrom && e.uncompressed > e.compressed * PLAN_LIMITS.docxEntryRatio;
  if (entries.some(expands)) throw new UserError(PLAN_DOCUMENT_REFUSAL.docxRatio);
}

export type TParsePlanJob = { source: TPlanSource; fileName?: string; registry: TUnitRegistry };
/** The plan's text as given (stored as its source), as the parser reads it (compared with other plans'), and parsed. */
export type TParsedPlanDocument = { text: string; source: string; parsed: TParsedPlan };

/**
 * The plan's text and what the parser reads in it, within the limits: the work of the parse thread
 * (parse-off-thread.ts), callable on any thread.
 */
export async function parsePlanDocument({ source, fileName, registry }: TParsePlanJob): Promise<TParsedPlanDocument> {
  checkPlanSource(source, fileName);
  const text = 'text' in source ? withOwnLineEnds(source.text) : await decodeDocument(source.buffer, fileName);
  if (text.length > PLAN_LIMITS.textChars) throw new UserError(PLAN_DOCUMENT_REFUSAL.textTooLong);
  return { text, source: normaliseSource(text), parsed: parsePlan(text, { registry }) };
}
