import { Prisma } from '../../prisma/client';
import { owePlanScores } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';

export type TCloseMeasureInput = { workflowId: string; measureId: string; status: 'done' | 'cancelled'; at: string };

/** Marks the measure and its open assignments done (or cancelled), audits it once, and owes its plan a rescoring. */
export function createCloseMeasure({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async closeMeasure({ workflowId, measureId, status, at }: TCloseMeasureInput): Promise<void> {
      const m = await db.measure.findUniqueOrThrow({ where: { id: measureId }, select: { planId: true } });
      const key = `${workflowId}:${status}`;
      // 办结: accepted by whoever accepted its last report (none, when its plan reviews nothing that closed it).
      const accepted = status === 'done'
        ? await db.progressReport.findFirst({ where: { assignment: { measureId }, review: 'accepted' }, orderBy: { reviewedAt: 'desc' }, select: { reviewedById: true } })
        : null;
      const closedById = accepted?.reviewedById ?? null;
      await db.$transaction([
        db.measure.update({ where: { id: measureId }, data: status === 'done' ? { status, closedAt: new Date(at), closedById } : { status } }),
        db.assignment.updateMany({ where: { measureId, status: { notIn: ['done', 'cancelled'] } }, data: { status } }),
        db.auditEvent.createMany({
          data: [{ key, at: new Date(at), actorId: closedById, actorLabel: workflowId, action: `measure.${status}`, subjectType: 'measure', subjectId: measureId, planId: m.planId }],
          skipDuplicates: true,
        }),
        // A retried close owes one more rescoring, which changes nothing: cheaper than finding out.
        db.$executeRaw(owePlanScores(Prisma.sql`${m.planId}`, new Date(at))),
      ]);
    },
  };
}
