import type { Db } from '../../prisma/client';
import { AppError } from '../errors';

/**
 * A coordinator discards a draft: the wrong file imported, or a copy nobody will launch. The plan is kept, cancelled,
 * with its measures and the reason in the audit log, so nothing is lost and the same document may be imported again.
 * Only a draft: a launched plan's measures are running, and each is ended on its own (撤销). Discarding twice is once.
 */
export async function discardDraftPlan(db: Db, actorId: string, planId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const discarded = await tx.plan.updateMany({ where: { id: planId, status: 'draft' }, data: { status: 'cancelled' } });
    if (discarded.count === 0) {
      const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true } });
      // A second post of the same form: already done, nothing more to record.
      if (plan.status === 'cancelled') return;
      throw new AppError('CONFLICT', '方案已启动，不能作废；请在各措施页撤销任务 / the plan is launched: cancel its measures one by one instead');
    }
    await tx.auditEvent.create({
      data: { actorId, actorLabel: 'web', action: 'plan.discard', subjectType: 'plan', subjectId: planId, planId, data: { reason } },
    });
  });
}
