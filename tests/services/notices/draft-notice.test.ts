import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeBody } from '../../../report/notice-model';
import { draftPlanNotice } from '../../../services/notices/draft-notice';
import { seedSmallPlan } from '../../activities/scoring/seed-small-plan';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { paragraphs, readDocx } from '../../support/read-docx';

/**
 * The hand-scored small plan (tests/activities/scoring/seed-small-plan.ts): reports due 2026-07-15 and 2026-12-31.
 * 市环保局 filed its 7-15 report three working days late, after a 催办, and never filed 12-31's; 市发改委 filed one
 * report late and the rest on time. Drafted on 2027-01-20, after both periods settled.
 */
let t: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedSmallPlan>>;
const DRAFTED = new Date('2027-01-20T10:00:00Z');
const lines = async (period?: string, now = DRAFTED) => {
  const draft = await draftPlanNotice(t.db, { planId: seeded.plan.id, period }, now);
  return { draft, lines: noticeBody(draft.notice).map((b) => b.text) };
};

beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedSmallPlan(t.db);
});
afterAll(async () => t?.close());

describe('the draft 通报 of a plan’s results', () => {
  it('covers the latest settled period by default: the counts, and the unit with a report still missing criticised by its facts', async () => {
    const { draft, lines: body } = await lines();
    expect(draft.scope).toMatchObject({ key: '2026-12-31', closed: true, until: '2026-12-31' });
    expect(draft.notice.title).toBe('关于大气和工业整治工作方案2026年12月31日节点推进情况的通报');
    expect(draft.notice.docNumber).toBeNull();
    expect(body).toContain(
      '截至2026年12月31日，大气和工业整治工作方案共2项措施，分派2个责任单位。应报送进展6次，按时报送3次，迟报2次，逾期未报1次；发出催办2次、督办0次、提请协调0次。',
    );
    expect(body).toContain('1.市环保局：牵头1项、配合1项措施中，1次进展逾期未报，1次迟报（涉及措施一/(一)）。');
    // Late but complete is neither praised nor criticised.
    expect(body.join('\n')).not.toContain('市发改委');
    expect(body.filter((l) => /^[一二三四]、/.test(l))).toEqual(['一、总体情况', '二、通报批评', '三、工作要求']);
  });

  it('judges a period as it stood when it settled: the 7-15 report filed late was still missing then', async () => {
    const { draft, lines: body } = await lines('2026-07-15');
    expect(draft.scope).toMatchObject({ key: '2026-07-15', closed: true, asOf: new Date('2026-07-16T16:00:00Z') });
    expect(body).toContain('1.市环保局：牵头1项、配合1项措施中，1次进展逾期未报（涉及措施一/(一)）。');
  });

  it('praises a unit whose every report came in on time and was never chased', async () => {
    // 市发改委's one late report (its cooperating part, due 2026-06-30, filed 07-02) filed on its due date instead.
    const late = await t.db.progressReport.findFirstOrThrow({ where: { assignment: { unitId: seeded.units.ndrc.id }, period: 'final' } });
    try {
      await t.db.progressReport.update({ where: { id: late.id }, data: { submittedAt: late.dueAt } });
      const { lines: body } = await lines('2026');
      expect(body).toContain('以下单位2026年度各项进展均按期报送，未被催办，予以通报表扬：');
      expect(body).toContain('1.市发改委：牵头1项、配合1项措施应报送的3次进展均按期报送。');
    } finally {
      await t.db.progressReport.update({ where: { id: late.id }, data: { submittedAt: late.submittedAt } });
    }
  });

  it('drafts the year so far while nothing has settled, and says so', async () => {
    const { draft, lines: body } = await lines(undefined, new Date('2026-05-11T03:00:00Z'));
    expect(draft.scope).toMatchObject({ key: '2026', closed: false, until: '2026-05-11' });
    expect(body[body.findIndex((l) => l === '一、总体情况') + 1]).toMatch(/^2026年尚未结束，以下为阶段性情况。截至2026年5月11日，/);
  });

  it('refuses a period the plan does not have, naming those it has, and a year not yet begun', async () => {
    await expect(lines('2026-H1')).rejects.toThrow('本计划没有“2026-H1”这一期；可选：2026-07-15、2026-12-31、2026');
    await expect(lines('2031')).rejects.toThrow('2031 年尚未开始');
  });

  it('writes the Word file with the draft’s place for the 文号, to be numbered when issued', async () => {
    const { draft } = await lines();
    const text = paragraphs((await readDocx(draft.docx)).document).map((p) => p.text);
    expect(text).toContain('（文号待定）');
    expect(text).toContain('市人民政府办公室文件');
    expect(draft.fileName).toBe('关于大气和工业整治工作方案2026年12月31日节点推进情况的通报（草稿）.docx');
  });
});

describe('duban notice', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const duban = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(root, 'bin/duban.mjs'), 'notice', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: t.url } }, (err, _out, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
      );
    });

  it('writes the draft of the period named to the .docx named, and says what it covers', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'duban-notice-')), '通报.docx');
    const { code, stderr } = await duban([seeded.plan.id, '--period', '2026-07-15', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('2026年7月15日节点');
    const text = paragraphs((await readDocx(readFileSync(out))).document).map((p) => p.text);
    expect(text).toContain('1.市环保局：牵头1项、配合1项措施中，1次进展逾期未报（涉及措施一/(一)）。');
  });

  it('asks for --out, and refuses an unknown period in one line', async () => {
    expect((await duban([seeded.plan.id])).code).toBe(2);
    const unknown = await duban([seeded.plan.id, '--period', '2026-H1', '--out', path.join(tmpdir(), 'x.docx')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('可选：2026-07-15、2026-12-31、2026');
  });
});
