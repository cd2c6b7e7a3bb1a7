import type { TColour } from '../../domain/measure-state';
import type { TActivityDeps } from '../deps';

export type TColourChangeInput = { key: string; measureId: string; assignmentId: string | null; from: TColour; to: TColour; reason: string; at: string };

/** Records a colour change of the measure (assignmentId null) or of one assignment, once per key. */
export function createRecordColourChange({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordColourChange(c: TColourChangeInput): Promise<void> {
      await db.$transaction([
        db.colourChange.upsert({
          where: { key: c.key },
          create: { key: c.key, measureId: c.measureId, assignmentId: c.assignmentId, from: c.from, to: c.to, reason: c.reason, at: new Date(c.at) },
          update: {},
        }),
        c.assignmentId
          ? db.assignment.update({ where: { id: c.assignmentId }, data: { colour: c.to } })
          : db.measure.update({ where: { id: c.measureId }, data: { colour: c.to } }),
      ]);
    },
  };
}
