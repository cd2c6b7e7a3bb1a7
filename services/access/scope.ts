import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db, PersonRole, Prisma } from '../../prisma/client';

/** A measure as an update to it needs it: the ids that name its workflow (services/measures/measure-update). */
export type TMeasureRef = { id: string; planId: string; workflowId: string | null };
export const MEASURE_REF = { id: true, planId: true, workflowId: true } as const;

/** Who acts, as operations see them; how they proved it (a session, a token) is the API's business. */
export type TPerson = { id: string; name: string; role: PersonRole; unitId: string | null };

export function isCoordinator(person: TPerson): boolean {
  return person.role === 'coordinator' || person.role === 'admin';
}

/** The person, if a coordinator (or an administrator); nobody signed in is asked to sign in. */
export function requireCoordinator<P extends TPerson>(person: P | null): P {
  if (!person) throw new AppError('UNAUTHENTICATED');
  if (!isCoordinator(person)) throw new AppError('FORBIDDEN', say('coordinatorsOnly'));
  return person;
}

/**
 * The person, if an administrator: for what holds for every office at once (the working-day calendar), which a
 * coordinator of one office may not change for the others.
 */
export function requireAdmin<P extends TPerson>(person: P | null): P {
  if (!person) throw new AppError('UNAUTHENTICATED');
  if (person.role !== 'admin') throw new AppError('FORBIDDEN', say('adminsOnly'));
  return person;
}

/**
 * What each person may see. Everyone sees their own unit's assignments; a leader also those of the units they
 * supervise and, a leader of an office (the leading group), of the plans they read; a coordinator also every assignment of the plans they coordinate; an admin everything.
 * Anything outside the scope is answered as "not found", so guessing ids confirms nothing.
 */
export function planScope(person: TPerson): Prisma.PlanWhereInput {
  if (person.role === 'admin') return {};
  if (person.role !== 'coordinator') return { id: { in: [] } };
  return person.unitId ? { OR: [{ coordinatorUnitId: null }, { coordinatorUnitId: person.unitId }] } : { coordinatorUnitId: null };
}

export function assignmentScope(person: TPerson): Prisma.AssignmentWhereInput {
  if (person.role === 'admin') return {};
  const own: Prisma.AssignmentWhereInput[] = person.unitId ? [{ unitId: person.unitId }] : [];
  // A leader: the units they supervise, and, read-only, every assignment of the plans they read (the leading group).
  if (person.role === 'leader') own.push({ unit: { leaderId: person.id } }, ...(person.unitId ? [{ measure: { plan: readablePlanScope(person) } }] : []));
  if (person.role === 'coordinator') own.push({ measure: { plan: planScope(person) } });
  return own.length ? { OR: own } : { id: { in: [] } };
}

/**
 * The assignments a person answers for as their unit's side: their own unit's; a leader's, also those of the units
 * they supervise and those that named them (by email) as 责任领导 at 签收. What a lead unit receives from its
 * cooperating units (their parts and the parts' files) is read by this side, and only by it.
 */
export async function answeringSide(db: Db, person: TPerson): Promise<Prisma.AssignmentWhereInput> {
  const side: Prisma.AssignmentWhereInput[] = person.unitId ? [{ unitId: person.unitId }] : [];
  if (person.role === 'leader') {
    const { email } = await db.person.findUniqueOrThrow({ where: { id: person.id }, select: { email: true } });
    // The address as the unit typed it at 签收 is compared as the registry holds it, and in lower case.
    const named = [...new Set([email, email.toLowerCase()])].map((e) => ({ ackResponsible: { path: ['email'], equals: e } }));
    side.push({ unit: { leaderId: person.id } }, ...named);
  }
  return side.length ? { OR: side } : { id: { in: [] } };
}

/**
 * Who may read a plan of the office without changing it: its coordinators, and the leaders of the leading group (领导小组),
 * who see every plan of their office (dashboards, the review queue, the ranking) read-only; every write still asks
 * requireCoordinator, so a leader's is refused with 403.
 */
export function requirePlanReader<P extends TPerson>(person: P | null): P {
  if (!person) throw new AppError('UNAUTHENTICATED');
  if (!isCoordinator(person) && person.role !== 'leader') throw new AppError('FORBIDDEN', say('coordinatorsOnly'));
  return person;
}

/**
 * Who may open the list of plans: a coordinator, or a leader of an office (the leading group), who reads its plans; a
 * leader who only supervises units belongs to no office and has no plans here (the menu offers them none).
 */
export function requirePlanListReader<P extends TPerson>(person: P | null): P {
  const reader = requirePlanReader(person);
  if (!isCoordinator(reader) && !reader.unitId) throw new AppError('FORBIDDEN', say('coordinatorsOnly'));
  return reader;
}

/** The plans a reader sees: a leader, those of their office, as a coordinator of the same unit would. */
export function readablePlanScope(person: TPerson): Prisma.PlanWhereInput {
  return person.role === 'leader' ? planScope({ ...person, role: 'coordinator' }) : planScope(person);
}

/** A plan the person may read: one they coordinate, or, for a leader, one of their office. */
export async function findPlanToRead(db: Db, person: TPerson | null, planId: string) {
  const p = requirePlanReader(person);
  const plan = await db.plan.findFirst({ where: { AND: [{ id: planId }, readablePlanScope(p)] } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  return plan;
}

/** A plan the person coordinates. */
export async function findPlanFor(db: Db, person: TPerson | null, planId: string) {
  const p = requireCoordinator(person);
  const plan = await db.plan.findFirst({ where: { AND: [{ id: planId }, planScope(p)] } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  return plan;
}

/** A measure of a plan the person coordinates (of `planId`, when given), with the ids that name its workflow. */
export async function findMeasureFor(db: Db, person: TPerson | null, measureId: string, planId?: string) {
  const p = requireCoordinator(person);
  const measure = await db.measure.findFirst({
    where: { id: measureId, ...(planId === undefined ? {} : { planId }), plan: planScope(p) },
    select: MEASURE_REF,
  });
  if (!measure) throw new AppError('NOT_FOUND', say('noSuchMeasure'));
  return measure;
}

/** An assignment within the person's scope, with the ids that name its measure's workflow. */
export async function findAssignmentFor(db: Db, person: TPerson, assignmentId: string) {
  const assignment = await db.assignment.findFirst({
    where: { AND: [{ id: assignmentId }, assignmentScope(person)] },
    include: { measure: { select: MEASURE_REF } },
  });
  if (!assignment) throw new AppError('NOT_FOUND', say('noSuchItem'));
  return assignment;
}

/**
 * An assignment of the person's own unit: only its people report on it or ask for more time; a leader or coordinator
 * who may read it is told so, anyone else finds nothing.
 */
export async function findOwnAssignment(db: Db, person: TPerson, assignmentId: string) {
  const assignment = await findAssignmentFor(db, person, assignmentId);
  if (person.unitId !== assignment.unitId) throw new AppError('FORBIDDEN', say('onlyOwnUnitReports'));
  return assignment;
}
