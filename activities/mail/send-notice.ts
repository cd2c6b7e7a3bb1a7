import type { TNoticeStep } from '../../domain/ladder';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import { sendOnce, type TSendOutcome } from './send-once';
import { renderMeasureMail } from './templates';

export type TSendNoticeInput = {
  kind: 'notice' | TNoticeStep;
  assignmentId: string;
  /** 'assign' for the assignment notice; else the period the reminder is about. */
  period: string;
  due?: string;
  periods: { key: string; due: string }[];
};

/** The assignment notice, the reminder before a report is due and the notice on the due day, to the unit's contacts. */
export function createSendNotice({ db, mailer, clock, config }: Pick<TActivityDeps, 'db' | 'mailer' | 'clock' | 'config'>) {
  return {
    async sendNotice(input: TSendNoticeInput): Promise<TSendOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      // A unit with no contact on file: the coordinating office receives its notices, told why, to pass them on.
      const redirected = ctx.contacts.length ? undefined : ('no-contact' as const);
      const facts = { ...ctx.facts, periods: input.periods, period: input.kind === 'notice' ? undefined : input.period, due: input.due, redirected };
      const to = redirected ? ctx.coordinators : ctx.contacts;
      return sendOnce(db, mailer, clock, {
        key: [input.assignmentId, input.kind, input.period, input.due].filter(Boolean).join(':'),
        assignmentId: input.assignmentId,
        step: input.kind,
        period: input.period,
        to,
        // Replies reach the coordinating office, unless it is the recipient already.
        replyTo: redirected ? undefined : ctx.coordinators,
        ...renderMeasureMail(input.kind, facts),
      });
    },
  };
}
