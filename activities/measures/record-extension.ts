import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TExtensionState } from '../../domain/measure-state';
import { writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { extensionMessage } from '../mail/extension-mail';

export type TRecordExtensionInput =
  | ({ kind: 'request'; key: string; reason: string; requestedById: string; at: string } & TExtensionState)
  | { kind: 'decision'; key: string; status: 'approved' | 'refused'; decidedById: string; note?: string; at: string };

/**
 * Writes a 延期 request under the workflow's key, so a retry writes one row; a decision updates that row. Each is
 * written with the email that tells of it (the request to the coordinating office, the decision to the unit), so the
 * person's update is answered without waiting on a mail server.
 */
export function createRecordExtension({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async recordExtension(e: TRecordExtensionInput): Promise<void> {
      if (e.kind === 'request' && !(await db.person.findUnique({ where: { id: e.requestedById }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: e.requestedById })));
      }
      await db.$transaction(async (tx) => {
        if (e.kind === 'decision') {
          await tx.extension.update({
            where: { key: e.key },
            data: { status: e.status, decidedAt: new Date(e.at), decidedById: e.decidedById, decisionNote: e.note ?? null },
          });
        } else {
          const day = (d: string) => new Date(`${d}T00:00:00+08:00`);
          await tx.extension.upsert({
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
        }
        const { id } = await tx.extension.findUniqueOrThrow({ where: { key: e.key }, select: { id: true } });
        await writeMessages(tx, [await extensionMessage(tx, config.publicUrl, e.kind === 'request' ? 'extension-requested' : 'extension-decided', id)]);
      });
      outbox.written();
    },
  };
}
