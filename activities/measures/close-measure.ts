import type { TActivityDeps } from '../deps';

export type TCloseMeasureInput = { workflowId: string; measureId: string; status: 'done' | 'cancelled'; at: string };

/** Marks the measure and its open assignments done (or cancelled), and audits it once. */
export function createCloseMeasure({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async closeMeasure({ workflowId, measureId, status, at }: TCloseMeasureInput): Promise<void> {
      const m = await db.measure.findUniqueOrThrow({ where: { id: measureId }, select: { planId: true } });
      const key = `${workflowId}:${status}`;
      await db.$transaction([
        db.measure.update({ where: { id: measureId }, data: { status } }),
        db.assignment.updateMany({ where: { measureId, status: { notIn: ['done', 'cancelled'] } }, data: { status } }),
        db.auditEvent.createMany({
          data: [{ key, at: new Date(at), actorLabel: workflowId, action: `measure.${status}`, subjectType: 'measure', subjectId: measureId, planId: m.planId }],
          skipDuplicates: true,
        }),
      ]);
    },
  };
}
