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

export const ZRubricSchema = z
  .object({
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
    grades: z
      .array(ZGradeBandSchema)
      .min(1)
      .default(() => DEFAULT_GRADE_BANDS.map((b) => ({ ...b })))
      .refine((bands) => bands.some((b) => b.min === 0), 'one grade band must start at 0 so every score has a grade'),
  })
  .refine((r) => r.completion.weight + r.timeliness.weight + r.targets.weight > 0, 'the component weights cannot all be 0');
export type TRubric = z.infer<typeof ZRubricSchema>;

/** The shipped rubric: what a plan gets when nobody has written one. */
export const DEFAULT_RUBRIC: TRubric = ZRubricSchema.parse({});

export const COMPONENT_NAMES = { completion: '完成情况', timeliness: '报送及时性', targets: '目标达成' } as const;
export const LEVEL_NAMES = { urge: '催办', supervise: '督办', coordinator: '提请协调' } as const;
export const ROLE_NAMES = { lead: '牵头', cooperating: '配合' } as const;

/** The grade of a score, by the share of its maximum; bands are searched highest first whatever order they are written in. */
export function gradeFor(points: number, maxPoints: number, bands: readonly TGradeBand[]): string {
  const percent = maxPoints > 0 ? (points / maxPoints) * 100 : 0;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  // Compare on hundredths, as shown: 89.995 displays as 90.00 and must not be graded below what the reader sees.
  const shown = Math.round(percent * 100) / 100;
  return (sorted.find((b) => shown >= b.min) ?? sorted[sorted.length - 1]!).grade;
}
