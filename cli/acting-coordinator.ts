import { UserError, UsageError } from '../lib/errors';
import type { Db } from '../prisma/client';
import type { TPerson } from '../services/access/scope';

const PERSON = { id: true, name: true, role: true, unitId: true } as const;

/**
 * Who acts for the office from the command line: the person named by --as, else the one coordinator of the plan's
 * coordinating office (or the only coordinator when the plan names no office). The action is audited in their name;
 * whether they may take it is the service's and the access rules' to say, as for the API.
 */
export async function actingCoordinator(db: Db, as: string | undefined, planId: string | null, refusal: string): Promise<TPerson> {
  if (as) {
    const person = await db.person.findUnique({ where: { email: as }, select: PERSON });
    if (!person) throw new UserError(`无此人员 / no person with email ${as}`);
    return person;
  }
  const plan = planId ? await db.plan.findUnique({ where: { id: planId }, select: { coordinatorUnitId: true } }) : null;
  const coordinators = await db.person.findMany({
    where: { role: 'coordinator', ...(plan?.coordinatorUnitId ? { unitId: plan.coordinatorUnitId } : {}) },
    select: PERSON,
    take: 2,
  });
  if (coordinators.length !== 1) throw new UsageError(refusal);
  return coordinators[0]!;
}
