import type { Db, Prisma } from '../../prisma/client';
import { AppError } from '../errors';
import { requireCoordinator, type TActor } from './actor';

/**
 * What each person may see. Everyone sees their own unit's assignments; a leader also those of the units they
 * supervise; a coordinator also every assignment of the plans they coordinate; an admin everything.
 * Anything outside the scope is answered as "not found", so guessing ids confirms nothing.
 */
export function planScope(actor: TActor): Prisma.PlanWhereInput {
  if (actor.role === 'admin') return {};
  if (actor.role !== 'coordinator') return { id: { in: [] } };
  return actor.unitId ? { OR: [{ coordinatorUnitId: null }, { coordinatorUnitId: actor.unitId }] } : { coordinatorUnitId: null };
}

export function assignmentScope(actor: TActor): Prisma.AssignmentWhereInput {
  if (actor.role === 'admin') return {};
  const own: Prisma.AssignmentWhereInput[] = actor.unitId ? [{ unitId: actor.unitId }] : [];
  if (actor.role === 'leader') own.push({ unit: { leaderId: actor.id } });
  if (actor.role === 'coordinator') own.push({ measure: { plan: planScope(actor) } });
  return own.length ? { OR: own } : { id: { in: [] } };
}

export const NOT_FOUND_PLAN = '未找到该方案 / no such plan';
export const NOT_FOUND_ITEM = '未找到该事项 / no such item';

export async function findPlanFor(db: Db, actor: TActor | null, planId: string) {
  const a = requireCoordinator(actor);
  const plan = await db.plan.findFirst({ where: { AND: [{ id: planId }, planScope(a)] } });
  if (!plan) throw new AppError('NOT_FOUND', NOT_FOUND_PLAN);
  return plan;
}

/** An assignment within the actor's scope, with the ids that name its measure's workflow. */
export async function findAssignmentFor(db: Db, actor: TActor, assignmentId: string) {
  const assignment = await db.assignment.findFirst({
    where: { AND: [{ id: assignmentId }, assignmentScope(actor)] },
    include: { measure: { select: { id: true, planId: true, workflowId: true } } },
  });
  if (!assignment) throw new AppError('NOT_FOUND', NOT_FOUND_ITEM);
  return assignment;
}

/** Only people of the assigned unit report on it or ask for more time; leaders and coordinators read. */
export function requireOwnUnit(actor: TActor, assignment: { unitId: string }): void {
  if (actor.unitId !== assignment.unitId) {
    throw new AppError('FORBIDDEN', '只有承办单位人员可以填报 / only people of the assigned unit can report on it');
  }
}
