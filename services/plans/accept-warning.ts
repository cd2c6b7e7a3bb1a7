import { z } from 'zod';
import { readWarnings } from '../../domain/plan-warnings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { TServiceDeps } from '../deps';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';

export const ZAcceptWarningInputSchema = z.object({
  index: z.coerce.number().int().min(0).max(100_000).describe('the warning’s position in the plan’s warnings'),
});
export type TAcceptWarningInput = z.infer<typeof ZAcceptWarningInputSchema>;

/** A coordinator accepts a draft's parser warning as it is. Recorded on the plan and in the audit log; twice is once. */
export async function acceptWarning(deps: Pick<TServiceDeps, 'db' | 'now'>, person: TPerson, planId: string, input: TAcceptWarningInput): Promise<void> {
  const { id } = await findPlanFor(deps.db, person, planId);
  await deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id } });
    if (plan.status !== 'draft') throw new AppError('CONFLICT', say('planAlreadyLaunched'));
    const warnings = readWarnings(plan.warnings);
    const w = warnings[input.index];
    if (!w) throw new AppError('NOT_FOUND', say('noSuchWarning'));
    if (w.resolvedAt) return;
    warnings[input.index] = { ...w, resolvedAt: deps.now().toISOString(), resolvedById: person.id };
    await tx.plan.update({ where: { id }, data: { warnings } });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'plan.warning_accepted' satisfies TAuditAction, subjectType: 'plan', subjectId: id, planId: id, data: { index: input.index, code: w.code, ref: w.ref } },
    });
  });
}
