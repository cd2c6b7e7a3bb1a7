import { ApplicationFailure } from '@temporalio/activity';
import type { TReplyInstruction } from '../../domain/instructions';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import { asJson, recipient, writeMessages, type TOutboxMessage } from '../../outbox/messages';
import type { Db } from '../../prisma/client';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from '../mail/load-mail-facts';
import { renderInstructionMail } from '../mail/templates';

export type TRecordInstructionInput = {
  auditKey: string;
  instructionId: string;
  measureId: string;
  leaderId: string;
  actorId: string;
  text: string;
  replyBy: string;
  assignmentIds: string[];
  at: string;
};
export type TRecordInstructionReplyInput = Omit<TReplyInstruction, 'idempotencyKey'> & { auditKey: string; at: string };

/** A date column holds the calendar day: written and read as UTC midnight of it. */
const asDateColumn = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function requirePeople(db: Db, ids: string[]): Promise<Map<string, { name: string; email: string }>> {
  const found = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
  const missing = ids.find((id) => !found.some((p) => p.id === id));
  if (missing) throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: missing })));
  return new Map(found.map((p) => [p.id, p]));
}

/**
 * 领导批示 and its replies (落实情况), each projected with its audit record and the mail it owes in one transaction; the
 * audit key makes a retry a no-op. The instruction goes to each unit's contacts (the office's, told why, when a unit
 * has none); a reply goes to the leader.
 */
export function createRecordInstruction({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async recordInstruction(input: TRecordInstructionInput): Promise<void> {
      if (await db.auditEvent.findUnique({ where: { key: input.auditKey }, select: { id: true } })) return;
      const people = await requirePeople(db, [...new Set([input.leaderId, input.actorId])]);
      const leader = people.get(input.leaderId)!;
      await db.$transaction(async (tx) => {
        const { planId } = await tx.measure.findUniqueOrThrow({ where: { id: input.measureId }, select: { planId: true } });
        await tx.instruction.create({
          data: {
            id: input.instructionId,
            measureId: input.measureId,
            leaderId: input.leaderId,
            writtenById: input.actorId,
            text: input.text,
            replyBy: asDateColumn(input.replyBy),
            at: new Date(input.at),
            replies: { create: input.assignmentIds.map((assignmentId) => ({ assignmentId })) },
          },
        });
        const messages: TOutboxMessage[] = [];
        for (const assignmentId of input.assignmentIds) {
          const ctx = await loadMailContext(tx, config.publicUrl, assignmentId);
          const redirected = ctx.contacts.length ? undefined : ('no-contact' as const);
          const facts = { ...ctx.facts, instructedBy: leader.name, instruction: input.text, replyBy: input.replyBy, redirected };
          messages.push({
            source: `${input.instructionId}:${assignmentId}:instruction`,
            recipient: recipient.unit(ctx.unitId),
            channel: 'email',
            step: 'instruction',
            period: 'instruction',
            planId,
            assignmentId,
            to: redirected ? ctx.coordinators : ctx.contacts,
            replyTo: redirected ? [] : ctx.coordinators,
            ...renderInstructionMail('instruction', facts),
            facts: asJson(facts),
            notBefore: new Date(),
          });
        }
        await writeMessages(tx, messages);
        await tx.auditEvent.create({
          data: {
            key: input.auditKey,
            at: new Date(input.at),
            actorId: input.actorId,
            actorLabel: input.actorId === input.leaderId ? 'leader' : 'coordinator',
            action: 'measure.instruction',
            subjectType: 'measure',
            subjectId: input.measureId,
            planId,
            data: { instructionId: input.instructionId, leaderId: input.leaderId, text: input.text, replyBy: input.replyBy, assignmentIds: input.assignmentIds },
          },
        });
      });
      outbox.written();
    },

    async recordInstructionReply(input: TRecordInstructionReplyInput): Promise<void> {
      if (await db.auditEvent.findUnique({ where: { key: input.auditKey }, select: { id: true } })) return;
      await requirePeople(db, [input.requestedBy]);
      await db.$transaction(async (tx) => {
        const ins = await tx.instruction.findUniqueOrThrow({
          where: { id: input.instructionId },
          select: { text: true, replyBy: true, measure: { select: { planId: true } }, leader: { select: { id: true, name: true, email: true } } },
        });
        await tx.instructionReply.update({
          where: { instructionId_assignmentId: { instructionId: input.instructionId, assignmentId: input.assignmentId } },
          data: { text: input.text, attachments: input.attachments ?? [], repliedAt: new Date(input.at), repliedById: input.requestedBy },
        });
        const ctx = await loadMailContext(tx, config.publicUrl, input.assignmentId);
        const facts = { ...ctx.facts, instructedBy: ins.leader.name, instruction: ins.text, replyBy: ins.replyBy.toISOString().slice(0, 10), reply: input.text };
        await writeMessages(tx, [
          {
            source: `${input.instructionId}:${input.assignmentId}:replied`,
            recipient: recipient.person(ins.leader.id),
            channel: 'email',
            step: 'instruction-replied',
            period: 'instruction',
            planId: ins.measure.planId,
            assignmentId: input.assignmentId,
            to: [ins.leader.email],
            replyTo: ctx.contacts,
            ...renderInstructionMail('instruction-replied', facts),
            facts: asJson(facts),
            notBefore: new Date(),
          },
        ]);
        await tx.auditEvent.create({
          data: {
            key: input.auditKey,
            at: new Date(input.at),
            actorId: input.requestedBy,
            actorLabel: 'unit',
            action: 'measure.instruction-reply',
            subjectType: 'measure',
            subjectId: (await tx.assignment.findUniqueOrThrow({ where: { id: input.assignmentId }, select: { measureId: true } })).measureId,
            planId: ins.measure.planId,
            data: { instructionId: input.instructionId, assignmentId: input.assignmentId, text: input.text },
          },
        });
      });
      outbox.written();
    },
  };
}
