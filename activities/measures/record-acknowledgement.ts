import { ApplicationFailure } from '@temporalio/activity';
import type { TAcknowledge } from '../../domain/acknowledgement';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TActivityDeps } from '../deps';

/**
 * Projects a unit's 签收 onto its assignment: who, when, and the 责任领导 and 经办人 it named. Written once: a retry
 * finds the acknowledgement there and changes nothing.
 */
export function createRecordAcknowledgement({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordAcknowledgement(input: TAcknowledge & { at: string }): Promise<void> {
      if (!(await db.person.findUnique({ where: { id: input.requestedBy }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: input.requestedBy })));
      }
      await db.assignment.updateMany({
        where: { id: input.assignmentId, acknowledgedAt: null },
        data: {
          acknowledgedAt: new Date(input.at),
          acknowledgedById: input.requestedBy,
          ackResponsible: input.responsible,
          ackHandler: input.handler ?? undefined,
          ackNote: input.note ?? null,
        },
      });
    },
  };
}
