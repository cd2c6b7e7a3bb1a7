import { z } from 'zod';
import type { TReviewReportBody } from '../../domain/measure-actions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { reviewReportUpdate, type TReviewAnswer } from '../../workflows/measure/definitions';
import { MEASURE_REF, planScope, requireCoordinator, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** The record the workflow writes of a review, and what the audit trail calls it. */
export const reviewReportAudit = { action: 'measure.review-report', done: { zh: '审核报告', en: 'Report reviewed' } } as const;

export const ZReportParamsSchema = z.object({ reportId: z.string().min(1).max(64) });

/**
 * 审核: a coordinator of the report's plan accepts (通过) a report waiting for review, or returns it (退回) with a reason
 * and a rework time. Audited by the measure's workflow; a report outside the coordinator's plans is not found.
 */
export async function reviewReport(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  reportId: string,
  body: TReviewReportBody,
): Promise<TReviewAnswer> {
  const p = requireCoordinator(person);
  const report = await deps.db.progressReport.findFirst({
    where: { id: reportId, assignment: { measure: { plan: planScope(p) } } },
    select: { id: true, assignment: { select: { measure: { select: MEASURE_REF } } } },
  });
  if (!report) throw new AppError('NOT_FOUND', say('noSuchReport'));
  const { client } = temporalOf(deps);
  return updateMeasure({ db: deps.db, client }, report.assignment.measure, reviewReportUpdate, { ...body, reportId: report.id, actorId: p.id });
}
