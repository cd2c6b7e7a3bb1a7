import type { TNoticeStep } from '../../domain/ladder';
import { asJson, digestKey, recipient, writeMessages, type TOutboxMessage } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext, type TMailContext } from './load-mail-facts';
import { renderMeasureMail } from './templates';

export type TSendNoticeInput = {
  kind: 'notice' | TNoticeStep;
  assignmentId: string;
  /** 'assign' for the assignment notice; else the period the reminder is about. */
  period: string;
  due?: string;
  periods: { key: string; due: string }[];
};
/** `queued` is false when the step had written its message already (a retry). */
export type TQueuedOutcome = { queued: boolean };

/**
 * The assignment notice, the reminder before a report is due or the notice on the due day, to the unit's contacts, as
 * a message of the unit's digest: its notices of one plan, or its reminders (due notices) about reports due that day.
 */
export function noticeMessage(ctx: TMailContext, input: TSendNoticeInput, notBefore: Date): TOutboxMessage {
  // A unit with no contact on file: the coordinating office receives its notices, told why, to pass them on.
  const redirected = ctx.contacts.length ? undefined : ('no-contact' as const);
  const facts = { ...ctx.facts, periods: input.periods, period: input.kind === 'notice' ? undefined : input.period, due: input.due, redirected };
  return {
    source: [input.assignmentId, input.kind, input.period, input.due].filter(Boolean).join(':'),
    recipient: recipient.unit(ctx.unitId),
    channel: 'email',
    step: input.kind,
    period: input.period,
    planId: ctx.planId,
    assignmentId: input.assignmentId,
    to: redirected ? ctx.coordinators : ctx.contacts,
    // Replies reach the coordinating office, unless it is the recipient already.
    replyTo: redirected ? [] : ctx.coordinators,
    ...renderMeasureMail(input.kind, facts),
    facts: asJson(facts),
    digestKey: input.kind === 'notice' ? digestKey.notice(ctx.planId, ctx.unitId) : digestKey.dueDay(input.kind, ctx.unitId, input.due!),
    notBefore,
  };
}

export function createSendNotice({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendNotice(input: TSendNoticeInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const written = await writeMessages(db, [noticeMessage(ctx, input, new Date(Date.now() + outbox.gatherMs))]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
