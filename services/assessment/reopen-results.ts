import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import { owePlanScores } from '../scoring/score-plan';
import { lockYear, ZAssessmentYearSchema, type TAssessmentActor } from './assessment-year';

export const ZReopenResultsSchema = z.object({
  year: ZAssessmentYearSchema,
  reason: z.string().trim().min(1).max(1000).describe('why final results must change'),
});
export type TReopenResults = z.input<typeof ZReopenResultsSchema>;

/**
 * Reopens a final year, with the reason audited: its scores follow changes again (the plan owes a rescore at once)
 * until the office finalises it anew, as the next version. The caller has checked the person coordinates the plan.
 */
export async function reopenResults(
  deps: { db: Db; now: () => Date },
  planId: string,
  input: TReopenResults,
  actor: TAssessmentActor,
): Promise<{ year: number }> {
  const { year, reason } = ZReopenResultsSchema.parse(input);
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const current = await lockYear(tx, planId, year, at);
    if (current.stage !== 'final') throw new AppError('CONFLICT', say('resultsNotFinal', { year }));
    await tx.assessmentYear.update({ where: { planId_year: { planId, year } }, data: { stage: 'open', publicityUntil: null } });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'assessment.reopened' satisfies TAuditAction,
        subjectType: 'plan',
        subjectId: planId,
        planId,
        data: { year, reason, version: current.version },
      },
    });
    await tx.$executeRaw(owePlanScores(Prisma.sql`${planId}`, at));
    return { year };
  });
}
