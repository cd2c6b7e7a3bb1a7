import { describe, expect, it } from 'vitest';
import { calendarFromDays } from '../../../calendar/working-days';
import { planStatistics, rateText, STATISTIC_DEFINITIONS, type TStatisticsInput } from '../../../report/statistics';

// Mondays to Fridays only: the working days below are counted by hand on a 2026 wall calendar.
const calendar = calendarFromDays([]);
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);
const H1 = { period: '2026-H1', dueAt: at('2026-06-30') };
const H2 = { period: '2026-H2', dueAt: at('2026-12-31') };

/**
 * Two units, three measures, five duties, as of 1 October 2026 (H1 due 30 June is past, H2 due 31 December is not):
 * - a1 甲 on m1: H1 on time; 办结 Fri 12 June, assigned Mon 1 June → 9 working days;
 * - a2 乙 on m1: H1 late (returned once, then accepted); one 催办;
 * - a3 甲 on m2: H1 still missing (overdue); 催办 and 督办;
 * - a4 乙 on m2: H1 on time (returned once, then accepted); 办结 Fri 19 June → 14 working days;
 * - a5 甲 on m3: H1 on time, no H2; 办结 Mon 8 June → 5 working days.
 * Indicator t1 is reported by both units (甲 missed it in H1 and met it in H2, 乙 met it in H1); t2 by 甲, missed.
 */
const input: TStatisticsInput = {
  asOf: at('2026-10-01'),
  units: [
    { id: 'A', name: '甲局' },
    { id: 'B', name: '乙局' },
  ],
  assignments: [
    { id: 'a1', unitId: 'A', measureId: 'm1', assignedAt: at('2026-06-01'), periods: [{ ...H1, state: 'on_time' }, { ...H2, state: 'not_due' }], done: { at: at('2026-06-12'), period: '2026-H1' } },
    { id: 'a2', unitId: 'B', measureId: 'm1', assignedAt: at('2026-06-01'), periods: [{ ...H1, state: 'late' }, { ...H2, state: 'not_due' }], done: null },
    { id: 'a3', unitId: 'A', measureId: 'm2', assignedAt: at('2026-06-03'), periods: [{ ...H1, state: 'overdue' }], done: null },
    { id: 'a4', unitId: 'B', measureId: 'm2', assignedAt: at('2026-06-01'), periods: [{ ...H1, state: 'on_time' }], done: { at: at('2026-06-19'), period: '2026-H1' } },
    { id: 'a5', unitId: 'A', measureId: 'm3', assignedAt: at('2026-06-01'), periods: [{ ...H1, state: 'on_time' }], done: { at: at('2026-06-08'), period: '2026-H1' } },
  ],
  reviews: [
    { assignmentId: 'a1', period: '2026-H1', outcome: 'accepted' },
    { assignmentId: 'a2', period: '2026-H1', outcome: 'returned' },
    { assignmentId: 'a2', period: '2026-H1', outcome: 'accepted' },
    { assignmentId: 'a4', period: '2026-H1', outcome: 'returned' },
    { assignmentId: 'a4', period: '2026-H1', outcome: 'accepted' },
    { assignmentId: 'a5', period: '2026-H1', outcome: 'accepted' },
  ],
  escalations: [
    { assignmentId: 'a3', period: '2026-H1', level: 'urge' },
    { assignmentId: 'a3', period: '2026-H1', level: 'supervise' },
    { assignmentId: 'a2', period: '2026-H1', level: 'urge' },
  ],
  indicatorValues: [
    { targetId: 't1', unitId: 'A', period: '2026-H2', met: true },
    { targetId: 't1', unitId: 'A', period: '2026-H1', met: false },
    { targetId: 't1', unitId: 'B', period: '2026-H1', met: true },
    { targetId: 't2', unitId: 'A', period: '2026-H1', met: false },
  ],
};

describe('plan statistics on a synthetic plan, worked by hand', () => {
  const stats = planStatistics(input, calendar);
  const unit = (id: string) => stats.units.find((u) => u.unitId === id)!;
  const period = (key: string) => stats.periods.find((p) => p.period === key)!;

  it('按期完成率 and 逾期率 count the reports due by the day of the statistics, and add up to 100%', () => {
    // Plan: 5 due in H1 (H2 is not due), on time a1 a4 a5 = 3 → 60%; late a2 + missing a3 = 2 → 40%.
    expect(stats.plan.onTimeRate).toEqual({ value: 60, numerator: 3, denominator: 5 });
    expect(stats.plan.overdueRate).toEqual({ value: 40, numerator: 2, denominator: 5 });
    // 甲: a1, a5 on time of a1 a3 a5 → 2/3; 乙: a4 of a2 a4 → 1/2.
    expect(unit('A').onTimeRate).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect(unit('A').overdueRate).toEqual({ value: 33.33, numerator: 1, denominator: 3 });
    expect(unit('B').onTimeRate).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(period('2026-H1').onTimeRate).toEqual({ value: 60, numerator: 3, denominator: 5 });
    // Nothing in H2 is due yet: no rate, never 0%.
    expect(period('2026-H2').onTimeRate).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(rateText(period('2026-H2').onTimeRate)).toBe('—（0/0）');
  });

  it('退回率 is returns over reports the office reviewed, each return counted', () => {
    expect(stats.plan.returnRate).toEqual({ value: 33.33, numerator: 2, denominator: 6 });
    expect(unit('A').returnRate).toEqual({ value: 0, numerator: 0, denominator: 2 });
    expect(unit('B').returnRate).toEqual({ value: 50, numerator: 2, denominator: 4 });
    expect(rateText(unit('B').returnRate)).toBe('50%（2/4）');
  });

  it('平均办结用时 counts working days from assignment to 办结, weekends out, over the duties done', () => {
    // 9 + 14 + 5 = 28 over 3 → 9.33; 甲 (9 + 5) / 2 = 7; 乙 14.
    expect(stats.plan.daysToDone).toEqual({ value: 9.33, totalDays: 28, count: 3 });
    expect(unit('A').daysToDone).toEqual({ value: 7, totalDays: 14, count: 2 });
    expect(unit('B').daysToDone).toEqual({ value: 14, totalDays: 14, count: 1 });
    expect(period('2026-H2').daysToDone).toEqual({ value: null, totalDays: 0, count: 0 });
  });

  it('escalations are counted per level and per unit with a duty', () => {
    expect(stats.plan.escalations).toEqual({ urge: 2, supervise: 1, coordinator: 0, total: 3, units: 2, perUnit: 1.5 });
    expect(unit('A').escalations).toMatchObject({ urge: 1, supervise: 1, total: 2, units: 1, perUnit: 2 });
    expect(unit('B').escalations).toMatchObject({ urge: 1, supervise: 0, total: 1, perUnit: 1 });
    // H2: no escalation yet among the two units with an H2 report to make.
    expect(period('2026-H2').escalations).toMatchObject({ total: 0, units: 2, perUnit: 0 });
  });

  it('指标达标率 reads the latest period per target and unit, and each period on its own', () => {
    // Latest: t1/甲 met (H2), t1/乙 met, t2/甲 missed → 2/3.
    expect(stats.plan.attainment).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect(unit('A').attainment).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(unit('B').attainment).toEqual({ value: 100, numerator: 1, denominator: 1 });
    expect(period('2026-H1').attainment).toEqual({ value: 33.33, numerator: 1, denominator: 3 });
    expect(period('2026-H2').attainment).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('lists units by name and periods by due date', () => {
    expect(stats.units.map((u) => u.name)).toEqual(['甲局', '乙局']);
    expect(stats.periods.map((p) => p.period)).toEqual(['2026-H1', '2026-H2']);
  });

  it('writes a formula and what counts beside every statistic', () => {
    for (const key of Object.keys(stats.plan) as (keyof typeof stats.plan)[]) {
      expect(STATISTIC_DEFINITIONS[key].formula).toMatch(/÷/);
      expect(STATISTIC_DEFINITIONS[key].counts.length).toBeGreaterThan(20);
    }
  });
});
