import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import { refuseForeignEvidence } from '../evidence/unit-evidence';
import { lockYear, ZAssessmentYearSchema } from './assessment-year';

export const ZLodgeObjectionSchema = z.object({
  year: ZAssessmentYearSchema,
  reason: z.string().trim().min(1).max(2000).describe('异议: what the unit holds is wrong in its results, and why'),
  evidence: z.array(z.string().min(1).max(64)).max(20).default([]).describe('ids of uploaded files (佐证材料)'),
});
export type TLodgeObjection = z.input<typeof ZLodgeObjectionSchema>;

/**
 * 异议: a person of an assessed unit objects to the unit's results for a year, only while they are on 公示 (to its last
 * day, Asia/Shanghai), naming as evidence only files the unit uploaded on the plan. A unit the plan did not score that year is answered "not found", as for anyone else. Audited.
 */
export async function lodgeObjection(
  deps: { db: Db; now: () => Date },
  planId: string,
  person: TPerson & { via?: string },
  input: TLodgeObjection,
): Promise<{ id: string }> {
  const { year, reason, evidence } = ZLodgeObjectionSchema.parse(input);
  const at = deps.now();
  const unitId = person.unitId;
  const assessed = unitId
    ? await deps.db.score.count({ where: { planId, year, scope: 'unit', subjectId: unitId } })
    : 0;
  if (!unitId || !assessed) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  return deps.db.$transaction(async (tx) => {
    const current = await lockYear(tx, planId, year, at);
    if (current.stage !== 'publicity') throw new AppError('CONFLICT', say('noPublicity', { year }));
    if (current.publicityUntil && current.today > current.publicityUntil) {
      throw new AppError('CONFLICT', say('publicityEnded', { year, until: current.publicityUntil }));
    }
    await refuseForeignEvidence(tx, { planId, unitId, ids: evidence, field: 'evidence' });
    const created = await tx.assessmentObjection.create({
      data: { planId, year, unitId, reason, evidence, lodgedById: person.id, lodgedAt: at },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: {
        actorId: person.id,
        actorLabel: 'unit',
        action: 'assessment.objection' satisfies TAuditAction,
        subjectType: 'unit',
        subjectId: unitId,
        planId,
        data: { objectionId: created.id, year, reason, evidence },
      },
    });
    return created;
  });
}
