import type { TExtensionDecisionBody } from '../../domain/measure-actions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { decideExtensionUpdate, type TExtensionAnswer } from '../../workflows/measure/definitions';
import { MEASURE_REF, planScope, requireCoordinator, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from './measure-update';

/** The record the workflow writes of a decision, and what the audit trail calls it. */
export const decideExtensionAudit = { action: 'measure.decide-extension', done: { zh: '延期审批', en: 'Extension decided' } } as const;

/**
 * A coordinator of the plan approves or refuses a 延期 request (one of `measureId`'s, when the caller names it);
 * refused, lateness still counts from the original date. Audited by the measure's workflow.
 */
export async function decideExtension(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  at: { extensionId: string; measureId?: string },
  body: TExtensionDecisionBody,
): Promise<TExtensionAnswer> {
  const p = requireCoordinator(person);
  const ext = await deps.db.extension.findFirst({
    where: { id: at.extensionId, assignment: { measure: { ...(at.measureId === undefined ? {} : { id: at.measureId }), plan: planScope(p) } } },
    select: { id: true, assignment: { select: { measure: { select: MEASURE_REF } } } },
  });
  if (!ext) throw new AppError('NOT_FOUND', say('noSuchExtension'));
  const { client } = temporalOf(deps);
  return updateMeasure({ db: deps.db, client }, ext.assignment.measure, decideExtensionUpdate, { ...body, extensionId: ext.id, decidedBy: p.id });
}
