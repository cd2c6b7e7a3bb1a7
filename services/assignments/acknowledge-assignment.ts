import type { TAcknowledgeBody } from '../../domain/acknowledgement';
import { acknowledgeAssignmentUpdate, type TAcknowledgeAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** An assignment is acknowledged once: every repeat by the same person gets the first answer. */
const ONCE = 'acknowledge';

/**
 * 签收: a person of the assigned unit acknowledges the assignment, naming its 责任领导 and 经办人; recorded by the
 * measure's workflow and shown on the item page. A second acknowledgement by someone else is refused.
 */
export async function acknowledgeAssignment(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  assignmentId: string,
  body: TAcknowledgeBody,
): Promise<TAcknowledgeAnswer> {
  const { measure } = await findOwnAssignment(deps.db, person, assignmentId);
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, acknowledgeAssignmentUpdate, {
    ...body,
    assignmentId,
    requestedBy: person.id,
    idempotencyKey: ONCE,
  });
}
