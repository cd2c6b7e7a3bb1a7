import { describe, expect } from 'vitest';
import { DAY_MS } from '../../domain/clock';
import { Prisma, type Db } from '../../prisma/client';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { lodgeObjection } from '../../services/assessment/lodge-objection';
import { showResults } from '../../services/assessment/show-results';
import { owePlanScores, rescoreOwedPlans } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { withSession } from './support';

/**
 * A year's results finished the way an office finishes them, on the seeded plan (区财政局 leads, 区教育局 cooperates;
 * the plan's today is Monday 1 June 2026): units see their own results, 公示 for five working days (1–5 June), a
 * unit's 异议 upheld through a 评议 the office records, 定稿 that a later report cannot move, an audited reopen.
 * The tests run in order on one plan.
 */
const YEAR = 2026;
/** The office's services as they run a week later on the plan's clock: 公示 (1–5 June) is over by then. */
const aWeekLater = (t: { db: Db }) => ({ db: t.db, now: () => new Date(Date.now() + 7 * DAY_MS) });
const actor = { id: null, label: 'web' };

describe('公示, 异议 and 定稿 of a year’s results', () => {
  test('before 公示 a unit sees only its own results, line by line, and cannot lodge an 异议', async ({ t, w, coordinator, memberA }) => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/plans/${w.plan.id}/rubric`,
      payload: { rubric: { total: 120, appraisal: { max: 20 } }, reason: '增加领导小组评议' },
      headers: withSession(coordinator),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await rescoreOwedPlans(t.db);
    const res = await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/${YEAR}`, headers: withSession(memberA) });
    expect(res.statusCode, res.body).toBe(200);
    const shown = res.json();
    expect(shown.stage).toBe('open');
    expect(shown.units.map((u: { name: string }) => u.name)).toEqual(['区财政局']);
    expect(shown.own.breakdown.length).toBeGreaterThan(0);
    const objection = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/objections`,
      payload: { year: YEAR, reason: '上半年报告按时报送' },
      headers: withSession(memberA),
    });
    expect(objection.statusCode).toBe(409);
    expect(objection.json().error.message).toBe('year：2026 年考核结果未在公示期内，不能提出异议');
  });

  test('a person of no assessed unit finds no results', async ({ t, w }) => {
    const outsider = await t.db.unit.create({ data: { name: '区外单位' } });
    const person = await t.db.person.create({ data: { name: '钱外', email: 'outsider@test.local', role: 'member', unitId: outsider.id } });
    await expect(showResults(t.db, { ...person, unitId: outsider.id }, w.plan.id, YEAR)).rejects.toThrow('未找到');
  });

  test('公示 for five working days from the plan’s today ends on Friday 5 June; every assessed unit then sees the whole list', async ({ t, w, coordinator, memberA }) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/publicity`,
      payload: { year: YEAR, workingDays: 5 },
      headers: withSession(coordinator),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ year: YEAR, publicityUntil: '2026-06-05' });
    const shown = (await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/${YEAR}`, headers: withSession(memberA) })).json();
    expect(shown.stage).toBe('publicity');
    expect(shown.units.map((u: { name: string }) => u.name).sort()).toEqual(['区教育局', '区财政局'].sort());
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: 'assessment.publicity' } })).toBe(1);
  });

  test('定稿 while 公示 runs is refused naming its last day', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/assessment/finalise`, payload: { year: YEAR }, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('year：2026 年考核结果公示至 2026-06-05，公示期满后方可定稿');
  });

  test('an 异议 upheld: the office records the 评议 it had left out, the unit gains exactly those points, nothing else moves', async ({ t, w, coordinator, memberB }) => {
    const lodged = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/objections`,
      payload: { year: YEAR, reason: '领导小组评议分未录入', evidence: [] },
      headers: withSession(memberB),
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    // With an 异议 unanswered, 定稿 waits, even after 公示 has ended.
    await expect(finaliseResults(aWeekLater(t), w.plan.id, { year: YEAR }, actor)).rejects.toThrow('year：2026 年尚有 1 条异议未答复');

    const unitScore = (unitId: string) => t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: YEAR, scope: 'unit', subjectId: unitId } });
    const [beforeA, beforeB] = [await unitScore(w.unitA.id), await unitScore(w.unitB.id)];
    const recorded = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/appraisals`,
      payload: { unitId: w.unitB.id, year: YEAR, points: 12 },
      headers: withSession(coordinator),
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/objections/${lodged.json().id}/answer`,
      payload: { decision: 'upheld', answer: '已补录领导小组评议分 12 分' },
      headers: withSession(coordinator),
    });
    expect(answered.statusCode, answered.body).toBe(200);
    await rescoreOwedPlans(t.db);
    expect((await unitScore(w.unitB.id)).points).toBeCloseTo(beforeB.points + 12, 2);
    expect((await unitScore(w.unitA.id)).points).toBe(beforeA.points);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/objections/${lodged.json().id}/answer`,
      payload: { decision: 'rejected', answer: '重复' },
      headers: withSession(coordinator),
    });
    expect(again.statusCode).toBe(409);
    const shown = (await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/${YEAR}`, headers: withSession(memberB) })).json();
    expect(shown.objections).toMatchObject([{ reason: '领导小组评议分未录入', status: 'upheld', answer: '已补录领导小组评议分 12 分' }]);
  });

  test('an 异议 after 公示 ended is refused naming its last day, and nothing is saved', async ({ t, w }) => {
    const member = await t.db.person.findFirstOrThrow({ where: { unitId: w.unitA.id, role: 'member' } });
    await expect(lodgeObjection(aWeekLater(t), w.plan.id, member, { year: YEAR, reason: '迟到的异议' })).rejects.toThrow('year：2026 年考核结果公示已于 2026-06-05 结束，不能再提出异议');
    expect(await t.db.assessmentObjection.count({ where: { planId: w.plan.id } })).toBe(1);
  });

  test('定稿 locks the year: a report arriving later moves the whole period’s score but not the year’s; a record for the year is refused', async ({ t, w, coordinator }) => {
    expect(await finaliseResults(aWeekLater(t), w.plan.id, { year: YEAR }, actor)).toEqual({ year: YEAR, version: 1, planClosed: false });
    const score = (year: number) => t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year, scope: 'unit', subjectId: w.unitB.id } });
    const [lockedYear, whole] = [await score(YEAR), await score(0)];

    // What a measure's projection writes when 区教育局 reports its half-year done, and the score it then owes.
    const submitter = await t.db.person.findFirstOrThrow({ where: { unitId: w.unitB.id } });
    const at = new Date(Date.now() + 8 * DAY_MS);
    await t.db.progressReport.create({
      data: {
        assignmentId: w.assignmentB.id,
        period: '2026-H1',
        dueAt: new Date('2026-07-15T00:00:00Z'),
        status: 'done',
        percent: 100,
        narrative: '已全部完成',
        submittedAt: new Date('2026-07-14T02:00:00Z'),
        submittedById: submitter.id,
        idempotencyKey: 'after-final',
      },
    });
    await t.db.$executeRaw(owePlanScores(Prisma.sql`${w.plan.id}`, at));
    await rescoreOwedPlans(t.db);
    expect((await score(0)).points).toBeGreaterThan(whole.points);
    expect(await score(YEAR)).toEqual(lockedYear);

    const bonus = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/bonuses`,
      payload: { unitId: w.unitB.id, year: YEAR, points: 1, title: '省级试点' },
      headers: withSession(coordinator),
    });
    expect(bonus.statusCode).toBe(409);
    expect(bonus.json().error.message).toBe('year：2026 年考核结果已定稿；如需修改，请先说明理由撤回定稿');
  });

  test('reopened with a reason (audited), the year follows the late report; the next 定稿 is version 2', async ({ t, w, coordinator }) => {
    const noReason = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/assessment/reopen`, payload: { year: YEAR, reason: ' ' }, headers: withSession(coordinator) });
    expect(noReason.statusCode).toBe(400);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/assessment/reopen`,
      payload: { year: YEAR, reason: '区教育局补报上半年报告，经领导小组同意重新核定' },
      headers: withSession(coordinator),
    });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { planId: w.plan.id, action: 'assessment.reopened' } });
    expect(audit.data).toMatchObject({ year: YEAR, reason: '区教育局补报上半年报告，经领导小组同意重新核定', version: 1 });
    await rescoreOwedPlans(t.db);
    const score = (year: number) => t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year, scope: 'unit', subjectId: w.unitB.id } });
    expect((await score(YEAR)).points).toBe((await score(0)).points);
    expect(await finaliseResults(aWeekLater(t), w.plan.id, { year: YEAR }, actor)).toEqual({ year: YEAR, version: 2, planClosed: false });
  });
});
