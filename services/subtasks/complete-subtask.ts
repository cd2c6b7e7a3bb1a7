import type { TSubtaskDoneBody } from '../../domain/subtasks';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { completeSubtaskUpdate, type TSubtaskAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** A sub-task is done once: a repeat by the same person gets the first answer. */
const once = (subtaskId: string) => `done-${subtaskId}`;

/** A person of the unit marks one of its sub-tasks done; another unit's sub-task is not found. */
export async function completeSubtask(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, subtaskId: string, body: TSubtaskDoneBody): Promise<TSubtaskAnswer> {
  const sub = await deps.db.subtask.findUnique({ where: { id: subtaskId }, select: { assignmentId: true } });
  if (!sub) throw new AppError('NOT_FOUND', say('noSuchSubtask'));
  const { measure } = await findOwnAssignment(deps.db, person, sub.assignmentId);
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, completeSubtaskUpdate, {
    assignmentId: sub.assignmentId,
    subtaskId,
    ...body,
    requestedBy: person.id,
    idempotencyKey: once(subtaskId),
  });
}
