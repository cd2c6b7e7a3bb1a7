import { randomUUID } from 'node:crypto';
import type { TReturnPartBody } from '../../domain/measure-actions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { returnPartToCooperatingUpdate, type TReviewAnswer } from '../../workflows/measure/definitions';
import { answeringSide, isCoordinator, MEASURE_REF, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** The record the workflow writes of a lead unit's 退回, and what the audit trail calls it. */
export const returnPartAudit = { action: 'measure.return-part', done: { zh: '牵头单位退回配合单位材料', en: 'Part returned by the lead unit' } } as const;

/**
 * 退回 by the lead unit (cycle.reportTo = lead): a person of the measure's active lead unit's side returns a cooperating
 * unit's part sent to it, with a reason and working days to send it again. Audited by the measure's workflow. To
 * anyone else the part is not found: a coordinator reviews through the office's own queue, not here.
 */
export async function returnPart(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, reportId: string, body: TReturnPartBody): Promise<TReviewAnswer> {
  const side = isCoordinator(person) ? { id: { in: [] } } : await answeringSide(deps.db, person);
  const part = await deps.db.progressReport.findFirst({
    where: {
      id: reportId,
      toLead: true,
      assignment: { role: 'cooperating', measure: { assignments: { some: { AND: [{ role: 'lead', status: { not: 'cancelled' } }, side] } } } },
    },
    select: { id: true, assignment: { select: { measure: { select: MEASURE_REF } } } },
  });
  if (!part) throw new AppError('NOT_FOUND', say('noSuchReport'));
  const { client } = temporalOf(deps);
  const { requestId, ...rest } = body;
  return updateMeasure({ db: deps.db, client }, part.assignment.measure, returnPartToCooperatingUpdate, { ...rest, reportId: part.id, requestId: requestId ?? randomUUID(), actorId: person.id });
}
