import type { TInstructionReplyBody } from '../../domain/instructions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { replyInstructionUpdate, type TInstructionReplyAnswer } from '../../workflows/measure/definitions';
import { MEASURE_REF, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** A unit replies to each 批示 once: a repeat by the same person gets the first answer (its key names the instruction). */
const once = (instructionId: string) => `reply-${instructionId}`;

/**
 * 落实情况: a person of a unit replies to a 批示 on a measure the unit holds. The measure's workflow refuses a unit the
 * instruction was not sent to and a second reply; the reply is mailed to the leader. An instruction on a measure the
 * person's unit does not hold: not found.
 */
export async function replyInstruction(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  instructionId: string,
  body: TInstructionReplyBody,
): Promise<TInstructionReplyAnswer> {
  const found = person.unitId
    ? await deps.db.instruction.findFirst({
        where: { id: instructionId },
        select: { measure: { select: { ...MEASURE_REF, assignments: { where: { unitId: person.unitId, status: { not: 'cancelled' } }, select: { id: true } } } } },
      })
    : null;
  const assignment = found?.measure.assignments[0];
  if (!found || !assignment) throw new AppError('NOT_FOUND', say('noSuchInstruction'));
  const { assignments: _held, ...measure } = found.measure;
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, replyInstructionUpdate, {
    instructionId,
    assignmentId: assignment.id,
    ...body,
    requestedBy: person.id,
    idempotencyKey: once(instructionId),
  });
}
