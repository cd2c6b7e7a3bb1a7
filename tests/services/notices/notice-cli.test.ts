import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../domain/clock';
import { finaliseResults } from '../../../services/assessment/finalise-results';
import { seedWorld, type TWorld } from '../../api/support';
import { errorLines, runDuban } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { paragraphs, readDocx } from '../../support/read-docx';

/**
 * `duban notice list|draft|issue|docx` on the seeded world (区督查室 coordinates the plan; 区财政局 and 区教育局 are
 * assessed): the office drafts a 通报 of 2026, is refused issuing it before 定稿, issues it after, and writes the
 * archived Word file — through the services the API calls, in the order a person would run them.
 */
let t: TestDatabase;
let w: TWorld;
let work: string;
const duban = (...args: string[]) => runDuban(['notice', ...args], { DATABASE_URL: t.url, DUBAN_DATA_DIR: work });

beforeAll(async () => {
  t = await createTestDatabase();
  w = await seedWorld(t.db);
  await t.db.unit.update({ where: { id: w.office.id }, data: { noticePrefix: '区督办' } });
  work = mkdtempSync(path.join(tmpdir(), 'duban-notice-cli-'));
});
afterAll(async () => {
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('duban notice: the office drafts, issues and prints a 通报', () => {
  let noticeId = '';

  it('list says there is none yet; draft keeps one of the year named and says where to edit it', async () => {
    const none = await duban('list', w.plan.id);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe('暂无通报 / no notice yet\n');
    const drafted = await duban('draft', w.plan.id, '--period', '2026', '--json');
    expect(drafted.code, drafted.stderr).toBe(0);
    const record = JSON.parse(drafted.stdout);
    expect(record).toMatchObject({ planId: w.plan.id, scope: '2026', year: 2026, version: 1, status: 'draft', docNumber: null });
    noticeId = record.id;
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: noticeId, action: 'notice.created' } })).toMatchObject({ actorId: w.coordinator.id, actorLabel: 'cli' });
    const listed = await duban('list', w.plan.id);
    expect(listed.stdout).toMatch(new RegExp(`^${noticeId}  草稿 / draft  \\d{4}-\\d{2}-\\d{2}  关于.*2026年度.*的通报\\n$`));
  });

  it('issuing before the year is final is refused in one line, exit 1, nothing saved', async () => {
    const res = await duban('issue', noticeId);
    expect(res.code).toBe(1);
    expect(errorLines(res.stderr)).toEqual([expect.stringContaining('duban notice: year：2026 年考核结果尚未定稿，定稿后方可印发通报')]);
    expect(await t.db.notice.findUniqueOrThrow({ where: { id: noticeId } })).toMatchObject({ status: 'draft', docSeq: null });
  });

  it('issues it once final: the 文号 under the office’s 发文机关代字, sent to both units', async () => {
    await finaliseResults({ db: t.db, now: () => new Date(Date.now() + DAY_MS) }, w.plan.id, { year: 2026 }, { id: null, label: 'cli' });
    const res = await duban('issue', noticeId, '--version', '1');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^已印发 \/ issued: 区督办〔2026〕1号 {2}关于.*的通报，已发送 2 个单位 \/ sent to 2 units\n$/);
    expect(await t.db.outboxMessage.count({ where: { step: 'notice-issued' } })).toBe(2);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: noticeId, action: 'notice.issued' } })).toMatchObject({ actorId: w.coordinator.id, actorLabel: 'cli' });
    const listed = JSON.parse((await duban('list', w.plan.id, '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: noticeId, status: 'issued', docNumber: '区督办〔2026〕1号' })]);
  });

  it('docx writes the archived file as issued, its 文号 in 〔〕', async () => {
    const out = path.join(work, '通报.docx');
    const res = await duban('docx', noticeId, '--out', out);
    expect(res.code, res.stderr).toBe(0);
    expect(errorLines(res.stderr)).toEqual([`已写入通报（存档原件） / issued notice written: ${out}`]);
    expect(paragraphs((await readDocx(readFileSync(out))).document).map((p) => p.text)).toContain('区督办〔2026〕1号');
  });

  it('refuses in one line: issuing twice (exit 1), an unknown notice (exit 1), a missing --out or a stray flag (exit 2)', async () => {
    const again = await duban('issue', noticeId);
    expect(again.code).toBe(1);
    expect(errorLines(again.stderr)).toEqual(['duban notice: 该通报已印发（区督办〔2026〕1号），不能修改或再次印发 / the notice has been issued (区督办〔2026〕1号); it cannot be changed or issued again']);
    const unknown = await duban('issue', 'nosuchnotice');
    expect([unknown.code, errorLines(unknown.stderr)]).toEqual([1, [expect.stringContaining('未找到该通报')]]);
    expect((await duban('docx', noticeId)).code).toBe(2);
    expect((await duban('list', w.plan.id, '--period', '2026')).code).toBe(2);
    expect((await duban('issue', noticeId, '--version', 'two')).code).toBe(2);
    expect(await t.db.outboxMessage.count({ where: { step: 'notice-issued' } })).toBe(2);
  });
});
