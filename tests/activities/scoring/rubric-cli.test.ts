import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRubricTemplate } from '../../../services/assessment/rubric-template';
import { DEFAULT_RUBRIC } from '../../../scoring/rubric';
import { errorLines, runDuban } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedSmallPlan } from './seed-small-plan';

let t: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedSmallPlan>>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-rubric-'));
beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedSmallPlan(t.db);
});
afterAll(async () => t?.close());

const duban = (...args: string[]) => runDuban(['plan', 'rubric', ...args], { DATABASE_URL: t.url });
const version = async () => (await t.db.plan.findUniqueOrThrow({ where: { id: seeded.plan.id } })).rubricVersion;

describe('duban plan rubric', () => {
  it('--template writes the plan’s current 方案, which reads back as itself, with the plan’s targets listed', async () => {
    const out = path.join(dir, '方案.xlsx');
    const res = await duban(seeded.plan.id, '--template', '--out', out);
    expect(res.code, res.stderr).toBe(0);
    const xlsx = readFileSync(out);
    expect(await readRubricTemplate(xlsx)).toEqual(DEFAULT_RUBRIC);
    const targets = await (await JSZip.loadAsync(xlsx)).file('xl/sharedStrings.xml')!.async('string');
    expect(targets).toContain('PM2.5年均浓度');
  });

  it('a JSON 方案 is saved as the next version, with the reason given', async () => {
    const file = path.join(dir, 'rubric.json');
    writeFileSync(file, JSON.stringify({ total: 110, appraisal: { max: 10 } }));
    const res = await duban(seeded.plan.id, file, '--reason', '领导小组评议纳入考核');
    expect(res.code, res.stderr).toBe(0);
    expect(await version()).toBe(2);
    expect(await t.db.rubricVersion.findFirstOrThrow({ where: { planId: seeded.plan.id, version: 2 } })).toMatchObject({ reason: '领导小组评议纳入考核', savedById: null });
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: seeded.plan.id } })).scoresOwed).toBeGreaterThan(0);
  });

  it('a 方案 whose points do not add up is refused in one line naming the field; nothing is saved', async () => {
    const file = path.join(dir, 'wrong.json');
    writeFileSync(file, JSON.stringify({ total: 100, appraisal: { max: 10 } }));
    const res = await duban(seeded.plan.id, file);
    expect(res.code).toBe(1);
    expect(errorLines(res.stderr)).toEqual([expect.stringContaining('考核方案 total：各项分值之和为 110，与方案总分 100 不符')]);
    expect(await version()).toBe(2);
  });

  it('a template with a wrong column is refused naming it; nothing is saved', async () => {
    const out = path.join(dir, '方案2.xlsx');
    expect((await duban(seeded.plan.id, '--template', '--out', out)).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('xl/sharedStrings.xml')!.async('string');
    zip.file('xl/sharedStrings.xml', xml.replace('>优秀名额<', '>优秀比例<'));
    writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
    const res = await duban(seeded.plan.id, out);
    expect(res.code).toBe(1);
    expect(errorLines(res.stderr)).toEqual([expect.stringContaining('模板「分类考核」表第 1 行：应为「优秀名额」，实为「优秀比例」')]);
    expect(await version()).toBe(2);
  });
});
