import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringActivities } from '../../../activities/scoring/recompute-scores';
import { seedSmallPlan, useSmallPlanDatabase } from './seed-small-plan';

const small = useSmallPlanDatabase();

const AS_OF = '2027-01-20T10:00:00.000Z';
const scoresOf = (planId: string) => small.db.score.findMany({ where: { planId }, orderBy: [{ scope: 'asc' }, { subjectId: 'asc' }] });
const pointsOf = async (planId: string) =>
  Object.fromEntries((await scoresOf(planId)).map((s) => [`${s.scope}:${s.subjectId}`, s.points]));

describe('recomputePlanScores', () => {
  it('stores the hand-computed scores of every assignment, measure, unit and the plan, with the rubric version', async () => {
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    const result = await recomputePlanScores({ planId: small.seeded.plan.id, asOf: AS_OF });
    expect(result).toMatchObject({ scores: 9, rubricVersion: 1, planPoints: 86.79, planGrade: '良好' });

    const { assignments: a, measures: m, units: u, plan } = small.seeded;
    expect(await pointsOf(plan.id)).toEqual({
      [`assignment:${a.airNdrc.id}`]: 99,
      [`assignment:${a.airEnv.id}`]: 45.5,
      [`assignment:${a.indEnv.id}`]: 100,
      [`assignment:${a.indNdrc.id}`]: 68.8,
      [`measure:${m.air.id}`]: 81.17,
      [`measure:${m.industry.id}`]: 89.6,
      [`unit:${u.ndrc.id}`]: 83.9,
      [`unit:${u.env.id}`]: 89.1,
      [`plan:${plan.id}`]: 86.79,
    });
    const env = await small.db.score.findUniqueOrThrow({ where: { planId_scope_subjectId: { planId: plan.id, scope: 'assignment', subjectId: a.airEnv.id } } });
    expect(env).toMatchObject({ grade: '不合格', maxPoints: 100, rubricVersion: 1, computedAt: new Date(AS_OF) });
    const explanations = (env.breakdown as { explanation: string }[]).map((l) => l.explanation);
    expect(explanations).toContain('报送及时性：2026年7月15日节点报告 2026-07-20 报送，逾期 3 个工作日（期限 2026-07-15），按 70% 计，得 10.5 分（本期满分 15）');
  });

  it('is idempotent: a retry leaves the same rows, ids and all', async () => {
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    const before = await scoresOf(small.seeded.plan.id);
    await recomputePlanScores({ planId: small.seeded.plan.id, asOf: AS_OF });
    expect(await scoresOf(small.seeded.plan.id)).toEqual(before);
  });

  it('a delayed retry of an older recompute does not replace newer scores', async () => {
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    const before = await scoresOf(small.seeded.plan.id);
    await recomputePlanScores({ planId: small.seeded.plan.id, asOf: '2026-08-01T10:00:00.000Z' });
    expect(await scoresOf(small.seeded.plan.id)).toEqual(before);
  });

  it('after a rubric change, stores the new version and scores explained by it', async () => {
    await small.db.plan.update({
      where: { id: small.seeded.plan.id },
      data: { rubric: { measureWeights: { '一/(一)': 3 }, roleShare: { cooperating: 0.25 }, timeliness: { perWorkingDayLate: 0.2 } }, rubricVersion: 2 },
    });
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    const result = await recomputePlanScores({ planId: small.seeded.plan.id, asOf: '2027-01-21T10:00:00.000Z' });
    expect(result).toMatchObject({ rubricVersion: 2, planPoints: 89.46 });
    const rows = await scoresOf(small.seeded.plan.id);
    expect(rows.every((r) => r.rubricVersion === 2)).toBe(true);
    const env = rows.find((r) => r.subjectId === small.seeded.assignments.airEnv.id)!;
    expect(env.points).toBe(41);
    expect((env.breakdown as { explanation: string }[]).map((l) => l.explanation)).toContain(
      '报送及时性：2026年7月15日节点报告 2026-07-20 报送，逾期 3 个工作日（期限 2026-07-15），按 40% 计，得 6 分（本期满分 15）',
    );
  });

  it('drops the scores of a measure cancelled since', async () => {
    await small.db.measure.update({ where: { id: small.seeded.measures.industry.id }, data: { status: 'cancelled' } });
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    await recomputePlanScores({ planId: small.seeded.plan.id, asOf: '2027-01-22T10:00:00.000Z' });
    const rows = await scoresOf(small.seeded.plan.id);
    expect(rows.map((r) => r.subjectId)).not.toContain(small.seeded.measures.industry.id);
    expect(rows.map((r) => r.subjectId)).not.toContain(small.seeded.assignments.indEnv.id);
    expect(rows).toHaveLength(6); // 2 assignments, 1 measure, 2 units, the plan
    await small.db.measure.update({ where: { id: small.seeded.measures.industry.id }, data: { status: 'done' } });
  });

  it('with unlessCurrent, computes nothing when the stored scores are as of that instant or later, and computes otherwise', async () => {
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    const latest = '2027-01-22T10:00:00.000Z';
    const before = await scoresOf(small.seeded.plan.id);
    // A change the stored scores do not reflect: a skipped call leaves them as they were.
    await small.db.plan.update({ where: { id: small.seeded.plan.id }, data: { rubric: {}, rubricVersion: 3 } });
    for (const asOf of [latest, '2027-01-21T00:00:00.000Z']) {
      const skipped = await recomputePlanScores({ planId: small.seeded.plan.id, asOf, unlessCurrent: true });
      expect(skipped).toMatchObject({ scores: 0, asOf: latest, rubricVersion: 2, planPoints: before.find((r) => r.scope === 'plan')!.points });
      expect(await scoresOf(small.seeded.plan.id)).toEqual(before);
    }
    const computed = await recomputePlanScores({ planId: small.seeded.plan.id, asOf: '2027-01-23T00:00:00.000Z', unlessCurrent: true });
    expect(computed).toMatchObject({ rubricVersion: 3, asOf: '2027-01-23T00:00:00.000Z' });
    const after = await scoresOf(small.seeded.plan.id);
    expect(computed.scores).toBe(after.length);
    expect(after.every((r) => r.rubricVersion === 3)).toBe(true);
  });

  it('fails for good, naming the plan, when the plan does not exist', async () => {
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    await expect(recomputePlanScores({ planId: 'no-such-plan', asOf: AS_OF })).rejects.toMatchObject({
      type: 'PlanNotFound',
      nonRetryable: true,
      message: expect.stringContaining('no-such-plan'),
    });
  });

  it('fails for good when the stored rubric is invalid', async () => {
    const other = await seedSmallPlan(small.db, '-b');
    await small.db.plan.update({ where: { id: other.plan.id }, data: { rubric: { completion: { weight: -5 } } } });
    const { recomputePlanScores } = createScoringActivities({ db: small.db });
    await expect(recomputePlanScores({ planId: other.plan.id, asOf: AS_OF })).rejects.toMatchObject({ type: 'InvalidRubric', nonRetryable: true });
  });
});
