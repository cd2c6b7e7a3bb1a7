import { z } from 'zod';
import { annualSummaryDue, annualSummaryStanding } from '../../domain/annual-summary';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import { refuseForeignEvidence } from '../evidence/unit-evidence';
import { assessedUnits } from './annual-summaries';
import { planToday, refuseIfFinal, ZAssessmentYearSchema } from './assessment-year';

export const ZSubmitAnnualSummarySchema = z.object({
  year: ZAssessmentYearSchema,
  summary: z.string().trim().min(1).max(20_000).describe('全年工作总结: what the unit did in the year'),
  targets: z.string().trim().min(1).max(10_000).describe('下一年度目标任务: the unit’s targets for the next year'),
  measures: z.string().trim().min(1).max(10_000).describe('工作措施: how it will reach them'),
  evidence: z.array(z.string().min(1).max(64)).max(20).default([]).describe('ids of files the unit uploaded on the plan (佐证材料)'),
});
export type TSubmitAnnualSummary = z.input<typeof ZSubmitAnnualSummarySchema>;
export type TAnnualSummarySubmitted = { id: string; year: number; due: string; submittedOn: string; onTime: boolean };

/**
 * 年度总结: a person of a unit the plan assesses sends the unit's summary of a year of the plan's period, once, where the
 * plan asks for one (its setting `annualSummary`). Judged on time or late against the due date then in force, kept
 * with it. Refused once the year's results are final. Evidence names only the unit's own uploads on the plan. A person
 * of a unit the plan does not assess is answered "not found". Audited.
 */
export async function submitAnnualSummary(
  deps: { db: Db; now: () => Date },
  planId: string,
  person: TPerson,
  input: TSubmitAnnualSummary,
): Promise<TAnnualSummarySubmitted> {
  const { year, summary, targets, measures, evidence } = ZSubmitAnnualSummarySchema.parse(input);
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { status: true, annualSummary: true, rubric: true, period: true, year: true, clock: true } });
    const unitId = person.unitId;
    if (!plan || !unitId || plan.status === 'draft' || !(await assessedUnits(tx, planId, plan.rubric)).some((u) => u.id === unitId)) {
      throw new AppError('NOT_FOUND', say('noSuchPlan'));
    }
    const { period, annualSummary } = planSettingsOf(plan, ['period', 'annualSummary']);
    if (annualSummary.due === null) throw new AppError('CONFLICT', say('noAnnualSummary'));
    if (!periodYears(period).includes(year)) throw new AppError('VALIDATION_FAILED', say('assessmentYearOutside', { year }));
    await refuseIfFinal(tx, planId, year);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`annual-summary:${planId}:${year}:${unitId}`}))`;
    const earlier = await tx.annualSummary.findUnique({ where: { planId_year_unitId: { planId, year, unitId } }, select: { submittedAt: true } });
    if (earlier) throw new AppError('CONFLICT', say('annualSummaryAgain', { year, on: planToday(plan.clock, earlier.submittedAt) }));
    await refuseForeignEvidence(tx, { planId, unitId, ids: evidence, field: 'evidence' });
    const due = annualSummaryDue(annualSummary.due, year);
    const submittedOn = planToday(plan.clock, at);
    const created = await tx.annualSummary.create({
      data: { planId, year, unitId, summary, targets, measures, evidence, submittedById: person.id, submittedAt: at, dueOn: new Date(`${due}T00:00:00Z`) },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: {
        actorId: person.id,
        actorLabel: 'unit',
        action: 'assessment.annual_summary' satisfies TAuditAction,
        subjectType: 'unit',
        subjectId: unitId,
        planId,
        data: { summaryId: created.id, year, due, submittedOn, evidence },
      },
    });
    return { id: created.id, year, due, submittedOn, onTime: annualSummaryStanding(submittedOn, due, submittedOn) === 'on-time' };
  });
}
