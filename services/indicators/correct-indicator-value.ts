import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import type { TServiceDeps } from '../deps';

export const ZCorrectIndicatorValueSchema = z.object({
  reportId: z.string().min(1).max(64).describe('the report whose value is corrected'),
  targetId: z.string().min(1).max(64).describe('the indicator (target) corrected'),
  value: z.number().finite().describe('the value that counts from now on'),
  reason: z.string().trim().min(1).max(500).describe('why the office corrects it (更正理由)'),
});
export type TCorrectIndicatorValue = z.infer<typeof ZCorrectIndicatorValueSchema>;

/**
 * The office corrects an indicator value a unit reported, with a reason. The report keeps the value as sent; the
 * correction is a row of its own beside it, and the audit trail records both values and the reason.
 */
export async function correctIndicatorValue(
  deps: Pick<TServiceDeps, 'db' | 'now'>,
  person: TPerson,
  planId: string,
  input: TCorrectIndicatorValue,
): Promise<{ id: string; original: number | null; value: number }> {
  const plan = await findPlanFor(deps.db, person, planId);
  const report = await deps.db.progressReport.findFirst({
    where: { id: input.reportId, assignment: { measure: { planId: plan.id } } },
    select: { id: true, targetValues: true, assignment: { select: { measureId: true } } },
  });
  if (!report) throw new AppError('NOT_FOUND', say('noSuchReport'));
  const target = await deps.db.target.findFirst({ where: { id: input.targetId, measureId: report.assignment.measureId }, select: { id: true } });
  if (!target) throw new AppError('NOT_FOUND', say('noSuchIndicator'));
  const sent = Array.isArray(report.targetValues) ? report.targetValues.find((v) => (v as { targetId?: unknown })?.targetId === target.id) : undefined;
  const original = typeof (sent as { value?: unknown } | undefined)?.value === 'number' ? (sent as { value: number }).value : null;
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const row = await tx.indicatorCorrection.create({
      data: { reportId: report.id, targetId: target.id, original, value: input.value, reason: input.reason, correctedAt: at, correctedById: person.id },
    });
    await tx.auditEvent.create({
      data: {
        at,
        actorId: person.id,
        actorLabel: 'web',
        action: 'indicator.value_corrected' satisfies TAuditAction,
        subjectType: 'report',
        subjectId: report.id,
        planId: plan.id,
        data: { targetId: target.id, original, value: input.value, reason: input.reason, correctionId: row.id },
      },
    });
    return { id: row.id, original, value: input.value };
  });
}
