import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';

/** The plans and years that scored the person's unit, newest year first: where its results and 异议 are (show-results). */
export async function listOwnResults(db: Db, person: TPerson): Promise<{ planId: string; planTitle: string; year: number }[]> {
  if (!person.unitId) return [];
  const rows = await db.score.findMany({
    where: { scope: 'unit', subjectId: person.unitId, year: { not: 0 } },
    orderBy: [{ year: 'desc' }, { planId: 'asc' }],
    select: { planId: true, year: true, plan: { select: { title: true } } },
  });
  return rows.map((r) => ({ planId: r.planId, planTitle: r.plan.title, year: r.year }));
}
