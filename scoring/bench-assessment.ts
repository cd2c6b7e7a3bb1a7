import { CN_DAYS } from '../calendar/data/cn';
import { calendarFromDays, type TCalendar } from '../calendar/working-days';
import { computeScores } from './compute-scores';
import { DEFAULT_RUBRIC, ZRubricSchema, type TRubric } from './rubric';
import { syntheticScoringInput } from './synthetic-plan';
import { WHOLE_PERIOD, type TScoringInput } from './types';

const ROUNDS = 3;

/**
 * The score benchmark's plan (2,000 measures × 5 units) with every component of an office's 方案 on: an indicator per
 * measure (the three rules in turn, on its targets), 评议, capped 加分, a veto, 退回 deductions, two classes with an 优秀
 * quota and a 考核对象 with nothing to assess.
 */
export function assessedScoringInput(): { input: TScoringInput; rubric: TRubric } {
  const base = syntheticScoringInput({ measures: 2000, units: 5, periods: 4 });
  const input: TScoringInput = {
    ...base,
    units: [...base.units.map((u, i) => ({ ...u, kind: i < 3 ? ('government' as const) : ('department' as const) })), { id: 'u-none', name: '无任务单位', kind: 'department' }],
    assessment: {
      bonuses: base.units.flatMap((u, i) => [1, 2, 3].map((k) => ({ id: `b${i}-${k}`, unitId: u.id, year: 2026, points: k, title: `加分${k}`, recordedAt: new Date(Date.UTC(2026, 5, k)) }))),
      vetoes: [{ id: 'v0', unitId: 'u4', year: 2026, reason: '重大事故', recordedAt: new Date(Date.UTC(2026, 6, 1)) }],
      appraisals: base.units.map((u, i) => ({ id: `p${i}`, unitId: u.id, year: 2026, points: 10 + i, recordedAt: new Date(Date.UTC(2026, 11, 1)) })),
      returns: base.assignments.filter((_, i) => i % 7 === 0).map((a, i) => ({ id: `ret${i}`, assignmentId: a.id, period: '2026-Q1', returnedAt: new Date(Date.UTC(2026, 3, 1)) })),
    },
  };
  const rules = [{ kind: 'all-or-nothing' }, { kind: 'linear', baseline: 40 }, { kind: 'bands', bands: [{ reach: 0.9, credit: 0.8 }, { reach: 0.6, credit: 0.5 }] }];
  const rubric = ZRubricSchema.parse({
    indicators: base.measures.map((m, i) => ({ name: `指标${i}`, targets: m.targets.map((t) => t.id), points: 1, rule: rules[i % 3] })),
    appraisal: { max: 20 },
    bonus: { cap: 5 },
    returns: { each: 0.5, max: 5 },
    classes: [
      { name: '区县', kinds: ['government'], excellentQuota: 1 },
      { name: '部门', kinds: ['department'] },
    ],
    subjects: ['u-none'],
  });
  return { input, rubric };
}

function best(run: () => void): number {
  run(); // one warm-up, for the JIT
  let fastest = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return Math.round(fastest * 1000) / 1000;
}

/** What a preview computes in memory: every year and the whole period, under the current and the proposed 方案. */
function preview(input: TScoringInput, current: TRubric, proposed: TRubric, calendar: TCalendar) {
  for (const year of [WHOLE_PERIOD, 2026]) {
    computeScores(input, current, calendar, year);
    computeScores(input, proposed, calendar, year);
  }
}

/**
 * Seconds to score the plan with every component on (goal < 2 s) and to preview a 方案 change (< 3 s), each beside the
 * same plan scored with the shipped rubric in the same run, as a ratio: the machine's speed cancels out of the ratio.
 * Facts are built beforehand: loading is the database's cost.
 */
export async function benchScoreAssessment() {
  const calendar = calendarFromDays(CN_DAYS);
  const { input, rubric } = assessedScoringInput();
  const baseline = best(() => computeScores(input, DEFAULT_RUBRIC, calendar));
  const full = best(() => computeScores(input, rubric, calendar));
  const previewed = best(() => preview(input, DEFAULT_RUBRIC, rubric, calendar));
  const ratio = (v: number) => Math.round((v / baseline) * 100) / 100;
  return [
    { name: 'score-assessment', value: full, unit: 's', baseline, ratio: ratio(full), target: '< 2 s, every component on', met: full < 2 },
    { name: 'score-preview', value: previewed, unit: 's', baseline, ratio: ratio(previewed), target: '< 3 s', met: previewed < 3 },
  ];
}
