import { describe, expect, it } from 'vitest';
import { InvalidRubricError, PlanNotFoundError } from '../../../services/scoring/load-scoring-input';
import { scorePlan } from '../../../services/scoring/score-plan';
import { seedSmallPlan, useSmallPlanDatabase } from './seed-small-plan';

const small = useSmallPlanDatabase();

const AS_OF = '2027-01-20T10:00:00.000Z';
/** The whole period's scores (year 0); a year's are the same rows with its year. */
const scoresOf = (planId: string, year = 0) => small.db.score.findMany({ where: { planId, year }, orderBy: [{ scope: 'asc' }, { subjectId: 'asc' }] });
/** What the score keeper does for a plan that owes scores as of `asOf`: the figures, and how many rows it wrote. */
async function score(planId: string, asOf: string) {
  const { set, rows } = await scorePlan(small.db, planId, new Date(asOf));
  return { scores: rows, rubricVersion: set.rubricVersion, asOf: set.asOf.toISOString(), planPoints: set.plan.points, planGrade: set.plan.grade };
}
const pointsOf = async (planId: string) =>
  Object.fromEntries((await scoresOf(planId)).map((s) => [`${s.scope}:${s.subjectId}`, s.points]));

describe('scoring a plan (services/scoring/score-plan)', () => {
  it('stores the hand-computed scores of every assignment, measure, unit and the plan, with the rubric version', async () => {
    const result = await score(small.seeded.plan.id, AS_OF);
    // Nine scores for the whole period and nine for its one year, 2026.
    expect(result).toMatchObject({ scores: 18, rubricVersion: 1, planPoints: 86.79, planGrade: '良好' });

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
    const env = await small.db.score.findUniqueOrThrow({ where: { planId_year_scope_subjectId: { planId: plan.id, year: 0, scope: 'assignment', subjectId: a.airEnv.id } } });
    expect(env).toMatchObject({ grade: '不合格', maxPoints: 100, rubricVersion: 1, computedAt: new Date(AS_OF) });
    const explanations = (env.breakdown as { explanation: string }[]).map((l) => l.explanation);
    expect(explanations).toContain('报送及时性：2026年7月15日节点报告 2026-07-20 报送，逾期 3 个工作日（期限 2026-07-15），按 70% 计，得 10.5 分（本期满分 15）');
  });

  it('a plan of one year scores that year as it scores the whole period', async () => {
    const year = await scoresOf(small.seeded.plan.id, 2026);
    const whole = await scoresOf(small.seeded.plan.id);
    expect(year.map((s) => [s.scope, s.subjectId, s.points])).toEqual(whole.map((s) => [s.scope, s.subjectId, s.points]));
    expect(await small.db.score.count({ where: { planId: small.seeded.plan.id, year: { notIn: [0, 2026] } } })).toBe(0);
  });

  it('is idempotent: a retry leaves the same rows, ids and all', async () => {
    const before = await scoresOf(small.seeded.plan.id);
    await score(small.seeded.plan.id, AS_OF);
    expect(await scoresOf(small.seeded.plan.id)).toEqual(before);
  });

  it('a delayed retry of an older recompute does not replace newer scores', async () => {
    const before = await scoresOf(small.seeded.plan.id);
    await score(small.seeded.plan.id, '2026-08-01T10:00:00.000Z');
    expect(await scoresOf(small.seeded.plan.id)).toEqual(before);
  });

  it('after a rubric change, stores the new version and scores explained by it', async () => {
    await small.db.plan.update({
      where: { id: small.seeded.plan.id },
      data: { rubric: { measureWeights: { '一/(一)': 3 }, roleShare: { cooperating: 0.25 }, timeliness: { perWorkingDayLate: 0.2 } }, rubricVersion: 2 },
    });
    const result = await score(small.seeded.plan.id, '2027-01-21T10:00:00.000Z');
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
    await score(small.seeded.plan.id, '2027-01-22T10:00:00.000Z');
    const rows = await scoresOf(small.seeded.plan.id);
    expect(rows.map((r) => r.subjectId)).not.toContain(small.seeded.measures.industry.id);
    expect(rows.map((r) => r.subjectId)).not.toContain(small.seeded.assignments.indEnv.id);
    expect(rows).toHaveLength(6); // 2 assignments, 1 measure, 2 units, the plan
    await small.db.measure.update({ where: { id: small.seeded.measures.industry.id }, data: { status: 'done' } });
  });

  it('fails, naming the plan, when the plan does not exist', async () => {
    const failed = score('no-such-plan', AS_OF);
    await expect(failed).rejects.toBeInstanceOf(PlanNotFoundError);
    await expect(failed).rejects.toMatchObject({ message: expect.stringContaining('no-such-plan') });
  });

  it('fails when the stored rubric is invalid', async () => {
    const other = await seedSmallPlan(small.db, '-b');
    await small.db.plan.update({ where: { id: other.plan.id }, data: { rubric: { completion: { weight: -5 } } } });
    await expect(score(other.plan.id, AS_OF)).rejects.toBeInstanceOf(InvalidRubricError);
  });
});
