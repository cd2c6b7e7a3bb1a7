import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../lib/errors';
import { decodeDataFile, decodeDocument } from '../../../parser/decode';
import { parsePlan } from '../../../parser/parse-plan';
import { docx, fixture, fixturesDir, zip } from './fixtures';

const PLAN = '一、重点任务\n（一）加强监管。开展抽查。（市质监局负责）';

async function refusal(buf: Buffer, name?: string): Promise<string> {
  const err = await decodeDocument(buf, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return (err as UserError).message;
}

describe('decodeDocument', () => {
  it('reads UTF-8 with and without a byte-order mark', async () => {
    expect(await decodeDocument(Buffer.from(PLAN, 'utf8'))).toBe(PLAN);
    expect(await decodeDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAN, 'utf8')]))).toBe(PLAN);
  });

  it('detects and decodes GBK text', async () => {
    const gbk = readFileSync(fixturesDir + 'gbk.txt');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const text = await decodeDocument(gbk, 'gbk.txt');
    expect(text).toContain('（市质监局牵头，各成员单位配合）');
    const plan = parsePlan(text);
    expect(plan.measures.map((m) => m.lead)).toEqual([['市质监局'], ['市质监局']]);
  });

  it('reads UTF-8 damaged in one place rather than refusing the whole plan', async () => {
    const utf8 = Buffer.from(fixture('annotations.txt'), 'utf8');
    const cut = Buffer.concat([utf8.subarray(0, 100), utf8.subarray(101)]);
    const text = await decodeDocument(cut);
    expect(text).toContain('（市商务局牵头，市文旅局、市卫健委配合）');
  });

  it('reads UTF-16 text that carries a byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLAN, 'utf16le')]);
    expect(await decodeDocument(utf16)).toBe(PLAN);
  });

  it('extracts the text of a .docx, detected by its zip signature whatever the name', async () => {
    const text = await decodeDocument(docx(fixture('annotations.txt')), 'upload.bin');
    const plan = parsePlan(text);
    expect(plan.measures).toHaveLength(14);
    expect(plan.measures[2]).toMatchObject({ lead: ['市商务局'], cooperating: ['市文旅局', '市卫健委'] });
  });

  it('refuses an empty file, in Chinese and English', async () => {
    expect(await refusal(Buffer.alloc(0))).toBe('文件为空 / the file is empty');
    expect(await refusal(Buffer.from(' \n\t\n', 'utf8'))).toBe('文件为空 / the file is empty');
  });

  it('refuses binary content', async () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]);
    expect(await refusal(binary)).toMatch(/^文件不是文本.* \/ the file is binary/);
  });

  it('refuses bytes that are neither UTF-8 nor Chinese in GBK', async () => {
    const latin1 = Buffer.from('Ærøskøbing ønsker æbler på én gång, '.repeat(5), 'latin1');
    expect(await refusal(latin1)).toMatch(/^无法识别文件编码.*cannot decode/);
  });

  it('refuses a damaged .docx, a legacy .doc and a PDF with a reason', async () => {
    expect(await refusal(zip({ 'hello.txt': 'not a word document' }), 'plan.docx')).toMatch(/\.docx.*cannot read the \.docx/);
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'plan.doc')).toMatch(/\.doc/);
    expect(await refusal(Buffer.from('%PDF-1.7\n', 'latin1'))).toMatch(/PDF/);
  });
});

/** Text as Excel saves CSV on Chinese Windows: GBK, two bytes a character, found by decoding every pair once. */
function gbk(text: string): Buffer {
  const pairs = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) pairs.set(decoder.decode(Buffer.from([lead, trail])), [lead, trail]);
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : pairs.get(ch)!)));
}

describe('decodeDataFile: a unit registry or a JSON file as a person saved it', () => {
  const gbkCsv = gbk('type,name\nunit,测试局\n');

  it('reads a GBK registry as Chinese', () => {
    expect(decodeDataFile(gbkCsv)).toBe('type,name\nunit,测试局\n');
  });

  it('reads UTF-8 (its byte-order mark dropped) and UTF-16 with a byte-order mark', () => {
    const csv = 'type,name\nunit,测试局\n';
    expect(decodeDataFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]))).toBe(csv);
    expect(decodeDataFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]))).toBe(csv);
  });

  it('refuses an empty or binary file', () => {
    expect(() => decodeDataFile(Buffer.alloc(0))).toThrow('文件为空');
    expect(() => decodeDataFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]))).toThrow('文件不是文本');
  });
});
