import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TExtensionState } from '../../domain/measure-state';
import type { TActivityDeps } from '../deps';

export type TRecordExtensionInput =
  | ({ kind: 'request'; key: string; reason: string; requestedById: string; at: string } & TExtensionState)
  | { kind: 'decision'; key: string; status: 'approved' | 'refused'; decidedById: string; note?: string; at: string };

/** Writes a 延期 request under the workflow's key, so a retry writes one row; a decision updates that row. */
export function createRecordExtension({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordExtension(e: TRecordExtensionInput): Promise<void> {
      if (e.kind === 'decision') {
        await db.extension.update({
          where: { key: e.key },
          data: { status: e.status, decidedAt: new Date(e.at), decidedById: e.decidedById, decisionNote: e.note ?? null },
        });
        return;
      }
      if (!(await db.person.findUnique({ where: { id: e.requestedById }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: e.requestedById })));
      }
      const day = (d: string) => new Date(`${d}T00:00:00+08:00`);
      await db.extension.upsert({
        where: { key: e.key },
        create: {
          id: e.id,
          key: e.key,
          assignmentId: e.assignmentId,
          period: e.period,
          originalDue: day(e.originalDue),
          requestedDue: day(e.requestedDue),
          reason: e.reason,
          requestedAt: new Date(e.at),
          requestedById: e.requestedById,
        },
        update: {},
      });
    },
  };
}
