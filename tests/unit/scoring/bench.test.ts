import { describe, expect, it } from 'vitest';
import { benchScore } from '../../../scoring/bench';
import { computeScores } from '../../../scoring/compute-scores';
import { DEFAULT_RUBRIC } from '../../../scoring/rubric';
import { syntheticScoringInput } from '../../../scoring/synthetic-plan';
import { calendar } from './fixtures';

const best = (measures: number) => {
  const input = syntheticScoringInput({ measures });
  computeScores(input, DEFAULT_RUBRIC, calendar);
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    computeScores(input, DEFAULT_RUBRIC, calendar);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
};

describe('score speed', () => {
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

  it('recomputes every score of 2,000 measures × 5 units with 40,000 reports in under 2 s', async () => {
    const result = await benchScore();
    expect(result).toMatchObject({ name: 'score', unit: 's' });
    expect(result.value).toBeLessThan(2);
  });

  it('grows linearly with reports: twice the reports take about twice the time', () => {
    const half = best(1000);
    const full = best(2000);
    // Linear would be 2; a quadratic step would show as 4. Leave room for a noisy machine.
    expect(full / half).toBeLessThan(3);
  });
});
