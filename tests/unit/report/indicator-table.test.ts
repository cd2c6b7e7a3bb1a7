import { describe, expect, it } from 'vitest';
import { goalOfPeriod, indicatorTable, type TIndicatorTableInput } from '../../../report/indicator-table';

/**
 * 到2018年达到90%、到2020年达到95%: a year's value is judged against that year's milestone, not the final target. A
 * 2018 value of 91 has met its year; 2019 (no milestone) is held to the final 95; 2020's 94 misses its 95.
 */
const d = (s: string) => new Date(`${s}T00:00:00Z`);
const periods = [
  { period: '2018-final', dueAt: d('2018-12-31') },
  { period: '2019-final', dueAt: d('2019-12-31') },
  { period: '2020-final', dueAt: d('2020-12-31') },
];
function input(values: Record<string, number>, extra: Partial<TIndicatorTableInput['targets'][number]> = {}): TIndicatorTableInput {
  return {
    periods,
    targets: [
      {
        id: 't1', measureId: 'm1', measureRef: '一', indicator: '产品质量合格率', text: '到2018年达到90%、到2020年达到95%', comparator: 'gte', value: 95, unit: '%',
        periods: periods.map((p) => p.period), by: '2020', baseline: null, areaValues: [],
        milestones: [{ by: '2018', value: 90 }, { by: '2020', value: 95 }],
        ...extra,
      },
    ],
    assignments: [{ id: 'a1', measureId: 'm1', unitId: 'u1', unitName: '市质监局', role: 'lead' }],
    reports: Object.entries(values).map(([period, value], i) => ({ id: `r${i}`, assignmentId: 'a1', period, submittedAt: d(`${period.slice(0, 4)}-12-20`), targetValues: [{ targetId: 't1', value }] })),
    corrections: [],
  };
}

describe('milestone attainment in the indicator table', () => {
  it.each([
    ['2018-final', 90],
    ['2018-H2', 90],
    ['2019-final', 95],
    ['2020-final', 95],
    ['final', 95],
  ])('%s is held to %d', (period, goal) => {
    expect(goalOfPeriod({ value: 95, milestones: [{ by: '2018', value: 90 }, { by: '2020', value: 95 }] }, period)).toBe(goal);
  });

  it('judges each year against its own milestone', () => {
    const [row] = indicatorTable(input({ '2018-final': 91, '2019-final': 93, '2020-final': 94 }));
    expect(row!.values.map((v) => [v.period, v.goal, v.met])).toEqual([
      ['2018-final', 90, true],
      ['2019-final', 95, false],
      ['2020-final', 95, false],
    ]);
  });

  it('the latest value’s attainment is against its year’s milestone: 2018’s 91 has met 90', () => {
    const [row] = indicatorTable(input({ '2018-final': 91 }));
    expect(row!.attainment).toEqual({ met: true, ratio: 1 });
    const [missed] = indicatorTable(input({ '2018-final': 81 }));
    // 81 of 90, not of 95
    expect(missed!.attainment).toEqual({ met: false, ratio: 0.9 });
  });

  it('an area’s own target value stands over the plan’s milestones', () => {
    const [row] = indicatorTable(input({ '2018-final': 91 }, { areaValues: [{ unitId: 'u1', value: 92 }] }));
    expect(row!.values[0]).toMatchObject({ goal: 92, met: false });
  });
});
