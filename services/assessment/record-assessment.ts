import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import type { TAuditAction } from '../audit-actions';
import { refuseForeignEvidence } from '../evidence/unit-evidence';
import { owePlanScores } from '../scoring/score-plan';
import { refuseIfFinal } from './assessment-year';
import { parseRubric } from './rubric-input';

const common = {
  unitId: z.string().min(1).max(64),
  year: z.number().int().min(2000).max(2100).describe('the year of the plan’s period the record belongs to'),
  evidence: z.array(z.string().min(1).max(64)).max(20).default([]).describe('ids of uploaded files (佐证材料)'),
};
export const ZRecordBonusSchema = z.object({ ...common, points: z.number().finite().positive().describe('加分; never negative'), title: z.string().trim().min(1).max(200) });
export const ZRecordVetoSchema = z.object({ ...common, reason: z.string().trim().min(1).max(500).describe('一票否决: why') });
export const ZRecordAppraisalSchema = z.object({ ...common, points: z.number().finite().nonnegative().describe('评议分, at most the 方案’s maximum') });

export type TAssessmentRecordInput =
  | ({ kind: 'bonus' } & z.infer<typeof ZRecordBonusSchema>)
  | ({ kind: 'veto' } & z.infer<typeof ZRecordVetoSchema>)
  | ({ kind: 'appraisal' } & z.infer<typeof ZRecordAppraisalSchema>);

const ACTION = { bonus: 'assessment.bonus', veto: 'assessment.veto', appraisal: 'assessment.appraisal' } as const satisfies Record<string, TAuditAction>;

/**
 * The office records 加分, 一票否决 or 评议 for a unit and a year of the plan: only for a unit the plan assesses (assigned
 * work on it, or a 考核对象 of its 方案) and a year of its period, its evidence only files that unit uploaded on the
 * plan; a 评议 no higher than the 方案 allows. Audited; the
 * plan then owes scores, and the score keeper rescores it. Refused for a final year (定稿) until it is reopened. The caller has checked the person may (findPlanFor).
 */
export async function recordAssessment(
  deps: { db: Db; now: () => Date },
  planId: string,
  record: TAssessmentRecordInput,
  actor: { id: string | null; label: string },
): Promise<{ id: string }> {
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { rubric: true, period: true, year: true, status: true } });
    if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
    if (plan.status === 'cancelled') throw new AppError('CONFLICT', say('planOver'));
    if (!periodYears(planSettingsOf(plan, ['period']).period).includes(record.year)) throw new AppError('VALIDATION_FAILED', say('assessmentYearOutside', { year: record.year }));
    await refuseIfFinal(tx, planId, record.year);
    const rubric = parseRubric(plan.rubric ?? {});
    const assigned = await tx.assignment.count({ where: { unitId: record.unitId, status: { not: 'cancelled' }, measure: { planId, status: { not: 'cancelled' } } } });
    if (!assigned && !rubric.subjects.includes(record.unitId)) {
      throw new AppError('VALIDATION_FAILED', say('assessmentNotAssessed', { field: 'unitId', unitId: record.unitId }));
    }
    if (record.kind === 'appraisal' && record.points > rubric.appraisal.max) {
      throw new AppError('VALIDATION_FAILED', say('appraisalOverMax', { points: record.points, max: rubric.appraisal.max }));
    }
    await refuseForeignEvidence(tx, { planId, unitId: record.unitId, ids: record.evidence, field: 'evidence' });
    const created = await tx.assessmentRecord.create({
      data: {
        planId,
        unitId: record.unitId,
        year: record.year,
        kind: record.kind,
        points: record.kind === 'veto' ? null : record.points,
        title: record.kind === 'bonus' ? record.title : record.kind === 'veto' ? record.reason : '评议',
        evidence: record.evidence,
        recordedById: actor.id,
        recordedAt: at,
      },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: ACTION[record.kind],
        subjectType: 'unit',
        subjectId: record.unitId,
        planId,
        data: { recordId: created.id, ...record },
      },
    });
    await tx.$executeRaw(owePlanScores(Prisma.sql`${planId}`, at));
    return created;
  });
}
