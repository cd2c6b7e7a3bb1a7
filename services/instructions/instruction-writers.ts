import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { findMeasureFor, isCoordinator, type TPerson } from '../access/scope';
import { measureOfOfficeLeader } from './issue-instruction';

export type TInstructionWriters = {
  measure: { id: string; planId: string; ref: string; title: string; status: string };
  /** The leaders the person may write for: themself, for a leader; the office's leaders, for a coordinator. */
  leaders: { id: string; name: string }[];
  /** The units holding the measure, which an instruction may be sent to. */
  units: { id: string; name: string }[];
};

/**
 * What the 批示 form offers the person, by issueInstruction's own rules: a leader of the plan's office writes as
 * themself, a coordinator of the plan for one of the office's leaders; another office's measure is not found, anyone
 * else is refused.
 */
export async function instructionWriters(db: Db, person: TPerson, measureId: string): Promise<TInstructionWriters> {
  let leaders: TInstructionWriters['leaders'];
  if (person.role === 'leader') {
    if (!(await measureOfOfficeLeader(db, person.id, measureId))) throw new AppError('NOT_FOUND', say('noSuchMeasure'));
    leaders = [{ id: person.id, name: person.name }];
  } else if (isCoordinator(person)) {
    const { planId } = await findMeasureFor(db, person, measureId);
    const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { coordinatorUnitId: true } });
    const office = plan.coordinatorUnitId;
    leaders = office
      ? await db.person.findMany({
          where: { OR: [{ supervisedUnits: { some: { id: office } } }, { unitId: office, role: 'leader' }] },
          orderBy: { name: 'asc' },
          select: { id: true, name: true },
        })
      : [];
  } else {
    throw new AppError('FORBIDDEN', say('instructionWriters'));
  }
  const m = await db.measure.findUniqueOrThrow({
    where: { id: measureId },
    select: {
      id: true,
      planId: true,
      ref: true,
      title: true,
      status: true,
      assignments: { where: { status: { not: 'cancelled' } }, orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }], select: { unit: { select: { id: true, name: true } } } },
    },
  });
  const { assignments, ...measure } = m;
  return { measure, leaders, units: assignments.map((a) => a.unit) };
}
