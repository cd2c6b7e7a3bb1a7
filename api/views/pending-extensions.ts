import { shanghaiDate } from '../../calendar/working-days';
import type { Db, Prisma } from '../../prisma/client';

/**
 * 延期 requests awaiting a coordinator's decision, oldest first, of the assignments `assignment` selects: the plan
 * dashboard lists its running measures', a measure's page its own.
 */
export async function loadPendingExtensions(db: Db, assignment: Prisma.AssignmentWhereInput) {
  const pending = await db.extension.findMany({
    where: { status: 'pending', assignment },
    orderBy: { requestedAt: 'asc' },
    select: {
      id: true,
      assignmentId: true,
      period: true,
      originalDue: true,
      requestedDue: true,
      reason: true,
      requestedAt: true,
      assignment: { select: { unit: { select: { name: true } }, measure: { select: { id: true, ref: true, title: true } } } },
    },
  });
  return pending.map((e) => ({
    id: e.id,
    assignmentId: e.assignmentId,
    measureId: e.assignment.measure.id,
    ref: e.assignment.measure.ref,
    title: e.assignment.measure.title,
    unit: e.assignment.unit.name,
    period: e.period,
    originalDue: shanghaiDate(e.originalDue),
    requestedDue: shanghaiDate(e.requestedDue),
    reason: e.reason,
    requestedAt: e.requestedAt.toISOString(),
  }));
}
