import { describe, expect } from 'vitest';
import { rescoreOwedPlans } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { withSession } from './support';

/**
 * The office's 考核方案 through the API, on the seeded plan (区财政局 leads 一/(一), 区教育局 cooperates): read, previewed
 * side by side, refused whole when wrong, saved as a new version that the score keeper rescores with; 加分, 一票否决
 * and 评议 recorded for a unit. The tests run in order on one plan.
 */
const rubric = (extra: Record<string, unknown> = {}) => ({ total: 120, appraisal: { max: 20 }, bonus: { cap: 3 }, ...extra });

describe('the 考核方案 of a plan', () => {
  test('a plan starts on the shipped 方案, version 1, with no saved versions', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ url: `/api/plans/${w.plan.id}/rubric`, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, rubric: { completion: { weight: 50 }, appraisal: { max: 0 } }, versions: [] });
  });

  test('a preview shows each unit under the current and the new 方案, and saves nothing', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/rubric/preview`, payload: { rubric: rubric() }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    const whole = res.json().years[0];
    expect(whole.year).toBe(0);
    const a = whole.units.find((u: { unitId: string }) => u.unitId === w.unitA.id);
    // The new 方案 adds 评议 (20, none entered yet): the same points out of 120 instead of 100.
    expect(a.next.maxPoints).toBe(120);
    expect(a.current.maxPoints).toBe(100);
    expect(a.next.points).toBe(a.current.points);
    const after = await t.app.inject({ url: `/api/plans/${w.plan.id}/rubric`, headers: withSession(coordinator) });
    expect(after.json().version).toBe(1);
  });

  test.for([
    ['points that do not add up', { rubric: rubric({ total: 100 }), reason: '调整' }, '考核方案 total：各项分值之和为 120，与方案总分 100 不符'],
    ['a negative bonus cap', { rubric: rubric({ bonus: { cap: -2 } }), reason: '调整' }, '考核方案 bonus.cap：'],
    ['no reason', { rubric: rubric(), reason: ' ' }, '请说明修改考核方案的理由'],
  ] as const)('%s is refused in one line naming the field, and nothing is saved', async ([, payload, line], { t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'PUT', url: `/api/plans/${w.plan.id}/rubric`, payload, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(400);
    // A 方案 is refused by the service in one line; a missing reason by the route's schema, in its details.
    expect(res.body).toContain(line);
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).rubricVersion).toBe(1);
  });

  test('a unit not in the registry is refused in one line naming the field', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/plans/${w.plan.id}/rubric`,
      payload: { rubric: rubric({ subjects: ['no-such-unit'] }), reason: '增加考核对象' },
      headers: withSession(coordinator),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toBe('考核方案 subjects.0：单位 no-such-unit 不在名录中');
    expect(await t.db.rubricVersion.count({ where: { planId: w.plan.id } })).toBe(0);
  });

  test('only a coordinator of the plan’s office may save it', async ({ t, w, memberA }) => {
    const res = await t.app.inject({ method: 'PUT', url: `/api/plans/${w.plan.id}/rubric`, payload: { rubric: rubric(), reason: '调整' }, headers: withSession(memberA) });
    expect(res.statusCode).toBe(403);
  });

  test('saving keeps both versions with who and why, audits it, and the plan is rescored with the new 方案', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/plans/${w.plan.id}/rubric`,
      payload: { rubric: rubric({ subjects: [w.office.id] }), reason: '领导小组评议纳入考核' },
      headers: withSession(coordinator),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const shown = (await t.app.inject({ url: `/api/plans/${w.plan.id}/rubric`, headers: withSession(coordinator) })).json();
    expect(shown.versions.map((v: { version: number; reason: string; savedBy: string | null }) => [v.version, v.reason, v.savedBy])).toEqual([
      [2, '领导小组评议纳入考核', '李统筹'],
      [1, '导入时的考核方案（系统默认）', null],
    ]);
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: 'plan.rubric_saved' } })).toBe(1);
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).scoresOwed).toBeGreaterThan(0);

    const { scored } = await rescoreOwedPlans(t.db);
    expect(scored).toContain(w.plan.id);
    const unitA = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 0, scope: 'unit', subjectId: w.unitA.id } });
    expect(unitA).toMatchObject({ rubricVersion: 2, maxPoints: 120 });
    // The office, a 考核对象 with nothing assigned, is listed as 不考核, not graded 0.
    const office = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 0, scope: 'unit', subjectId: w.office.id } });
    expect(office).toMatchObject({ grade: '不考核', maxPoints: 0 });
  });
});

describe('加分, 一票否决 and 评议', () => {
  const post = (path: string, payload: object) => ({ method: 'POST' as const, url: path, payload });

  test('a veto for a unit the plan does not assess is refused naming it', async ({ t, w, coordinator }) => {
    const stranger = await t.db.unit.create({ data: { name: '区外单位' } });
    const res = await t.app.inject({ ...post(`/api/plans/${w.plan.id}/assessment/vetoes`, { unitId: stranger.id, year: 2026, reason: '事故' }), headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toBe(`unitId：单位 ${stranger.id} 不是本方案的考核对象`);
    expect(await t.db.assessmentRecord.count({ where: { planId: w.plan.id } })).toBe(0);
  });

  test('a negative bonus is refused naming the field', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ ...post(`/api/plans/${w.plan.id}/assessment/bonuses`, { unitId: w.unitA.id, year: 2026, points: -1, title: '奖' }), headers: withSession(coordinator) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('body.points');
  });

  test('a 评议 above the 方案’s maximum is refused', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ ...post(`/api/plans/${w.plan.id}/assessment/appraisals`, { unitId: w.unitA.id, year: 2026, points: 25 }), headers: withSession(coordinator) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('points：评议分 25 超过方案规定的满分 20');
  });

  test('recorded 评议, a capped 加分 and a veto count once the plan is rescored, each audited', async ({ t, w, coordinator }) => {
    const send = async (path: string, payload: object) => {
      const res = await t.app.inject({ ...post(`/api/plans/${w.plan.id}/assessment/${path}`, payload), headers: withSession(coordinator) });
      expect(res.statusCode, res.body).toBe(201);
    };
    const before = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 2026, scope: 'unit', subjectId: w.unitB.id } });
    await send('appraisals', { unitId: w.unitB.id, year: 2026, points: 16 });
    await send('bonuses', { unitId: w.unitB.id, year: 2026, points: 2, title: '省级质量奖' });
    await send('bonuses', { unitId: w.unitB.id, year: 2026, points: 2, title: '国家级试点' });
    await send('vetoes', { unitId: w.unitA.id, year: 2026, reason: '发生重大质量安全事故' });
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: { startsWith: 'assessment.' } } })).toBe(4);

    await rescoreOwedPlans(t.db);
    const b = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 2026, scope: 'unit', subjectId: w.unitB.id } });
    // 评议 16 + 加分 min(3, 2 + 2) = 19 more than before
    expect(b.points).toBeCloseTo(before.points + 19, 2);
    const a = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 2026, scope: 'unit', subjectId: w.unitA.id } });
    expect(a.grade).toBe('不合格');
  });
});
