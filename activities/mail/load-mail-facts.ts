import type { Db } from '../../prisma/client';
import type { TMailFacts } from './templates';

export type TMailContext = { facts: TMailFacts; contacts: string[]; leader: string[]; coordinators: string[] };

const emails = (people: { email: string }[]) => [...new Set(people.map((p) => p.email))].sort();

/** What an email about one assignment says, and who may receive it. */
export async function loadMailContext(db: Db, publicUrl: string, assignmentId: string): Promise<TMailContext> {
  const a = await db.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    include: {
      unit: { include: { people: { where: { isContact: true } }, leader: true } },
      measure: { include: { plan: true, targets: { orderBy: { position: 'asc' } } } },
    },
  });
  const plan = a.measure.plan;
  const coordinators = plan.coordinatorUnitId
    ? await db.person.findMany({
        where: { unitId: plan.coordinatorUnitId, OR: [{ isContact: true }, { role: 'coordinator' }] },
        select: { email: true },
      })
    : [];
  return {
    facts: {
      planTitle: plan.title,
      measureRef: a.measure.ref,
      measureTitle: a.measure.title,
      measureText: a.measure.text,
      unitName: a.unit.name,
      role: a.role,
      link: `${publicUrl.replace(/\/$/, '')}/items/${a.id}`,
      targets: a.measure.targets.map((t) => ({ text: t.text })),
      periods: [],
      leaderName: a.unit.leader?.name ?? null,
    },
    contacts: emails(a.unit.people),
    leader: a.unit.leader ? [a.unit.leader.email] : [],
    coordinators: emails(coordinators),
  };
}
