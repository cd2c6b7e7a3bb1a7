import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';

export const ZDiscardPlanInputSchema = z.object({
  reason: z.string().trim().min(1).max(2000).describe('why the draft is discarded, kept in the plan’s audit log'),
});
export type TDiscardPlanInput = z.infer<typeof ZDiscardPlanInputSchema>;

/**
 * A coordinator discards a draft: the wrong file imported, or a copy nobody will launch. The plan is kept, cancelled,
 * with its measures and the reason in the audit log, so nothing is lost and the same document may be imported again.
 * Only a draft: a launched plan's measures are running, and each is ended on its own (撤销). Discarding twice is once.
 */
export async function discardDraftPlan(db: Db, person: TPerson, planId: string, input: TDiscardPlanInput): Promise<void> {
  const plan = await findPlanFor(db, person, planId);
  await db.$transaction(async (tx) => {
    const discarded = await tx.plan.updateMany({ where: { id: plan.id, status: 'draft' }, data: { status: 'cancelled' } });
    if (discarded.count === 0) {
      const { status } = await tx.plan.findUniqueOrThrow({ where: { id: plan.id }, select: { status: true } });
      // A second post of the same form: already done, nothing more to record.
      if (status === 'cancelled') return;
      throw new AppError('CONFLICT', say('planLaunchedCannotDiscard'));
    }
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'plan.discard' satisfies TAuditAction, subjectType: 'plan', subjectId: plan.id, planId: plan.id, data: { reason: input.reason } },
    });
  });
}
