import { shanghaiDate } from '../../calendar/working-days';
import type { Db } from '../../prisma/client';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { loadDueChanges, periodsOf } from '../../services/measures/periods';
import { loadPendingExtensions } from './pending-extensions';

/**
 * One launched measure as its coordinator manages it: its units, its reporting periods with the dates in force, the
 * 延期 requests awaiting a decision, and the registry's units to assign. The caller has checked the plan's scope.
 */
export async function loadMeasureForCoordinator(db: Db, planId: string, measureId: string) {
  const m = await db.measure.findFirst({
    where: { id: measureId, planId },
    include: {
      plan: { select: { id: true, title: true, schedule: true, launchedAt: true } },
      assignments: { include: { unit: { select: { id: true, name: true } } }, orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }] },
    },
  });
  if (!m) throw new AppError('NOT_FOUND', say('noSuchMeasure'));
  const [dueChanges, pending, units, closer] = await Promise.all([
    loadDueChanges(db, [m.id]),
    loadPendingExtensions(db, { measureId: m.id }),
    db.unit.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    m.closedById ? db.person.findUnique({ where: { id: m.closedById }, select: { name: true } }) : null,
  ]);
  const startedAt = m.assignments.reduce<Date | null>((first, a) => (first && first <= a.assignedAt ? first : a.assignedAt), null) ?? m.plan.launchedAt ?? m.createdAt;
  return {
    plan: { id: m.plan.id, title: m.plan.title },
    measure: { id: m.id, ref: m.ref, title: m.title, text: m.text, status: m.status, colour: m.colour, due: shanghaiDate(m.due) },
    // 办结销号: who accepted it (or closed it, with the reason) and when.
    closed: m.closedAt ? { at: m.closedAt, by: closer?.name ?? null, reason: m.closeReason } : null,
    assignments: m.assignments.map((a) => ({ id: a.id, unitId: a.unit.id, unit: a.unit.name, role: a.role, status: a.status, colour: a.colour })),
    periods: periodsOf({ startedAt, measure: m, dueChanges: dueChanges.get(m.id) ?? [] }),
    pendingExtensions: pending,
    units,
  };
}
export type TMeasureForCoordinator = Awaited<ReturnType<typeof loadMeasureForCoordinator>>;
