import { describe, expect, it } from 'vitest';
import { computeScores } from '../../../scoring/compute-scores';
import { DEFAULT_RUBRIC } from '../../../scoring/rubric';
import { syntheticScoringInput } from '../../../scoring/synthetic-plan';
import { calendar } from './fixtures';

// The speed goals (2 s, linear growth) are measured by `duban bench`, not asserted here.
describe('the score benchmark’s plan', () => {
  it('the benchmark plan is the issue’s plan, and real work: late and overdue reports, extensions, escalations', () => {
    const input = syntheticScoringInput();
    expect(input.measures).toHaveLength(2000);
    expect(input.units).toHaveLength(5);
    expect(input.reports).toHaveLength(40_000);
    const set = computeScores(input, DEFAULT_RUBRIC, calendar);
    const states = new Set(set.assignments.flatMap((a) => a.periods.map((p) => p.state)));
    expect([...states].sort()).toEqual(['late', 'on_time', 'overdue']);
    expect(set.assignments.some((a) => a.escalations.coordinator > 0)).toBe(true);
    expect(set.assignments.some((a) => a.breakdown.some((l) => l.event?.kind === 'extension'))).toBe(true);
    expect(set.plan.points).toBeGreaterThan(0);
  });
});

describe('the assessment benchmark’s plan', () => {
  it('has every component of a 方案 on: each shows in some unit’s breakdown, a 不考核 unit and two ranked classes', async () => {
    const { assessedScoringInput } = await import('../../../scoring/bench-assessment');
    const { input, rubric } = assessedScoringInput();
    const set = computeScores(input, rubric, calendar);
    const components = new Set(set.units.flatMap((u) => u.breakdown.map((l) => l.component)));
    expect([...components].sort()).toEqual(['appraisal', 'assignment', 'bonus', 'class', 'indicator', 'return', 'veto']);
    expect(set.units.find((u) => u.subjectId === 'u-none')!.grade).toBe('不考核');
    expect(set.classes.map((c) => [c.name, c.ranking.length])).toEqual([
      ['区县', 3],
      ['部门', 2],
    ]);
  });
});
