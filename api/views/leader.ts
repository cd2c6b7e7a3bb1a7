import { z } from 'zod';
import type { Db } from '../../prisma/client';
import type { TActor } from '../auth/actor';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { loadWorkingDaysLeft } from './days-left';
import { loadItem, ZItemSchema } from './item';
import { WHOLE_PERIOD } from '../../scoring/types';

export const ZLeaderOverviewSchema = z.object({
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      scores: z.array(z.object({ planId: z.string(), planTitle: z.string(), points: z.number(), maxPoints: z.number(), grade: z.string(), computedAt: z.string() })),
      assignments: z.number().int(),
      overdue: z.number().int(),
      escalated: z.number().int(),
    }),
  ),
  items: z.array(ZItemSchema).describe('overdue or escalated items of the supervised units, each with its 督办单'),
});
export type TLeaderOverview = z.infer<typeof ZLeaderOverviewSchema>;

/**
 * For a supervising leader: each unit's scores and counts — the units with the most escalated and overdue items first,
 * those with nothing assigned last — and every overdue or escalated item with its 督办单.
 */
export async function loadLeaderOverview(db: Db, actor: TActor): Promise<TLeaderOverview> {
  if (actor.role !== 'leader' && actor.role !== 'admin') throw new AppError('FORBIDDEN', say('leadersOnly'));
  const units = await db.unit.findMany({
    where: actor.role === 'admin' ? { assignments: { some: {} } } : { leaderId: actor.id },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  const unitIds = units.map((u) => u.id);
  const [scores, counts, flagged] = await Promise.all([
    db.score.findMany({ where: { year: WHOLE_PERIOD, scope: 'unit', subjectId: { in: unitIds } }, include: { plan: { select: { title: true } } }, orderBy: { computedAt: 'desc' } }),
    db.assignment.groupBy({ by: ['unitId', 'colour'], where: { unitId: { in: unitIds } }, _count: { _all: true } }),
    db.assignment.findMany({
      // Open items only: one escalated earlier and done since needs no leader's attention.
      where: { unitId: { in: unitIds }, status: { notIn: ['cancelled', 'done'] }, OR: [{ colour: 'red' }, { escalationLevel: { gt: 0 } }] },
      orderBy: [{ escalationLevel: 'desc' }, { measure: { due: 'asc' } }],
      select: { id: true, unitId: true, escalationLevel: true },
      take: 200,
    }),
  ]);
  const daysLeft = await loadWorkingDaysLeft(db);
  const items = await Promise.all(flagged.map((a) => loadItem(db, actor, a.id, daysLeft)));
  const rows = units.map((u) => ({
    ...u,
    scores: scores
      .filter((s) => s.subjectId === u.id)
      .map((s) => ({ planId: s.planId, planTitle: s.plan.title, points: s.points, maxPoints: s.maxPoints, grade: s.grade, computedAt: s.computedAt.toISOString() })),
    assignments: counts.filter((c) => c.unitId === u.id).reduce((n, c) => n + c._count._all, 0),
    overdue: counts.filter((c) => c.unitId === u.id && c.colour === 'red').reduce((n, c) => n + c._count._all, 0),
    escalated: flagged.filter((a) => a.unitId === u.id && a.escalationLevel > 0).length,
  }));
  rows.sort((a, b) => Number(b.assignments > 0) - Number(a.assignments > 0) || b.escalated - a.escalated || b.overdue - a.overdue);
  return { units: rows, items };
}
