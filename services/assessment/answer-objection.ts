import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import { owePlanScores } from '../scoring/score-plan';
import { lockYear, type TAssessmentActor } from './assessment-year';

export const ZAnswerObjectionSchema = z.object({
  decision: z.enum(['upheld', 'rejected']).describe('upheld: the office corrects the input at fault through the usual records (加分, 评议, an indicator value), never the total; rejected: it says why'),
  answer: z.string().trim().min(1).max(2000).describe('the office’s answer to the unit: what was corrected, or why the objection does not stand'),
});
export type TAnswerObjection = z.input<typeof ZAnswerObjectionSchema>;

const ACTION = { upheld: 'assessment.objection_upheld', rejected: 'assessment.objection_rejected' } as const satisfies Record<string, TAuditAction>;

/**
 * The office answers an 异议 once: upheld or rejected, with its answer. An upheld one leaves the plan owing scores, so
 * the correction the office recorded for it shows in the results before 定稿. Audited. The caller has checked the
 * person coordinates the plan.
 */
export async function answerObjection(
  deps: { db: Db; now: () => Date },
  planId: string,
  objectionId: string,
  input: TAnswerObjection,
  actor: TAssessmentActor,
): Promise<{ id: string; status: 'upheld' | 'rejected' }> {
  const { decision, answer } = ZAnswerObjectionSchema.parse(input);
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const objection = await tx.assessmentObjection.findFirst({ where: { id: objectionId, planId }, select: { id: true, year: true, unitId: true } });
    if (!objection) throw new AppError('NOT_FOUND', say('noSuchObjection'));
    const current = await lockYear(tx, planId, objection.year, at);
    if (current.stage === 'final') throw new AppError('CONFLICT', say('resultsFinal', { year: objection.year }));
    const answered = await tx.assessmentObjection.updateMany({
      where: { id: objectionId, status: 'pending' },
      data: { status: decision, answer, answeredById: actor.id, answeredAt: at },
    });
    if (!answered.count) throw new AppError('CONFLICT', say('objectionAnswered'));
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: ACTION[decision],
        subjectType: 'unit',
        subjectId: objection.unitId,
        planId,
        data: { objectionId, year: objection.year, answer },
      },
    });
    if (decision === 'upheld') await tx.$executeRaw(owePlanScores(Prisma.sql`${planId}`, at));
    return { id: objectionId, status: decision };
  });
}
