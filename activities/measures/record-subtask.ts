import { ApplicationFailure } from '@temporalio/activity';
import type { TAddSubtask, TSubtaskDone } from '../../domain/subtasks';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import { asJson, digestKey, recipient, writeMessages, type TOutboxDb } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from '../mail/load-mail-facts';
import { renderSubtaskMail, type TSubtaskMailKind } from '../mail/templates';

export type TRecordSubtaskInput =
  | ({ kind: 'add'; subtaskId: string; auditKey: string; at: string } & Omit<TAddSubtask, 'idempotencyKey'>)
  | ({ kind: 'done'; auditKey: string; at: string } & Omit<TSubtaskDone, 'idempotencyKey'>);

/** A date column holds the calendar day: written and read as UTC midnight of it. */
const asDateColumn = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The message a sub-task owes: to its person (the unit's contacts when none was given by email), or to the unit's
 * contacts when it is overdue. Never outside the unit.
 */
export async function writeSubtaskMail(db: TOutboxDb, publicUrl: string, subtaskId: string, kind: TSubtaskMailKind, gatherMs = 0): Promise<number> {
  const sub = await db.subtask.findUniqueOrThrow({ where: { id: subtaskId } });
  const ctx = await loadMailContext(db, publicUrl, sub.assignmentId);
  const toPerson = kind !== 'subtask-overdue' && sub.assigneeEmail !== null;
  const to = toPerson ? [sub.assigneeEmail!] : ctx.contacts;
  const facts = { ...ctx.facts, subtaskTitle: sub.title, assigneeName: sub.assigneeName, subtaskDue: sub.due.toISOString().slice(0, 10) };
  // The chase steps are digested like the other days' chases: one letter a day to each address (the key is the
  // unit's; messages to different addresses never share a delivery).
  const digested = kind === 'subtask-added' ? {} : { digestKey: digestKey.chaseDay(kind, recipient.unit(ctx.unitId), facts.subtaskDue) };
  return writeMessages(db, [
    {
      source: `${subtaskId}:${kind}`,
      recipient: toPerson ? `subtask:${subtaskId}` : recipient.unit(ctx.unitId),
      channel: 'email',
      step: kind,
      period: 'subtask',
      planId: ctx.planId,
      assignmentId: sub.assignmentId,
      to,
      replyTo: toPerson ? ctx.contacts : [],
      ...renderSubtaskMail(kind, facts),
      facts: asJson(facts),
      ...digested,
      notBefore: new Date(Date.now() + (kind === 'subtask-added' ? 0 : gatherMs)),
    },
  ]);
}

/** 分解: a sub-task added (told to its person) or marked done, each with its audit record, once per audit key. */
export function createRecordSubtask({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async recordSubtask(input: TRecordSubtaskInput): Promise<void> {
      if (await db.auditEvent.findUnique({ where: { key: input.auditKey }, select: { id: true } })) return;
      if (!(await db.person.findUnique({ where: { id: input.requestedBy }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: input.requestedBy })));
      }
      await db.$transaction(async (tx) => {
        const { measureId, measure } = await tx.assignment.findUniqueOrThrow({ where: { id: input.assignmentId }, select: { measureId: true, measure: { select: { planId: true } } } });
        let subtaskId: string;
        if (input.kind === 'add') {
          subtaskId = input.subtaskId;
          await tx.subtask.create({
            data: {
              id: subtaskId,
              assignmentId: input.assignmentId,
              title: input.title,
              assigneeName: input.assignee.name,
              assigneeEmail: input.assignee.email ?? null,
              assigneePhone: input.assignee.phone ?? null,
              due: asDateColumn(input.due),
              addedAt: new Date(input.at),
              addedById: input.requestedBy,
            },
          });
          await writeSubtaskMail(tx, config.publicUrl, subtaskId, 'subtask-added');
        } else {
          subtaskId = input.subtaskId;
          await tx.subtask.update({ where: { id: subtaskId }, data: { doneAt: new Date(input.at), doneById: input.requestedBy, doneNote: input.note ?? null } });
        }
        const { kind, auditKey: key, at, requestedBy, ...data } = input;
        await tx.auditEvent.create({
          data: { key, at: new Date(at), actorId: requestedBy, actorLabel: 'unit', action: `measure.subtask-${kind}`, subjectType: 'measure', subjectId: measureId, planId: measure.planId, data: asJson(data) },
        });
      });
      outbox.written();
    },
  };
}
