import type { Db } from '../../prisma/client';
import { AppError } from '../errors';
import { readWarnings } from '../views/warnings';

/** A coordinator accepts a warning as it is. Recorded on the plan and in the audit log. */
export async function acceptWarning(db: Db, actorId: string, planId: string, index: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId } });
    if (plan.status !== 'draft') throw new AppError('CONFLICT', '方案已启动 / the plan is already launched');
    const warnings = readWarnings(plan.warnings);
    const w = warnings[index];
    if (!w) throw new AppError('NOT_FOUND', '未找到该提示 / no such warning');
    if (w.resolvedAt) return;
    warnings[index] = { ...w, resolvedAt: new Date().toISOString(), resolvedById: actorId };
    await tx.plan.update({ where: { id: planId }, data: { warnings } });
    await tx.auditEvent.create({
      data: { actorId, actorLabel: 'web', action: 'plan.warning_accepted', subjectType: 'plan', subjectId: planId, planId, data: { index, code: w.code, ref: w.ref } },
    });
  });
}
