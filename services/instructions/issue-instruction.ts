import { randomUUID } from 'node:crypto';
import type { TInstructionBody } from '../../domain/instructions';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { issueInstructionUpdate, type TInstructionAnswer } from '../../workflows/measure/definitions';
import { findMeasureFor, isCoordinator, MEASURE_REF, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from '../measures/measure-update';

/** The leaders of a plan's office: leaders who work in its coordinating unit, and the unit's own supervising leader. */
export const officeLeaders = (leaderId: string) => ({
  coordinatorUnit: { OR: [{ leaderId }, { people: { some: { id: leaderId, role: 'leader' as const } } }] },
});

export async function measureOfOfficeLeader(db: Db, leaderId: string, measureId: string) {
  return db.measure.findFirst({ where: { id: measureId, plan: officeLeaders(leaderId) }, select: MEASURE_REF });
}

/**
 * 领导批示: a leader of the plan's office writes an instruction on a measure, or a coordinator of the plan writes it
 * on such a leader's behalf (recorded as written by the coordinator, from the leader). The measure's workflow checks
 * the units and the deadline, records it, mails it to each unit and follows up the replies. Anyone else, or another
 * office's measure: not found, as guessing ids confirms nothing.
 */
export async function issueInstruction(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, measureId: string, body: TInstructionBody): Promise<TInstructionAnswer> {
  const { onBehalfOf, requestId, ...instruction } = body;
  let leaderId: string;
  let measure;
  if (person.role === 'leader') {
    if (onBehalfOf !== undefined && onBehalfOf !== person.id) throw new AppError('FORBIDDEN', say('instructionWriters'));
    leaderId = person.id;
    measure = await measureOfOfficeLeader(deps.db, leaderId, measureId);
    if (!measure) throw new AppError('NOT_FOUND', say('noSuchMeasure'));
  } else if (isCoordinator(person)) {
    measure = await findMeasureFor(deps.db, person, measureId);
    if (onBehalfOf === undefined || !(await measureOfOfficeLeader(deps.db, onBehalfOf, measureId))) throw new AppError('VALIDATION_FAILED', say('onBehalfOfLeader'));
    leaderId = onBehalfOf;
  } else {
    throw new AppError('FORBIDDEN', say('instructionWriters'));
  }
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, issueInstructionUpdate, {
    ...instruction,
    leaderId,
    actorId: person.id,
    requestId: requestId ?? randomUUID(),
  });
}
