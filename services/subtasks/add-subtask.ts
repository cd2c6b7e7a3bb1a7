import { randomUUID } from 'node:crypto';
import type { TSubtaskBody } from '../../domain/subtasks';
import { addSubtaskUpdate, type TSubtaskAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/**
 * 分解: a person of the lead unit gives part of its assignment to a section or person of the unit. The measure's
 * workflow refuses a sub-task due after the assignment, records it, tells the person and reminds them. A request
 * without a key is a new sub-task each time.
 */
export async function addSubtask(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, assignmentId: string, body: TSubtaskBody): Promise<TSubtaskAnswer> {
  const { measure } = await findOwnAssignment(deps.db, person, assignmentId);
  const { idempotencyKey, ...subtask } = body;
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, addSubtaskUpdate, {
    assignmentId,
    ...subtask,
    requestedBy: person.id,
    idempotencyKey: idempotencyKey ?? randomUUID(),
  });
}
