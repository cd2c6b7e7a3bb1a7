import type { TColour } from '../../domain/measure-state';
import type { TActivityDeps } from '../deps';

export type TColourChangeInput = { key: string; measureId: string; assignmentId: string | null; from: TColour; to: TColour; reason: string; at: string };

/** Records a colour change of the measure (assignmentId null) or of one assignment, once per key. */
export function createRecordColourChange({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordColourChange(c: TColourChangeInput): Promise<void> {
      // INSERT .. ON CONFLICT DO NOTHING: a retry keeps the row first written (two statements in the transaction, where
      // an upsert reads, inserts and reads back).
      await db.$transaction([
        db.colourChange.createMany({
          data: [{ key: c.key, measureId: c.measureId, assignmentId: c.assignmentId, from: c.from, to: c.to, reason: c.reason, at: new Date(c.at) }],
          skipDuplicates: true,
        }),
        c.assignmentId
          ? db.assignment.update({ where: { id: c.assignmentId }, data: { colour: c.to }, select: { id: true } })
          : db.measure.update({ where: { id: c.measureId }, data: { colour: c.to }, select: { id: true } }),
      ]);
    },
  };
}
