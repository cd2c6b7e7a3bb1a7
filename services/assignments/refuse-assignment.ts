import type { TRefuseBody } from '../../domain/acknowledgement';
import { refuseAssignmentUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** An assignment is refused once until the office decides: a repeat by the same person gets the first answer. */
const ONCE = 'refuse-assignment';

/**
 * 拒签: a person of the assigned unit refuses the assignment with a reason, before acknowledging it. The measure's
 * workflow audits it, tells the coordinating office and stops the assignment's clock until the office reassigns the
 * measure (POST /api/measures/:id/reassign) or confirms the unit holds it (POST /api/measures/:id/refusal/confirm).
 */
export async function refuseAssignment(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  assignmentId: string,
  body: TRefuseBody,
): Promise<TActionAnswer> {
  const { measure } = await findOwnAssignment(deps.db, person, assignmentId);
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, refuseAssignmentUpdate, {
    ...body,
    assignmentId,
    requestedBy: person.id,
    idempotencyKey: ONCE,
  });
}
