import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZParsedPlanSchema } from '../../../parser/schema';
import { docx, docxOf, fixture, fixturesDir, repoRoot, wordParagraph, wordTable } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'duban-parse-cli-'));

function duban(...args: string[]) {
  const r = spawnSync('node', [join(repoRoot, 'bin/duban.mjs'), 'parse', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('duban parse', () => {
  it('prints exactly one JSON document, the contract, with --json', () => {
    const r = duban(fixturesDir + 'annotations.txt', '--json');
    expect(r.code).toBe(0);
    const plan = ZParsedPlanSchema.parse(JSON.parse(r.stdout));
    expect(plan.measures).toHaveLength(14);
  });

  it('prints a readable Chinese summary, one line per measure, without --json', () => {
    const r = duban(fixturesDir + 'annotations.txt');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('一/（三）  提升服务质量  [牵头: 市商务局；配合: 市文旅局、市卫健委]');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('一/'))).toHaveLength(14);
  });

  it('parses a GBK file and a .docx', () => {
    expect(JSON.parse(duban(fixturesDir + 'gbk.txt', '--json').stdout).measures).toHaveLength(2);
    const r = duban(file('plan.docx', docx(fixture('numbering.txt'))), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).measures).toHaveLength(8);
  });

  it('prints no table end (U+2029) in a measure, whether a task table or the file itself wrote one', () => {
    type TMeasure = { ref: string; title: string; text: string; lead: string[]; cooperating: string[] };
    const measures = (path: string) => {
      const r = duban(path, '--json');
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout) as { measures: TMeasure[] };
      const written = plan.measures.flatMap((m) => [m.title, m.text, ...m.lead, ...m.cooperating]);
      expect(written.filter((s) => s.includes('\u2029'))).toEqual([]);
      return plan.measures.map(({ ref, title, text, lead }) => ({ ref, title, text, lead }));
    };
    const table = wordTable([['序号', '重点任务', '牵头单位', '完成时限'], ['1', '加强标准体系建设。', '市市场监管局', '2026年底前'], ['2', '强化质量监管。', '', '']]);
    const closing = wordParagraph('各部门要加强协调配合，确保2027年6月底前全面完成。');
    expect(measures(file('table.docx', docxOf(wordParagraph('某市2026年质量提升重点任务') + table + closing)))).toEqual([
      { ref: '1', title: '加强标准体系建设', text: '加强标准体系建设。（牵头单位：市市场监管局；完成时限：2026年底前）', lead: ['市市场监管局'] },
      { ref: '2', title: '强化质量监管', text: '强化质量监管。', lead: [] },
    ]);
    const lines = ['一、重点任务', '（一）加强监管。开展抽查。', '', '开展检测。（市质监局负责）', '（二）强化服务。（市商务局负责）'];
    const byLines = measures(file('lines.txt', lines.join('\n')));
    expect(byLines.map((m) => m.ref)).toEqual(['一/（一）', '一/（二）']);
    expect(measures(file('paragraphs.txt', lines.join('\u2029\n')))).toEqual(byLines);
  });

  it('resolves units against a registry file and lists the unresolved ones', () => {
    const registry = file('units.json', JSON.stringify({ units: [{ name: '市场监管局', aliases: ['市市场监管局'] }], groups: [] }));
    const r = duban(fixturesDir + 'chrome.txt', '--json', '--registry', registry);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).measures[0].units).toEqual([
      { name: '市市场监管局', role: 'lead', kind: 'unit', resolvedTo: '市场监管局', via: 'alias' },
    ]);
  });

  it.each([
    ['an empty file', () => file('empty.txt', ''), '文件为空 / the file is empty'],
    ['a binary file', () => file('blob.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])), '文件不是文本'],
    ['a document with no measures', () => fixturesDir + 'no-measures.txt', '未找到任何措施 / no measures found'],
    ['a missing file', () => join(dir, 'missing.txt'), '找不到文件 / file not found'],
  ])('exits 1 with a one-line reason for %s', (_, path, message) => {
    const r = duban(path(), '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([[[]], [['a.txt', 'b.txt']], [['--bogus', 'a.txt']]])('exits 2 on bad usage: %j', (args) => {
    const r = duban(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
