import type { TInstructionReplyBody } from '../../domain/instructions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { replyInstructionUpdate, type TInstructionReplyAnswer } from '../../workflows/measure/definitions';
import { MEASURE_REF, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';
import { checkReportFiles } from '../evidence/check-report-files';

/** A unit replies to each 批示 once: a repeat by the same person gets the first answer (its key names the instruction). */
const once = (instructionId: string) => `reply-${instructionId}`;

/**
 * 落实情况: a person of a unit replies to a 批示 on a measure the unit holds. The measure's workflow refuses a unit the
 * instruction was not sent to and a second reply; the reply (with its files) is mailed to the leader. An instruction on a measure the
 * person's unit does not hold: not found.
 */
export async function replyInstruction(
  deps: Pick<TServiceDeps, 'db' | 'temporal'> & { filesPerReport?: number },
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
  // Files as a report takes them: uploaded for this assignment, within FILES_PER_REPORT.
  const files = (body.fileIds ?? []).map((fileId) => ({ fileId }));
  await checkReportFiles(deps.db, { assignmentId: assignment.id, attachments: files }, deps.filesPerReport);
  const attachments = [...(body.attachments ?? []), ...files];
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, replyInstructionUpdate, {
    instructionId,
    assignmentId: assignment.id,
    text: body.text,
    ...(attachments.length ? { attachments } : {}),
    requestedBy: person.id,
    idempotencyKey: once(instructionId),
  });
}
