import { ESCALATION_LEVEL, type TEscalationStep } from '../../domain/ladder';
import { asJson, digestKey, recipient, type TOutboxMessage } from '../../outbox/messages';
import { routeMessages } from '../../outbox/route-messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from '../mail/load-mail-facts';
import type { TQueuedOutcome } from '../mail/send-notice';
import { renderMeasureMail } from '../mail/templates';

/** `rework`: the step runs against a returned report's rework deadline (退回整改), `due`, and is sent again for it. */
export type TEscalateInput = { level: TEscalationStep; assignmentId: string; period: string; due: string; workingDaysLate: number; at: string; rework?: boolean };

/**
 * 催办 to the unit's contacts, 督办 (with the 督办单) to its supervising leader, then the plan's coordinator.
 * Records the Escalation (one per assignment, level and period) and its email, in one transaction. A unit's 催办
 * about reports due the same day go as one digest; a 督办单 and a 提请协调 go each on its own.
 */
export function createEscalateAssignment({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async escalateAssignment(input: TEscalateInput): Promise<TQueuedOutcome & { recipients: string[] }> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const byLevel = { urge: ctx.contacts, supervise: ctx.leader, coordinator: ctx.coordinators };
      // No contact or no leader on file: the 催办 or the 督办单 goes to the coordinating office, as the unit's notices
      // already do, and says why; with no office on file the escalation to it falls back to the unit's contacts.
      const redirected = byLevel[input.level].length ? undefined : input.level === 'urge' ? ('no-contact' as const) : input.level === 'supervise' ? ('no-leader' as const) : undefined;
      const recipients = byLevel[input.level].length ? byLevel[input.level] : input.level === 'coordinator' ? ctx.contacts : ctx.coordinators;
      const reported = new Set(
        (await db.progressReport.findMany({ where: { assignmentId: input.assignmentId }, select: { targetValues: true } })).flatMap((r) =>
          (r.targetValues as { targetId: string }[]).map((t) => t.targetId),
        ),
      );
      const missingIndicators = ctx.targets.filter((t) => !reported.has(t.id)).map((t) => t.indicator);
      const level = ESCALATION_LEVEL[input.level];
      const facts = { ...ctx.facts, period: input.period, due: input.due, workingDaysLate: input.workingDaysLate, missingIndicators, redirected };
      const urge = input.level === 'urge';
      const message: TOutboxMessage = {
        // A returned report's rework deadline is chased again, under a source of its own.
        source: `${input.assignmentId}:${input.level}:${input.period}${input.rework ? `:rework@${input.due}` : ''}`,
        recipient: urge ? recipient.unit(ctx.unitId) : input.level === 'supervise' ? recipient.leader(ctx.unitId) : recipient.office(ctx.planId),
        channel: 'email',
        step: input.level,
        period: input.period,
        planId: ctx.planId,
        assignmentId: input.assignmentId,
        to: recipients,
        // Replies reach the coordinating office, unless it is the recipient already.
        replyTo: recipients === ctx.coordinators ? [] : ctx.coordinators,
        ...renderMeasureMail(input.level, facts),
        facts: asJson(facts),
        digestKey: urge ? digestKey.dueDay('urge', ctx.unitId, input.due) : null,
        notBefore: new Date(Date.now() + (urge ? outbox.gatherMs : 0)),
      };
      const messages = await routeMessages(db, [message]);
      // Recorded once per assignment, level and period (an existing row is kept as it is), with the level raised.
      const [, , written] = await db.$transaction([
        db.escalation.createMany({
          data: [{ assignmentId: input.assignmentId, level: input.level, period: input.period, recipients, workingDaysLate: input.workingDaysLate, sentAt: new Date(input.at) }],
          skipDuplicates: true,
        }),
        db.assignment.updateMany({ where: { id: input.assignmentId, escalationLevel: { lt: level } }, data: { escalationLevel: level } }),
        db.outboxMessage.createMany({ data: messages.map((m) => ({ to: [], replyTo: [], ...m })), skipDuplicates: true }),
      ]);
      outbox.written();
      return { queued: written.count > 0, recipients };
    },
  };
}
