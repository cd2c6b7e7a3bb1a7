import { z } from 'zod';

/**
 * The assessment rubric (考核细则) of one plan, stored in `Plan.rubric` and validated here whenever it is read.
 *
 * Every field has a default, so `{}` is the shipped rubric and an office writes only what it changes. Points are
 * out of the sum of the component weights (100 by default), and every scope — assignment, measure, unit, plan — is
 * scored on that same scale, so a grade means the same thing wherever it appears.
 */

const ZPointsSchema = z.number().finite().nonnegative();
const ZShareSchema = z.number().finite().min(0).max(1);

/**
 * An escalation deduction in the style offices write their rules: "N 次以内不扣分，每多一次扣 X 分，最多扣 M 分" — the
 * mirror of "达 N 不扣分，少一个扣 X": a quota of escalations that costs nothing, a fixed price for each one beyond it,
 * and a ceiling so that one bad item cannot wipe out a unit's whole year.
 */
export const ZQuotaDeductionSchema = z.object({
  free: z.number().int().nonnegative().default(0).describe('escalations at this level that cost nothing'),
  each: ZPointsSchema.describe('points deducted for each escalation beyond the free ones'),
  max: ZPointsSchema.optional().describe('at most this many points for this level; unset: no ceiling'),
});
export type TQuotaDeduction = z.infer<typeof ZQuotaDeductionSchema>;

export const ZGradeBandSchema = z.object({
  grade: z.string().min(1).describe('the grade as offices write it: 优秀, 良好, 合格, 不合格'),
  min: z.number().finite().min(0).max(100).describe('lowest percentage of the maximum that earns this grade'),
});
export type TGradeBand = z.infer<typeof ZGradeBandSchema>;

export const DEFAULT_GRADE_BANDS: readonly TGradeBand[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
];

/**
 * How an indicator not yet reached earns part of its points (指标分):
 * - all-or-nothing: reached or nothing;
 * - linear: the share of the way from the baseline to the target (for a lower-is-better indicator the way runs down);
 *   the baseline is the 方案's, else the target's own as the plan gives it (由2015年的85%), else the ratio to the target;
 * - bands: the credit of the highest band whose share of the way (from the baseline when given, else the ratio to
 *   the target) the value has reached — 达到目标 90% 得 80%.
 */
export const ZIndicatorRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all-or-nothing') }),
  z.object({
    kind: z.literal('linear'),
    baseline: z.number().finite().optional().describe("the value the way starts from (基期值); unset: the target's own, as the plan gives it"),
  }),
  z.object({
    kind: z.literal('bands'),
    baseline: z.number().finite().optional(),
    bands: z
      .array(z.object({ reach: ZShareSchema.describe('share of the way reached'), credit: ZShareSchema.describe('share of the points earned') }))
      .min(1),
  }),
]);
export type TIndicatorRule = z.infer<typeof ZIndicatorRuleSchema>;

/** 指标分: points for one indicator (a target, or a group of targets judged together), earned by the units answering for it. */
export const ZIndicatorSchema = z.object({
  name: z.string().min(1).describe('as the 方案 names it: 产品质量合格率'),
  targets: z.array(z.string().min(1)).min(1).describe('Target ids; a group is judged on the mean of its targets’ credits'),
  points: z.number().finite().positive(),
  rule: ZIndicatorRuleSchema.prefault({ kind: 'all-or-nothing' }),
});
export type TIndicator = z.infer<typeof ZIndicatorSchema>;

/** 分类考核: a class of units ranked apart (区县, 部门), by unit kind or by name, with an optional quota of 优秀. */
export const ZUnitClassSchema = z.object({
  name: z.string().min(1),
  kinds: z.array(z.enum(['government', 'department', 'agency', 'enterprise', 'other'])).default([]),
  units: z.array(z.string().min(1)).default([]).describe('unit ids in this class whatever their kind'),
  excellentQuota: z.number().int().nonnegative().optional().describe('at most this many units of the class graded at the top band'),
});
export type TUnitClass = z.infer<typeof ZUnitClassSchema>;

export const ZRubricSchema = z
  .object({
    total: z
      .number()
      .finite()
      .positive()
      .optional()
      .describe('the 方案’s full marks; when given, completion + timeliness + targets + indicators + appraisal must add up to it'),
    version: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('stored with every score; the loader takes it from Plan.rubricVersion, which wins over this field'),
    measureWeights: z
      .record(z.string(), z.number().finite().positive())
      .default({})
      .describe("weight of a measure by its ref (二/(一)); a measure not named here keeps Measure.weight (default 1)"),
    roleShare: z
      .object({
        lead: z.number().finite().positive().default(1),
        cooperating: z.number().finite().positive().default(0.5),
      })
      .prefault({})
      .describe("how much an assignment counts in its measure's and its unit's score: lead 1, cooperating 0.5"),
    completion: z
      .object({
        weight: ZPointsSchema.default(50),
        lateShare: ZShareSchema.default(0.8).describe(
          'not done by the (extended) due date: this share of the last reported percent still earns points',
        ),
      })
      .prefault({}),
    timeliness: z
      .object({
        weight: ZPointsSchema.default(30),
        perWorkingDayLate: ZShareSchema.default(0.1).describe("a late report loses this share of its period's points per working day"),
        lateFloor: ZShareSchema.default(0.2).describe('a late report never earns less than this share: reporting late beats not reporting'),
      })
      .prefault({}),
    targets: z
      .object({
        weight: ZPointsSchema.default(20),
        partialCap: ZShareSchema.default(0.9).describe('a target not reached earns its ratio to the target, at most this share'),
      })
      .prefault({}),
    deductions: z
      .object({
        urge: ZQuotaDeductionSchema.prefault({ free: 1, each: 1, max: 5 }),
        supervise: ZQuotaDeductionSchema.prefault({ free: 0, each: 2, max: 10 }),
        coordinator: ZQuotaDeductionSchema.prefault({ free: 0, each: 5, max: 15 }),
      })
      .prefault({})
      .describe('per escalation level: 催办 (urge), 督办 (supervise), 提请协调 (coordinator)'),
    indicators: z.array(ZIndicatorSchema).default([]),
    bonus: z
      .object({ cap: ZPointsSchema.default(0).describe('加分: at most this many points per unit and year, whatever is recorded') })
      .prefault({}),
    appraisal: z.object({ max: ZPointsSchema.default(0).describe('评议: the most the leading group can give a unit') }).prefault({}),
    returns: z
      .object({
        each: ZPointsSchema.default(0).describe('退回: points deducted from a unit per report the office returned'),
        max: ZPointsSchema.optional(),
      })
      .prefault({}),
    annualSummary: z
      .object({
        missing: ZPointsSchema.default(2).describe('年度总结: points deducted from a unit for a year whose summary was not submitted by its due date'),
        late: ZPointsSchema.default(1).describe('fewer when it came after the due date'),
      })
      .prefault({})
      .describe('counts only where the plan asks each unit for a 年度总结 (its annualSummary setting)'),
    classes: z.array(ZUnitClassSchema).default([]),
    subjects: z.array(z.string().min(1)).default([]).describe('考核对象 beyond the units assigned work: unit ids; one with nothing to assess is 不考核'),
    grades: z
      .array(ZGradeBandSchema)
      .min(1)
      .default(() => DEFAULT_GRADE_BANDS.map((b) => ({ ...b })))
      .refine((bands) => bands.some((b) => b.min === 0), 'one grade band must start at 0 so every score has a grade'),
  })
  .refine((r) => r.completion.weight + r.timeliness.weight + r.targets.weight > 0, 'the component weights cannot all be 0')
  .superRefine((r, ctx) => {
    if (r.total === undefined) return;
    const sum = rubricPoints(r);
    if (Math.abs(sum - r.total) > 1e-6) {
      ctx.addIssue({ code: 'custom', path: ['total'], message: `各项分值之和为 ${+sum.toFixed(2)}，与方案总分 ${r.total} 不符` });
    }
  });
export type TRubric = z.infer<typeof ZRubricSchema>;

/** What the 方案's components add up to: the assignment scale, every indicator, and the 评议. */
export function rubricPoints(r: Pick<TRubric, 'completion' | 'timeliness' | 'targets' | 'indicators' | 'appraisal'>): number {
  return r.completion.weight + r.timeliness.weight + r.targets.weight + r.indicators.reduce((s, i) => s + i.points, 0) + r.appraisal.max;
}

/** The shipped rubric: what a plan gets when nobody has written one. */
export const DEFAULT_RUBRIC: TRubric = ZRubricSchema.parse({});

export const COMPONENT_NAMES = { completion: '完成情况', timeliness: '报送及时性', targets: '目标达成' } as const;
export const LEVEL_NAMES = { urge: '催办', supervise: '督办', coordinator: '提请协调' } as const;
export const EXTRA_NAMES = { indicator: '指标分', bonus: '加分', veto: '一票否决', appraisal: '评议', return: '退回扣分', 'annual-summary': '年度总结', class: '分类考核' } as const;
export const NOT_ASSESSED = '不考核';
export const ROLE_NAMES = { lead: '牵头', cooperating: '配合' } as const;

/** The grade of a score, by the share of its maximum; bands are searched highest first whatever order they are written in. */
export function gradeFor(points: number, maxPoints: number, bands: readonly TGradeBand[]): string {
  const percent = maxPoints > 0 ? (points / maxPoints) * 100 : 0;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  // Compare on hundredths, as shown: 89.995 displays as 90.00 and must not be graded below what the reader sees.
  const shown = Math.round(percent * 100) / 100;
  return (sorted.find((b) => shown >= b.min) ?? sorted[sorted.length - 1]!).grade;
}
