import { z } from 'zod';
import { shanghaiDate } from '../../calendar/working-days';
import type { Db } from '../../prisma/client';
import { WHOLE_PERIOD } from '../../scoring/types';
import type { TActor } from '../auth/actor';

const ZLineSchema = z.object({ component: z.string(), points: z.number(), max: z.number(), explanation: z.string() });

export const ZUnitStandingSchema = z.object({
  scores: z.array(
    z.object({
      planId: z.string(),
      planTitle: z.string(),
      points: z.number(),
      maxPoints: z.number(),
      grade: z.string(),
      computedAt: z.string(),
      breakdown: z.array(ZLineSchema).describe('the lines the score adds up from, as the assessment report explains them'),
    }),
  ),
  returned: z.array(
    z.object({
      assignmentId: z.string(),
      measure: z.string(),
      period: z.string(),
      reason: z.string(),
      reworkDue: z.string().nullable(),
      returnedAt: z.string().nullable(),
    }),
  ).describe('the unit’s reports the office returned (退回), latest first, with why and by when'),
});
export type TUnitStanding = z.infer<typeof ZUnitStandingSchema>;

/**
 * A unit's own standing, for its people: its score in each plan (the whole period, as last computed) with the
 * breakdown line by line, and its returned reports with the office's reasons. Null for a person of no unit.
 */
export async function loadUnitStanding(db: Db, actor: TActor): Promise<TUnitStanding | null> {
  if (!actor.unitId) return null;
  const [scores, returned] = await Promise.all([
    db.score.findMany({
      where: { year: WHOLE_PERIOD, scope: 'unit', subjectId: actor.unitId },
      include: { plan: { select: { title: true } } },
      orderBy: { computedAt: 'desc' },
    }),
    db.progressReport.findMany({
      // What the office returned, beside the score it deducts for; a lead unit's return shows on the item page.
      where: { review: 'returned', toLead: false, assignment: { unitId: actor.unitId } },
      orderBy: [{ reviewedAt: 'desc' }, { id: 'asc' }],
      take: 50,
      select: { assignmentId: true, period: true, reviewReason: true, reworkDue: true, reviewedAt: true, assignment: { select: { measure: { select: { ref: true, title: true } } } } },
    }),
  ]);
  return {
    scores: scores.map((s) => ({
      planId: s.planId,
      planTitle: s.plan.title,
      points: s.points,
      maxPoints: s.maxPoints,
      grade: s.grade,
      computedAt: s.computedAt.toISOString(),
      breakdown: z.array(ZLineSchema).catch([]).parse(s.breakdown),
    })),
    returned: returned.map((r) => ({
      assignmentId: r.assignmentId,
      measure: `${r.assignment.measure.ref} ${r.assignment.measure.title}`,
      period: r.period,
      reason: r.reviewReason ?? '',
      reworkDue: r.reworkDue ? shanghaiDate(r.reworkDue) : null,
      returnedAt: r.reviewedAt?.toISOString() ?? null,
    })),
  };
}
