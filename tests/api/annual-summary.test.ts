import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import type { Db } from '../../prisma/client';
import { showResults } from '../../services/assessment/show-results';
import { submitAnnualSummary } from '../../services/assessment/submit-annual-summary';
import { scorePlan } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { withSession } from './support';

/**
 * 年度总结 on the seeded plan (区财政局 leads, 区教育局 cooperates; the plan's today is Monday 1 June 2026): the office asks
 * for each year's summary by 07-01 (so 2026's is due 2026-07-01), 区财政局 sends its own at once with its own upload as
 * evidence, 区教育局 late; the results list each as on time, late or missing. The tests run in order on one plan.
 */
const YEAR = 2026;
const daysLater = (t: { db: Db }, days: number) => ({ db: t.db, now: () => new Date(Date.now() + days * DAY_MS) });
const summary = { year: YEAR, summary: '全年完成抽检1200批次。', targets: '抽检合格率达到96%。', measures: '扩大抽检覆盖面。' };
const upload = (db: Db, assignmentId: string, uploaderId: string, name: string) =>
  db.storedFile.create({ data: { name, size: 3, sha256: 'a'.repeat(64), contentType: 'application/pdf', uploaderId, assignmentId, storedAt: new Date() } });

/** The 年度总结 line of a unit's score, the plan scored as of `asOf` on its clock (a later score already stored stays). */
async function summaryLine(db: Db, planId: string, unitId: string, asOf: string) {
  const { set } = await scorePlan(db, planId, new Date(shanghaiMidnight(asOf)));
  return set.units.find((u) => u.subjectId === unitId)!.breakdown.find((l) => l.component === 'annual-summary');
}

describe('年度总结: one summary per assessed unit and year, reminded, listed in the results', () => {
  test('the office asks for it on the settings API; a month-day no year has is refused naming the field', async ({ t, w, coordinator }) => {
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/plans/${w.plan.id}/settings`, payload: { annualSummary: { due: '02-30' } }, headers: withSession(coordinator) });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('annualSummary');
    const res = await t.app.inject({ method: 'PATCH', url: `/api/plans/${w.plan.id}/settings`, payload: { annualSummary: { due: '07-01' } }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().annualSummary).toEqual({ due: '07-01' });
    await scorePlan(t.db, w.plan.id, new Date());
  });

  test('a unit’s summary naming another unit’s file is refused in one line naming the field, nothing saved; with its own file it is on time, once', async ({ t, w, memberA, memberB }) => {
    const own = await upload(t.db, w.assignmentA.id, w.memberA.id, '抽检报告.pdf');
    const foreign = await upload(t.db, w.assignmentB.id, w.memberB.id, '教育局材料.pdf');
    const url = `/api/plans/${w.plan.id}/assessment/annual-summaries`;
    const refused = await t.app.inject({ method: 'POST', url, payload: { ...summary, evidence: [own.id, foreign.id] }, headers: withSession(memberA) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe(`evidence.1：文件 ${foreign.id} 不是该单位在本方案中上传的文件`);
    expect(await t.db.annualSummary.count({ where: { planId: w.plan.id } })).toBe(0);

    const sent = await t.app.inject({ method: 'POST', url, payload: { ...summary, evidence: [own.id] }, headers: withSession(memberA) });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ year: YEAR, due: '2026-07-01', submittedOn: '2026-06-01', onTime: true });
    const again = await t.app.inject({ method: 'POST', url, payload: summary, headers: withSession(memberA) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('year：本单位 2026 年度总结已于 2026-06-01 报送');
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: 'assessment.annual_summary' } })).toBe(1);
  });

  test('before the due date the office sees 区教育局 not yet due; after it, missing; a unit sees its own line alone', async ({ t, w, coordinator, memberA }) => {
    const before = (await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/${YEAR}`, headers: withSession(coordinator) })).json();
    expect(before.annualSummaries.due).toBe('2026-07-01');
    expect(before.annualSummaries.lines.map((l: { unitName: string; standing: string }) => [l.unitName, l.standing])).toEqual([
      ['区教育局', 'not-due'],
      ['区财政局', 'on-time'],
    ]);
    const officeLater = await showResults(t.db, w.coordinator, w.plan.id, YEAR, new Date(Date.now() + 31 * DAY_MS));
    expect(officeLater.annualSummaries!.lines.map((l) => l.standing)).toEqual(['missing', 'on-time']);
    const mine = (await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/${YEAR}`, headers: withSession(memberA) })).json();
    expect(mine.annualSummaries.lines).toMatchObject([{ unitName: '区财政局', standing: 'on-time', summary: { targets: '抽检合格率达到96%。' } }]);
  });

  test('scored on the plan’s clock after the due date, 区教育局 loses the shipped 方案’s 2 points for a missing summary; 区财政局 nothing', async ({ t, w }) => {
    const line = await summaryLine(t.db, w.plan.id, w.unitB.id, '2026-07-03');
    expect(line).toMatchObject({ points: -2, explanation: '年度总结：2026年度总结应于 2026-07-01 前报送，未报送，扣 2 分' });
    expect(await summaryLine(t.db, w.plan.id, w.unitA.id, '2026-07-03')).toBeUndefined();
  });

  test('区教育局 sends its summary after the due date through its results page: listed late on the office’s page', async ({ t, w, coordinator, memberB }) => {
    const page = await t.app.inject({ url: `/plans/${w.plan.id}/results/${YEAR}`, headers: withSession(memberB) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="intent" value="summary"');
    expect(page.body).toContain('教育局材料.pdf');
    const sent = await submitAnnualSummary(daysLater(t, 35), w.plan.id, w.memberB, summary);
    expect(sent).toMatchObject({ due: '2026-07-01', submittedOn: '2026-07-06', onTime: false });
    const office = await t.app.inject({ url: `/plans/${w.plan.id}/results/${YEAR}`, headers: withSession(coordinator) });
    expect(office.body).toMatch(/data-standing="late"><th scope="row">区教育局<\/th><td>逾期报送/);
    expect(office.body).toMatch(/data-standing="on-time"><th scope="row">区财政局<\/th><td>按时报送/);
  });

  test('once its late summary is in, 区教育局 loses 1 point instead of 2; a 方案 that takes none for it leaves the score whole', async ({ t, w }) => {
    expect(await summaryLine(t.db, w.plan.id, w.unitB.id, '2026-07-07')).toMatchObject({ points: -1, explanation: '年度总结：2026年度总结应于 2026-07-01 前报送，2026-07-06 逾期报送，扣 1 分' });
    const unitB = async () => (await scorePlan(t.db, w.plan.id, new Date(shanghaiMidnight('2026-07-07')))).set.units.find((u) => u.subjectId === w.unitB.id)!;
    const before = await unitB();
    await t.db.plan.update({ where: { id: w.plan.id }, data: { rubric: { annualSummary: { missing: 0, late: 0 } } } });
    const after = await unitB();
    expect(after.breakdown.some((l) => l.component === 'annual-summary')).toBe(false);
    expect(after.points).toBeCloseTo(before.points + 1, 6);
    await t.db.plan.update({ where: { id: w.plan.id }, data: { rubric: {} } });
  });

  test('a 加分 or 异议 naming a file the unit did not upload is refused naming the field; nothing saved', async ({ t, w, coordinator, memberB }) => {
    const foreign = await t.db.storedFile.findFirstOrThrow({ where: { assignmentId: w.assignmentB.id } });
    const bonus = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/bonuses`,
      payload: { unitId: w.unitA.id, year: YEAR, points: 1, title: '省级试点', evidence: [foreign.id] },
      headers: withSession(coordinator),
    });
    expect(bonus.statusCode).toBe(400);
    expect(bonus.json().error.message).toBe(`evidence.0：文件 ${foreign.id} 不是该单位在本方案中上传的文件`);
    const veto = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/vetoes`,
      payload: { unitId: w.unitA.id, year: YEAR, reason: '发生重大质量安全事故', evidence: ['no-such-file'] },
      headers: withSession(coordinator),
    });
    expect(veto.statusCode).toBe(400);
    expect(veto.json().error.message).toBe('evidence.0：文件 no-such-file 不是该单位在本方案中上传的文件');
    expect(await t.db.assessmentRecord.count({ where: { planId: w.plan.id } })).toBe(0);

    const published = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/assessment/publicity`, payload: { year: YEAR }, headers: withSession(coordinator) });
    expect(published.statusCode, published.body).toBe(200);
    const own = { method: 'POST' as const, url: `/api/plans/${w.plan.id}/assessment/objections`, headers: withSession(memberB) };
    const stranger = await t.db.storedFile.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
    const objection = await t.app.inject({ ...own, payload: { year: YEAR, reason: '评议分未录入', evidence: [stranger.id] } });
    expect(objection.statusCode).toBe(400);
    expect(objection.json().error.message).toBe(`evidence.0：文件 ${stranger.id} 不是该单位在本方案中上传的文件`);
    expect(await t.db.assessmentObjection.count({ where: { planId: w.plan.id } })).toBe(0);
    const withOwn = await t.app.inject({ ...own, payload: { year: YEAR, reason: '评议分未录入', evidence: [foreign.id] } });
    expect(withOwn.statusCode, withOwn.body).toBe(201);
  });
});
