import { describe, expect, it } from 'vitest';
import { assessedYears, computeScores } from '../../../scoring/compute-scores';
import { DEFAULT_RUBRIC, ZRubricSchema } from '../../../scoring/rubric';
import { WHOLE_PERIOD, type TScoreSet, type TScoringInput, type TScoringPeriod } from '../../../scoring/types';
import { assignment, at, calendar, escalation, measure, plan, report, smallPlan } from './fixtures';

const byId = (set: TScoreSet) => {
  const all = [...set.assignments, ...set.measures, ...set.units, set.plan];
  return (scope: string, id: string) => {
    const s = all.find((x) => x.scope === scope && x.subjectId === id);
    if (!s) throw new Error(`no ${scope} score for ${id}`);
    return s;
  };
};

const linesOf = (set: TScoreSet, assignmentId: string) => byId(set)('assignment', assignmentId).breakdown;
const pointsBy = (set: TScoreSet, assignmentId: string, component: string) =>
  linesOf(set, assignmentId)
    .filter((l) => l.component === component)
    .reduce((s, l) => s + l.points, 0);

describe('scores of a small plan, computed by hand', () => {
  const set = computeScores(smallPlan(), DEFAULT_RUBRIC, calendar);
  const score = byId(set);

  it('a lead unit that reported on time, finished on time, met one target and nearly met the other scores 99', () => {
    // completion 50 (done 12-30, due 12-31) + timeliness 15 + 15 + targets: PM2.5 33 ≤ 35 → 10, 优良天数 78/80 = 97.5%
    // capped at 90% → 9.
    expect(pointsBy(set, 'a-air-ndrc', 'completion')).toBe(50);
    expect(pointsBy(set, 'a-air-ndrc', 'timeliness')).toBe(30);
    expect(pointsBy(set, 'a-air-ndrc', 'targets')).toBe(19);
    expect(score('assignment', 'a-air-ndrc')).toMatchObject({ points: 99, maxPoints: 100, grade: '优秀' });
  });

  it('a cooperating unit that reported late, then not at all, and was escalated scores 45.5', () => {
    // completion: not done by 12-31, last report 60% → 50 × 0.8 × 0.6 = 24
    // timeliness: H1 3 working days late (07-16, 07-17, 07-20) → 70% of 15 = 10.5; H2 missing 13 working days → 0
    // targets: the measure's values (the lead's H2 report) → 19
    // deductions: 催办 ×2 (1 free) −1, 督办 −2, 提请协调 −5
    expect(pointsBy(set, 'a-air-env', 'completion')).toBe(24);
    expect(pointsBy(set, 'a-air-env', 'timeliness')).toBe(10.5);
    expect(pointsBy(set, 'a-air-env', 'targets')).toBe(19);
    expect(pointsBy(set, 'a-air-env', 'deduction')).toBe(-8);
    expect(score('assignment', 'a-air-env')).toMatchObject({ points: 45.5, grade: '不合格' });
  });

  it('an approved extension makes a report after the original date on time', () => {
    // no targets: completion is worth 50 + 20 = 70; done 07-20 before the extended 07-31; reported on time → 30
    expect(pointsBy(set, 'a-ind-env', 'completion')).toBe(70);
    expect(pointsBy(set, 'a-ind-env', 'timeliness')).toBe(30);
    expect(score('assignment', 'a-ind-env')).toMatchObject({ points: 100, grade: '优秀' });
    const completion = linesOf(set, 'a-ind-env').find((l) => l.component === 'completion')!;
    expect(completion.explanation).toContain('已批准延期至 2026-07-31');
    expect(completion.event).toMatchObject({ kind: 'extension', extensionId: 'x1', reportId: 'r4' });
  });

  it('a refused extension leaves lateness counted from the original date', () => {
    // due 06-30, reported 07-02: 2 working days late → 80% of 30 = 24; not done → 70 × 0.8 × 0.8 = 44.8
    expect(pointsBy(set, 'a-ind-ndrc', 'timeliness')).toBe(24);
    expect(pointsBy(set, 'a-ind-ndrc', 'completion')).toBe(44.8);
    expect(score('assignment', 'a-ind-ndrc')).toMatchObject({ points: 68.8, grade: '合格' });
  });

  it('a measure weighs its lead unit twice as much as a cooperating one', () => {
    expect(score('measure', 'm-air')).toMatchObject({ points: 81.17, grade: '良好' }); // (99 + 0.5 × 45.5) / 1.5
    expect(score('measure', 'm-ind')).toMatchObject({ points: 89.6, grade: '良好' }); // (100 + 0.5 × 68.8) / 1.5
  });

  it('a unit that leads one measure and cooperates on another is scored across both, by weight × share', () => {
    // 发改委: lead on 一/(一) (1 × 1) 99, cooperating on 一/(二) (2 × 0.5) 68.8 → (99 + 68.8) / 2
    expect(score('unit', 'u-ndrc')).toMatchObject({ points: 83.9, grade: '良好' });
    // 环保局: cooperating on 一/(一) (1 × 0.5) 45.5, lead on 一/(二) (2 × 1) 100 → (22.75 + 200) / 2.5
    expect(score('unit', 'u-env')).toMatchObject({ points: 89.1, grade: '良好' });
    const lines = score('unit', 'u-env').breakdown;
    expect(lines.map((l) => [l.points, l.max])).toEqual([
      [9.1, 20],
      [80, 80],
    ]);
  });

  it('the plan is the weighted mean of its measures', () => {
    expect(score('plan', 'plan-1')).toMatchObject({ points: 86.79, maxPoints: 100, grade: '良好' }); // (81.17 + 2 × 89.6) / 3
    expect(set.rubricVersion).toBe(1);
  });

  it('every line names the event behind it', () => {
    const lines = linesOf(set, 'a-air-env').map((l) => l.explanation);
    expect(lines).toContain('报送及时性：2026年上半年报告 2026-07-20 报送，逾期 3 个工作日（期限 2026-07-15），按 70% 计，得 10.5 分（本期满分 15）');
    expect(lines).toContain('报送及时性：2026年下半年报告逾期未报（期限 2026-12-31，已逾期 13 个工作日），得 0 分（本期满分 15）');
    expect(lines).toContain(
      '目标达成：「空气优良天数比例」目标 ≥80%，市发改委 2026年下半年报告值 78%，未达标，完成比例 97.5%，按上限 90% 计 9 分（本项满分 10）',
    );
    expect(lines).toContain('目标达成：「PM2.5年均浓度」目标 ≤35微克/立方米，市发改委 2026年下半年报告值 33微克/立方米，已达标，得 10 分（本项满分 10）');
    expect(lines).toContain('扣分：被催办 2 次（2026年上半年报告逾期 1 个工作日；2026年下半年报告逾期 1 个工作日），1 次以内不扣分，每多一次扣 1 分，最多扣 5 分，扣 1 分');
    expect(lines).toContain('扣分：被督办 1 次（2026年下半年报告逾期 3 个工作日），每一次扣 2 分，最多扣 10 分，扣 2 分');
    expect(lines.find((l) => l.startsWith('完成情况'))).toBe(
      '完成情况：期限 2026-12-31，逾期未完成；最近一次报告（2026年上半年报告，2026-07-20 报送）进度 60%，按 80% 折算计 24 分',
    );
  });

  it('the lines of every breakdown add up to its score', () => {
    for (const s of [...set.assignments, ...set.measures, ...set.units, set.plan]) {
      const sum = s.breakdown.reduce((t, l) => t + l.points, 0);
      expect(Math.abs(sum - s.points)).toBeLessThanOrEqual(0.01 * s.breakdown.length);
    }
  });

  it('records how each required report stood, for the 台账 and the 通报', () => {
    const periods = (set.assignments.find((a) => a.subjectId === 'a-air-env')!).periods;
    expect(periods.map((p) => [p.period, p.state, p.workingDaysLate])).toEqual([
      ['2026-H1', 'late', 3],
      ['2026-H2', 'overdue', 13],
    ]);
    expect(set.assignments.find((a) => a.subjectId === 'a-air-env')!.escalations).toEqual({ urge: 2, supervise: 1, coordinator: 1 });
  });
});

describe('partway through the year', () => {
  const set = computeScores(smallPlan('2026-08-01'), DEFAULT_RUBRIC, calendar);

  it('credits progress so far from the last reported percent and the targets from the latest values', () => {
    // completion not due: 50 × 50% = 25; H1 on time → all 30 (H2 not due); PM2.5 40 vs ≤ 35 → 35/40 = 87.5% of 10,
    // 优良天数 78 vs ≥ 80 → capped 9
    expect(pointsBy(set, 'a-air-ndrc', 'completion')).toBe(25);
    expect(pointsBy(set, 'a-air-ndrc', 'timeliness')).toBe(30);
    expect(pointsBy(set, 'a-air-ndrc', 'targets')).toBe(17.75);
    expect(byId(set)('assignment', 'a-air-ndrc').points).toBe(72.75);
  });

  it('does not count escalations or reports that happened after asOf', () => {
    expect(pointsBy(set, 'a-air-env', 'deduction')).toBe(0); // 催办 07-16 is within the free one
    const periods = set.assignments.find((a) => a.subjectId === 'a-air-env')!.periods;
    expect(periods.map((p) => p.state)).toEqual(['late', 'not_due']);
  });

  it('gives full timeliness while no report has fallen due', () => {
    const early = computeScores(smallPlan('2026-05-01'), DEFAULT_RUBRIC, calendar);
    expect(pointsBy(early, 'a-air-env', 'timeliness')).toBe(30);
    expect(linesOf(early, 'a-air-env').find((l) => l.component === 'timeliness')!.explanation).toContain('尚无到期的报告');
  });
});

describe('late reports', () => {
  const oneReport = (submitted: string) =>
    computeScores(
      plan({
        asOf: '2026-12-31',
        units: [{ id: 'u', name: '市商务局' }],
        measures: [measure('m', { due: '2026-11-30', periods: [['2026-Q2', '2026-07-17'], ['final', '2026-11-30']] })],
        assignments: [assignment('a', 'm', 'u', 'lead')],
        reports: [report('r', 'a', '2026-Q2', submitted), report('f', 'a', 'final', '2026-11-30', { status: 'done' })],
      }),
      DEFAULT_RUBRIC,
      calendar,
    );

  it('lose a tenth of their period points per working day late, down to the floor', () => {
    const q2 = (submitted: string) => linesOf(oneReport(submitted), 'a').filter((l) => l.component === 'timeliness')[0]!.points;
    // due Friday 2026-07-17
    expect(q2('2026-07-17')).toBe(15);
    expect(q2('2026-07-18')).toBe(15); // the Saturday after: not a working day late
    expect(q2('2026-07-20')).toBe(13.5); // Monday: 1 working day
    expect(q2('2026-07-22')).toBe(10.5); // 20, 21, 22 → 3 working days
    expect(q2('2026-07-28')).toBe(4.5); // 7 working days → 30%
    expect(q2('2026-07-31')).toBe(3); // 10 working days would be 0%: the 20% floor
    expect(q2('2026-09-30')).toBe(3);
  });

  it('count working days over public holidays and make-up working days', () => {
    const h = computeScores(
      plan({
        asOf: '2026-12-31',
        units: [{ id: 'u', name: '市商务局' }],
        measures: [measure('m', { due: '2026-09-30', periods: [['final', '2026-09-30']] })],
        assignments: [assignment('a', 'm', 'u', 'lead')],
        // 10-01…10-07 National Day, 10-10 a make-up Saturday: 10-08, 10-09, 10-10 → 3 working days
        reports: [report('f', 'a', 'final', '2026-10-10', { status: 'done' })],
      }),
      DEFAULT_RUBRIC,
      calendar,
    );
    expect(h.assignments[0]!.periods[0]).toMatchObject({ state: 'late', workingDaysLate: 3 });
    expect(pointsBy(h, 'a', 'timeliness')).toBe(21);
    expect(pointsBy(h, 'a', 'completion')).toBe(56); // done late: 70 × 80%
  });
});

describe('grade bands', () => {
  // One measure with no targets, done and reported on time (100), less one 催办 priced at whatever the edge needs.
  const scoreWithDeduction = (each: number) =>
    computeScores(
      plan({
        asOf: '2026-12-31',
        units: [{ id: 'u', name: '市统计局' }],
        measures: [measure('m', { due: '2026-06-30' })],
        assignments: [assignment('a', 'm', 'u', 'lead')],
        reports: [report('r', 'a', 'final', '2026-06-29', { status: 'done' })],
        escalations: [escalation('e', 'a', 'urge', 'final', 1, '2026-07-01')],
      }),
      ZRubricSchema.parse({ deductions: { urge: { free: 0, each } } }),
      calendar,
    ).assignments[0]!;

  it.each([
    [10, 90, '优秀'],
    [10.01, 89.99, '良好'],
    [20, 80, '良好'],
    [20.01, 79.99, '合格'],
    [40, 60, '合格'],
    [40.01, 59.99, '不合格'],
  ])('a deduction of %d leaves %d: %s', (each, points, grade) => {
    expect(scoreWithDeduction(each)).toMatchObject({ points, grade });
  });

  it('never goes below 0, and says why', () => {
    const s = scoreWithDeduction(150);
    expect(s.points).toBe(0);
    expect(s.grade).toBe('不合格');
    expect(s.breakdown.at(-1)!.explanation).toBe('扣分超过各项得分之和，按 0 分计');
  });
});

describe('a rubric change', () => {
  const v2 = ZRubricSchema.parse({
    version: 2,
    measureWeights: { '一/(一)': 3 },
    roleShare: { cooperating: 0.25 },
    timeliness: { perWorkingDayLate: 0.2 },
  });
  const before = computeScores(smallPlan(), DEFAULT_RUBRIC, calendar);
  const after = computeScores(smallPlan(), v2, calendar);

  it('stores the version used and gives different, explained scores', () => {
    expect(after.rubricVersion).toBe(2);
    const s = byId(after);
    // lateness now costs 20% a day: 3 days → 40% of 15 = 6 (was 10.5); 2 days → 60% of 30 = 18 (was 24)
    expect(s('assignment', 'a-air-env').points).toBe(41);
    expect(s('assignment', 'a-ind-ndrc').points).toBe(62.8);
    expect(linesOf(after, 'a-air-env').map((l) => l.explanation)).toContain(
      '报送及时性：2026年上半年报告 2026-07-20 报送，逾期 3 个工作日（期限 2026-07-15），按 40% 计，得 6 分（本期满分 15）',
    );
    expect(s('measure', 'm-air').points).toBe(87.4); // (99 + 0.25 × 41) / 1.25
    expect(s('measure', 'm-ind').points).toBe(92.56); // (100 + 0.25 × 62.8) / 1.25
    expect(s('measure', 'm-ind').grade).toBe('优秀');
    expect(s('unit', 'u-ndrc').points).toBe(93.83); // (3 × 99 + 0.5 × 62.8) / 3.5
    expect(s('unit', 'u-env').points).toBe(83.91); // (0.75 × 41 + 2 × 100) / 2.75
    expect(s('plan', 'plan-1').points).toBe(89.46); // (3 × 87.4 + 2 × 92.56) / 5
    expect(s('unit', 'u-ndrc').breakdown[0]!.explanation).toBe('一/(一) 大气污染防治（牵头，权重 3×1）得 99 分（优秀），折合 84.86 分');
    expect(byId(before)('plan', 'plan-1').points).not.toBe(s('plan', 'plan-1').points);
  });
});

describe('edge cases', () => {
  it('a measure with no assignments is not scored, and an empty plan says so', () => {
    const set = computeScores(
      plan({ asOf: '2026-12-31', measures: [measure('m', { due: '2026-06-30' })] }),
      DEFAULT_RUBRIC,
      calendar,
    );
    expect(set.measures).toEqual([]);
    expect(set.plan).toMatchObject({ points: 0, grade: '暂不计分' });
    expect(set.plan.breakdown[0]!.explanation).toBe('尚无已分派的措施，暂不计分');
  });

  it('a target nobody reported earns nothing and says so', () => {
    const input = smallPlan('2026-07-01');
    const set = computeScores(input, DEFAULT_RUBRIC, calendar);
    const lines = linesOf(set, 'a-air-ndrc').filter((l) => l.component === 'targets');
    expect(lines.map((l) => l.points)).toEqual([0, 0]);
    expect(lines[0]!.explanation).toBe('目标达成：「PM2.5年均浓度」目标 ≤35微克/立方米，尚未报送数值，不得分（本项满分 10）');
  });
});

describe('scores per year of a two-year plan (2026–2027), worked by hand', () => {
  // 一/(一) runs both years (2026-01-01 to 2027-12-31, half-yearly, no targets: completion 70, timeliness 30);
  // 一/(二) is due 2026-06-30. 甲 leads both; 乙 cooperates on 一/(一) and reports nothing in 2026.
  const year = (y: number) => (p: TScoringPeriod) => ({ ...p, year: y });
  const long = measure('m-long', {
    ref: '一/(一)',
    due: '2027-12-31',
    periods: [
      ['2026-H1', '2026-07-15'],
      ['2026-H2', '2027-01-15'],
      ['2027-H1', '2027-07-15'],
      ['final', '2027-12-31'],
    ],
  });
  long.periods = [...long.periods.slice(0, 2).map(year(2026)), ...long.periods.slice(2).map(year(2027))];
  long.start = at('2026-01-01', '00:00');
  const short = measure('m-short', { ref: '一/(二)', due: '2026-06-30' });
  short.periods = short.periods.map(year(2026));
  const input: TScoringInput = {
    ...plan({
      asOf: '2028-01-20',
      units: [
        { id: 'u-a', name: '甲局' },
        { id: 'u-b', name: '乙局' },
      ],
      measures: [long, short],
      assignments: [assignment('a-long', 'm-long', 'u-a', 'lead'), assignment('a-long-b', 'm-long', 'u-b', 'cooperating'), assignment('a-short', 'm-short', 'u-a', 'lead')],
      reports: [
        report('r1', 'a-long', '2026-H1', '2026-07-10', { percent: 20 }),
        report('r2', 'a-long', '2026-H2', '2027-01-12', { percent: 40 }),
        report('r3', 'a-long', '2027-H1', '2027-07-10', { percent: 80 }),
        report('r4', 'a-long', 'final', '2027-12-20', { status: 'done' }),
        report('r5', 'a-long-b', '2027-H1', '2027-07-16', { percent: 70 }),
        report('r6', 'a-long-b', 'final', '2027-12-20', { status: 'done' }),
        report('r7', 'a-short', 'final', '2026-06-29', { status: 'done' }),
      ],
      escalations: [escalation('e1', 'a-long-b', 'supervise', '2027-H1', 3, '2027-07-20')],
    }),
    years: [2026, 2027],
  };
  const y2026 = computeScores(input, DEFAULT_RUBRIC, calendar, 2026);
  const y2027 = computeScores(input, DEFAULT_RUBRIC, calendar, 2027);
  const whole = computeScores(input, DEFAULT_RUBRIC, calendar);

  it('both years have something to assess, and each set says its year', () => {
    expect(assessedYears(input)).toEqual([2026, 2027]);
    expect([y2026.year, y2027.year, whole.year]).toEqual([2026, 2027, WHOLE_PERIOD]);
  });

  it('a measure due in a later year is judged in its first year on its progress against the time passed (序时进度)', () => {
    // By 2026-12-31, 364 of its 729 days have passed: 49.93%, read as the whole 49% it shows. The 2026-H2 report (sent
    // 2027-01-12, for 2026) says 40%: 70 × 40 / 49 = 57.14; both 2026 reports on time: 15 + 15.
    expect(pointsBy(y2026, 'a-long', 'completion')).toBe(57.14);
    expect(pointsBy(y2026, 'a-long', 'timeliness')).toBe(30);
    expect(linesOf(y2026, 'a-long')[0]!.explanation).toContain('2026年度');
    expect(linesOf(y2026, 'a-long')[0]!.explanation).toContain('序时进度 49%');
  });

  it('a year reads only its own reports and escalations: what 2027 brought does not count for 2026', () => {
    // 乙 sent nothing for 2026: no completion, both 2026 periods missing; its 2027 督办 is not 2026's.
    expect(byId(y2026)('assignment', 'a-long-b').points).toBe(0);
    expect(pointsBy(y2026, 'a-long-b', 'deduction')).toBe(0);
    // 2027: done on time 70; 2027-H1 one working day late (07-16) 90% of 15 = 13.5, final 15; 督办 −2.
    expect(pointsBy(y2027, 'a-long-b', 'completion')).toBe(70);
    expect(pointsBy(y2027, 'a-long-b', 'timeliness')).toBe(28.5);
    expect(byId(y2027)('assignment', 'a-long-b').points).toBe(96.5);
  });

  it('a measure due in one year is assessed in that year only', () => {
    expect(y2026.measures.map((m) => m.subjectId).sort()).toEqual(['m-long', 'm-short']);
    expect(y2027.measures.map((m) => m.subjectId)).toEqual(['m-long']);
    // 甲 in 2026: 一/(一) 87.14 and 一/(二) 100, weight 1 each; in 2027: 一/(一) 100.
    expect(byId(y2026)('unit', 'u-a').points).toBe(93.57);
    expect(byId(y2027)('unit', 'u-a').points).toBe(100);
  });

  it('the whole period is judged on the final due date and every period', () => {
    // 乙: done on time 70; four periods of 7.5: two missing, 2027-H1 90% → 6.75, final 7.5; 督办 −2.
    expect(byId(whole)('assignment', 'a-long-b').points).toBe(82.25);
    expect(byId(whole)('assignment', 'a-long').points).toBe(100);
  });

  it('a target with yearly milestones (2026年达到90%，2027年达到95%) is judged each year on that year’s value', () => {
    const year = (y: number) => (p: TScoringPeriod) => ({ ...p, year: y });
    const m = measure('m-ms', {
      ref: '一/(三)',
      due: '2027-12-31',
      periods: [
        ['2026-H2', '2027-01-15'],
        ['final', '2027-12-31'],
      ],
      targets: [{ id: 't-rate', indicator: '合格率', comparator: 'gte', value: 95, unit: '%', by: '2027', milestones: [{ by: '2026', value: 90 }, { by: '2027', value: 95 }] }],
    });
    m.periods = [year(2026)(m.periods[0]!), year(2027)(m.periods[1]!)];
    m.start = at('2026-01-01', '00:00');
    const withMilestones: TScoringInput = {
      ...plan({
        asOf: '2028-01-20',
        units: [{ id: 'u-a', name: '甲局' }],
        measures: [m],
        assignments: [assignment('a-ms', 'm-ms', 'u-a', 'lead')],
        reports: [
          report('r1', 'a-ms', '2026-H2', '2027-01-12', { percent: 50, values: { 't-rate': 92 } }),
          report('r2', 'a-ms', 'final', '2027-12-20', { status: 'done', values: { 't-rate': 94 } }),
        ],
      }),
      years: [2026, 2027],
    };
    const [in2026, in2027, all] = [2026, 2027, undefined].map((y) => computeScores(withMilestones, DEFAULT_RUBRIC, calendar, y));
    // 2026: 92% against that year's 90% → the whole 20.
    expect(pointsBy(in2026!, 'a-ms', 'targets')).toBe(20);
    expect(linesOf(in2026!, 'a-ms').find((l) => l.component === 'targets')!.explanation).toContain('目标 ≥90%');
    // 2027 and the whole period: 94% against 95% is 98.9%, capped at 90% of 20 → 18.
    expect(pointsBy(in2027!, 'a-ms', 'targets')).toBe(18);
    expect(linesOf(in2027!, 'a-ms').find((l) => l.component === 'targets')!.explanation).toContain('目标 ≥95%');
    expect(pointsBy(all!, 'a-ms', 'targets')).toBe(18);
  });

  it('a plan launched as is: a target tied to a year before the period (2016) is judged in the year its measure is now due', () => {
    // 苏州 2016 launched in 2026: the measure moved to 2026-07-15, its target still says 2016. Without it, 2026 would
    // assess no target (its 20 points merged into completion) and no year would ever judge the value reported.
    const m = measure('m-old', { ref: '三/(十四)', due: '2026-07-15', targets: [{ id: 't-old', indicator: '合格率', comparator: 'gte', value: 98, unit: '%', by: '2016' }] });
    m.periods = m.periods.map((p) => ({ ...p, year: 2026 }));
    const asIs: TScoringInput = {
      ...plan({
        asOf: '2026-12-31',
        units: [{ id: 'u-a', name: '甲局' }],
        measures: [m],
        assignments: [assignment('a-old', 'm-old', 'u-a', 'lead')],
        reports: [report('r-old', 'a-old', 'final', '2026-07-08', { status: 'done', values: { 't-old': 97 } })],
      }),
      years: [2026],
    };
    const in2026 = computeScores(asIs, DEFAULT_RUBRIC, calendar, 2026);
    // 97 of 98 is 98.98%, capped at 90% of 20 → 18; completion keeps its own 50.
    expect(pointsBy(in2026, 'a-old', 'targets')).toBe(18);
    expect(pointsBy(in2026, 'a-old', 'completion')).toBe(50);
  });
});
