import { describe, expect, it } from 'vitest';
import { computeScores, indicatorCredit } from '../../../scoring/compute-scores';
import { DEFAULT_RUBRIC, ZIndicatorRuleSchema, ZRubricSchema } from '../../../scoring/rubric';
import type { TScoreSet, TScoringInput } from '../../../scoring/types';
import { assignment, at, calendar, measure, plan, report, target } from './fixtures';

/**
 * A synthetic 2026 under an office's own 方案 (every component on), worked out by hand:
 * completion 50 + timeliness 20 (targets 0) = the assignment scale 70; 指标分「产品质量合格率」10, linear from 85;
 * 评议 up to 20: 100 in all. 加分 capped at 3; 退回 1 each, at most 3. 区县 (governments) with one 优秀, 部门 apart.
 * 区县 A, B, C each lead 质量提升 and report their own 合格率; 部门 D leads 标准化建设; 部门 E is a 考核对象 with nothing
 * to assess. Every report is done and on time, so each unit's assignment part is the full 70.
 */
const rubric = ZRubricSchema.parse({
  total: 100,
  completion: { weight: 50 },
  timeliness: { weight: 20 },
  targets: { weight: 0 },
  indicators: [{ name: '产品质量合格率', targets: ['t-rate'], points: 10, rule: { kind: 'linear', baseline: 85 } }],
  appraisal: { max: 20 },
  bonus: { cap: 3 },
  returns: { each: 1, max: 3 },
  classes: [
    { name: '区县', kinds: ['government'], excellentQuota: 1 },
    { name: '部门', kinds: ['department'] },
  ],
  subjects: ['u-e'],
});

function year(): TScoringInput {
  const input = plan({
      asOf: '2027-01-20',
      units: [
        { id: 'u-a', name: 'A区', kind: 'government' },
        { id: 'u-b', name: 'B区', kind: 'government' },
        { id: 'u-c', name: 'C县', kind: 'government' },
        { id: 'u-d', name: 'D局', kind: 'department' },
        { id: 'u-e', name: 'E局', kind: 'department' },
      ],
      measures: [
        measure('m-area', { ref: '一', title: '质量提升', due: '2026-12-31', periods: [['final', '2026-12-31']], targets: [target('t-rate', '产品质量合格率', 'gte', 95, '%')] }),
        measure('m-dept', { ref: '二', title: '标准化建设', due: '2026-12-31', periods: [['final', '2026-12-31']] }),
      ],
      assignments: [
        assignment('a-a', 'm-area', 'u-a', 'lead'),
        assignment('a-b', 'm-area', 'u-b', 'lead'),
        assignment('a-c', 'm-area', 'u-c', 'lead'),
        assignment('a-d', 'm-dept', 'u-d', 'lead'),
      ],
      reports: [
        report('r-a', 'a-a', 'final', '2026-12-20', { status: 'done', values: { 't-rate': 97 } }),
        report('r-b', 'a-b', 'final', '2026-12-21', { status: 'done', values: { 't-rate': 91 } }),
        report('r-c', 'a-c', 'final', '2026-12-22', { status: 'done', values: { 't-rate': 80 } }),
        report('r-d', 'a-d', 'final', '2026-12-20', { status: 'done' }),
      ],
    });
  return {
    ...input,
    // Both measures report for 2026 (the loader says so from the schedule).
    measures: input.measures.map((m) => ({ ...m, periods: m.periods.map((p) => ({ ...p, year: 2026 })) })),
    assessment: {
      bonuses: [
        { id: 'b1', unitId: 'u-a', year: 2026, points: 2, title: '国家级质量奖', recordedAt: at('2026-11-01') },
        { id: 'b2', unitId: 'u-a', year: 2026, points: 2, title: '省级试点', recordedAt: at('2026-11-02') },
        { id: 'b3', unitId: 'u-d', year: 2026, points: 1, title: '标准化试点', recordedAt: at('2026-11-03') },
      ],
      vetoes: [{ id: 'v1', unitId: 'u-c', year: 2026, reason: '发生重大质量安全事故', recordedAt: at('2026-10-01') }],
      appraisals: [
        { id: 'p0', unitId: 'u-a', year: 2026, points: 12, recordedAt: at('2027-01-05') },
        { id: 'p1', unitId: 'u-a', year: 2026, points: 18, recordedAt: at('2027-01-10') },
        { id: 'p2', unitId: 'u-b', year: 2026, points: 20, recordedAt: at('2027-01-10') },
        { id: 'p3', unitId: 'u-c', year: 2026, points: 15, recordedAt: at('2027-01-10') },
        { id: 'p4', unitId: 'u-d', year: 2026, points: 19, recordedAt: at('2027-01-10') },
      ],
      returns: [
        { id: 'r-b0', assignmentId: 'a-b', period: 'final', returnedAt: at('2026-12-15') },
        { id: 'r-b1', assignmentId: 'a-b', period: 'final', returnedAt: at('2026-12-18') },
      ],
    },
  };
}

const unit = (set: TScoreSet, id: string) => set.units.find((u) => u.subjectId === id)!;
const points = (set: TScoreSet, id: string, component: string) =>
  unit(set, id).breakdown.filter((l) => l.component === component).reduce((s, l) => s + l.points, 0);

describe('an office’s own 方案 on a synthetic year, by hand', () => {
  const set = computeScores(year(), rubric, calendar, 2026);

  it('a 区县 that reached its own 合格率, with a bonus over the cap, scores 101 of 100', () => {
    // 70 (assignments) + 指标 10 (97 ≥ 95) + 评议 18 (the later entry replaces 12) + 加分 min(3, 2 + 2) = 101
    expect(points(set, 'u-a', 'indicator')).toBe(10);
    expect(points(set, 'u-a', 'appraisal')).toBe(18);
    expect(points(set, 'u-a', 'bonus')).toBe(3);
    expect(unit(set, 'u-a')).toMatchObject({ points: 101, maxPoints: 100, grade: '优秀' });
    expect(unit(set, 'u-a').breakdown.find((l) => l.component === 'bonus')!.explanation).toContain('超过上限 3 分');
  });

  it('a 区县 part of the way from the baseline, with two reports returned, is 优秀 by points but beyond its class’s quota: 良好', () => {
    // 70 + 指标 (91 − 85) / (95 − 85) = 60% of 10 = 6 + 评议 20 − 退回 2 × 1 = 94 → 94% 优秀; A took the one 优秀
    expect(points(set, 'u-b', 'indicator')).toBe(6);
    expect(points(set, 'u-b', 'return')).toBe(-2);
    expect(unit(set, 'u-b')).toMatchObject({ points: 94, grade: '良好' });
    expect(unit(set, 'u-b').breakdown.at(-1)!.explanation).toContain('优秀名额 1 个已满，评为良好');
  });

  it('a vetoed 区县 is 不合格 whatever its points', () => {
    // 70 + 指标 0 (80 is below the baseline 85) + 评议 15 = 85, which would be 良好
    expect(unit(set, 'u-c')).toMatchObject({ points: 85, grade: '不合格' });
    expect(unit(set, 'u-c').breakdown.find((l) => l.component === 'veto')!.explanation).toContain('发生重大质量安全事故');
  });

  it('a 部门 answering for no indicator is graded on its own maximum, and ranked with the 部门 only', () => {
    // 70 + 评议 19 + 加分 1 = 90 of 90 → 100% 优秀; the 区县 quota does not touch it
    expect(unit(set, 'u-d')).toMatchObject({ points: 90, maxPoints: 90, grade: '优秀' });
    expect(set.classes.find((c) => c.name === '部门')!.ranking).toEqual([{ unitId: 'u-d', rank: 1, points: 90, grade: '优秀' }]);
  });

  it('a 考核对象 with nothing to assess is 不考核, never 0, and is not ranked', () => {
    expect(unit(set, 'u-e')).toMatchObject({ points: 0, maxPoints: 0, grade: '不考核' });
    expect(set.classes.flatMap((c) => c.ranking.map((r) => r.unitId))).not.toContain('u-e');
  });

  it('the 区县 are ranked apart, by points', () => {
    expect(set.classes.find((c) => c.name === '区县')!.ranking.map((r) => [r.unitId, r.rank, r.grade])).toEqual([
      ['u-a', 1, '优秀'],
      ['u-b', 2, '良好'],
      ['u-c', 3, '不合格'],
    ]);
  });

  it('what the office recorded for another year does not count in this one', () => {
    const input = year();
    input.assessment!.bonuses = [{ id: 'b9', unitId: 'u-d', year: 2027, points: 1, title: '次年试点', recordedAt: at('2027-01-02') }];
    expect(points(computeScores(input, rubric, calendar, 2026), 'u-d', 'bonus')).toBe(0);
  });

  it('the shipped 方案 leaves a unit’s score as it always was: no indicator, 评议, 加分 or class lines', () => {
    const shipped = computeScores(year(), DEFAULT_RUBRIC, calendar, 2026);
    expect(unit(shipped, 'u-d')).toMatchObject({ points: 100, maxPoints: 100, grade: '优秀' });
    expect(unit(shipped, 'u-d').breakdown.map((l) => l.component)).toEqual(['assignment']);
    expect(shipped.units.map((u) => u.subjectId)).not.toContain('u-e');
    expect(shipped.classes).toEqual([]);
  });
});

describe('指标分 rules', () => {
  it.each([
    ['reached', { kind: 'all-or-nothing' as const }, 'gte', 95, 95, 1],
    ['missed, all-or-nothing', { kind: 'all-or-nothing' as const }, 'gte', 95, 94.9, 0],
    ['linear from the baseline', { kind: 'linear' as const, baseline: 85 }, 'gte', 95, 88, 0.3],
    ['linear, below the baseline', { kind: 'linear' as const, baseline: 85 }, 'gte', 95, 80, 0],
    // 事故率: lower is better, from 5 down to 3; 4 is half the way
    ['lower is better, linear', { kind: 'linear' as const, baseline: 5, }, 'lte', 3, 4, 0.5],
    ['lower is better, reached', { kind: 'linear' as const, baseline: 5 }, 'lte', 3, 2.5, 1],
    // 93 / 95 = 97.9% of the target: the 90% band
    ['bands by ratio', { kind: 'bands' as const, bands: [{ reach: 0.9, credit: 0.8 }, { reach: 0.5, credit: 0.4 }] }, 'gte', 95, 93, 0.8],
    // 投诉量 from 200 to ≤ 100: 160 is 40% of the way, under the first band
    ['lower is better, bands from the baseline', { kind: 'bands' as const, baseline: 200, bands: [{ reach: 0.5, credit: 0.5 }] }, 'lte', 100, 160, 0],
  ] as const)('%s', (_, rule, comparator, goal, value, credit) => {
    expect(indicatorCredit(ZIndicatorRuleSchema.parse(rule), comparator, goal, value)).toBeCloseTo(credit, 9);
  });
});

describe('a linear 指标分 from the baseline the plan gives (由2015年的85%提高到95%)', () => {
  const linear = ZIndicatorRuleSchema.parse({ kind: 'linear' });
  it.each([
    // 91 from 85 toward 95: 60% of the way
    ['the target’s own baseline', linear, 85, 91, 0.6],
    // the 方案's baseline wins: from 90, 91 is 20% of the way
    ['the 方案’s baseline over the target’s', ZIndicatorRuleSchema.parse({ kind: 'linear', baseline: 90 }), 85, 91, 0.2],
    // no baseline anywhere: the ratio to the target, 91 / 95
    ['no baseline: the ratio to the target', linear, null, 91, 91 / 95],
    // banded from the target's baseline: 60% of the way earns the 50% band
    ['bands from the target’s baseline', ZIndicatorRuleSchema.parse({ kind: 'bands', bands: [{ reach: 0.9, credit: 0.8 }, { reach: 0.5, credit: 0.5 }] }), 85, 91, 0.5],
  ] as const)('%s', (_, rule, baseline, value, credit) => {
    expect(indicatorCredit(rule, 'gte', 95, value, baseline)).toBeCloseTo(credit, 9);
  });

  it('scores B区 (91) 6 of 10 points when the 方案 names no baseline and the target carries 85', () => {
    const input = year();
    input.measures = input.measures.map((m) => ({ ...m, targets: m.targets.map((t) => ({ ...t, baseline: 85 })) }));
    const own = ZRubricSchema.parse({ ...rubric, version: undefined, indicators: [{ name: '产品质量合格率', targets: ['t-rate'], points: 10, rule: { kind: 'linear' } }] });
    const set = computeScores(input, own, calendar, 2026);
    expect(points(set, 'u-b', 'indicator')).toBeCloseTo(6, 9);
    // C县 (80) is below the baseline: nothing; A区 (97) reached it: all 10.
    expect(points(set, 'u-c', 'indicator')).toBe(0);
    expect(points(set, 'u-a', 'indicator')).toBe(10);
  });
});

describe('a 方案 that does not add up', () => {
  it('is refused naming its total', () => {
    const r = ZRubricSchema.safeParse({ total: 100, appraisal: { max: 10 } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['total'], message: '各项分值之和为 110，与方案总分 100 不符' });
  });
  it('a negative bonus cap is refused naming it', () => {
    const r = ZRubricSchema.safeParse({ bonus: { cap: -1 } });
    expect(r.error!.issues[0]!.path).toEqual(['bonus', 'cap']);
  });
});

describe('年度总结 under the 方案: points off for a summary late or missing by its due date, by hand', () => {
  // 2026's summary is due 2027-01-15 (the plan asks for it by 01-15). A on time, B late (01-18), C on time, D none.
  const summaries = (asOf: string): TScoringInput => {
    const input = year();
    return {
      ...input,
      asOf: at(asOf),
      assessment: {
        ...input.assessment!,
        annualSummaries: {
          dueByYear: { 2026: '2027-01-15' },
          sent: [
            { id: 's-a', unitId: 'u-a', year: 2026, due: '2027-01-15', submittedOn: '2027-01-14', submittedAt: at('2027-01-14') },
            { id: 's-b', unitId: 'u-b', year: 2026, due: '2027-01-15', submittedOn: '2027-01-18', submittedAt: at('2027-01-18') },
            { id: 's-c', unitId: 'u-c', year: 2026, due: '2027-01-15', submittedOn: '2027-01-15', submittedAt: at('2027-01-15') },
          ],
        },
      },
    };
  };
  const withSummaries = ZRubricSchema.parse({ ...rubric, annualSummary: { missing: 3, late: 1 } });

  it('B’s late summary costs 1 point and D’s missing one 3; A, C and the 不考核 E lose nothing', () => {
    const set = computeScores(summaries('2027-01-20'), withSummaries, calendar, 2026);
    // B: 94 (above) − 1 = 93; D: 90 − 3 = 87 of 90 (96.67%, still 优秀); A 101 and C 85 as above.
    expect(points(set, 'u-b', 'annual-summary')).toBe(-1);
    expect(unit(set, 'u-b').points).toBe(93);
    expect(points(set, 'u-d', 'annual-summary')).toBe(-3);
    expect(unit(set, 'u-d')).toMatchObject({ points: 87, maxPoints: 90, grade: '优秀' });
    expect(unit(set, 'u-a').points).toBe(101);
    expect(unit(set, 'u-c').points).toBe(85);
    expect(unit(set, 'u-e')).toMatchObject({ points: 0, grade: '不考核' });
    expect(unit(set, 'u-e').breakdown.some((l) => l.component === 'annual-summary')).toBe(false);
    expect(unit(set, 'u-b').breakdown.find((l) => l.component === 'annual-summary')!.explanation).toBe(
      '年度总结：2026年度总结应于 2027-01-15 前报送，2027-01-18 逾期报送，扣 1 分',
    );
    expect(unit(set, 'u-d').breakdown.find((l) => l.component === 'annual-summary')).toMatchObject({
      explanation: '年度总结：2026年度总结应于 2027-01-15 前报送，未报送，扣 3 分',
      event: null,
    });
  });

  it('before the due date nothing is missing yet, and the shipped 方案 takes 2 for a missing summary and 1 for a late one', () => {
    const early = computeScores(summaries('2027-01-10'), withSummaries, calendar, 2026);
    expect(points(early, 'u-d', 'annual-summary')).toBe(0);
    expect(unit(early, 'u-d').points).toBe(90);
    expect(DEFAULT_RUBRIC.annualSummary).toEqual({ missing: 2, late: 1 });
    const shipped = computeScores(summaries('2027-01-20'), ZRubricSchema.parse({ ...rubric, annualSummary: undefined }), calendar, 2026);
    expect([points(shipped, 'u-b', 'annual-summary'), points(shipped, 'u-d', 'annual-summary')]).toEqual([-1, -2]);
  });

  it('a plan that asks for no 年度总结 loses nothing for one', () => {
    const set = computeScores({ ...year(), asOf: at('2027-01-20') }, withSummaries, calendar, 2026);
    expect(set.units.flatMap((u) => u.breakdown).some((l) => l.component === 'annual-summary')).toBe(false);
  });
});
