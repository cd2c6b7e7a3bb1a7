import type { TAcknowledgeStep } from '../../domain/measure-rules';
import { asJson, digestKey, recipient, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import type { TQueuedOutcome } from './send-notice';
import { renderAcknowledgeMail } from './templates';

export type TAcknowledgeChaseInput = { step: TAcknowledgeStep; assignmentId: string; due: string };

/**
 * 签收 not given by its deadline: the reminder to the unit's contacts (the office's, told why, when it has none), then
 * the word to the coordinating office. Once per assignment and step, digested per recipient and 签收 day.
 */
export function createSendAcknowledgeChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendAcknowledgeChase(input: TAcknowledgeChaseInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const toUnit = input.step === 'ack-reminder';
      const redirected = toUnit && !ctx.contacts.length ? ('no-contact' as const) : undefined;
      const to = toUnit && !redirected ? ctx.contacts : ctx.coordinators;
      const facts = { ...ctx.facts, ackDue: input.due, redirected };
      const whom = toUnit ? recipient.unit(ctx.unitId) : recipient.office(ctx.planId);
      const written = await writeMessages(db, [
        {
          source: `${input.assignmentId}:${input.step}`,
          recipient: whom,
          channel: 'email',
          step: input.step,
          period: 'assign',
          planId: ctx.planId,
          assignmentId: input.assignmentId,
          to,
          replyTo: to === ctx.coordinators ? [] : ctx.coordinators,
          ...renderAcknowledgeMail(input.step, facts),
          facts: asJson(facts),
          // A unit's items (the office's, of a plan) not signed for by the same day go as one letter.
          digestKey: digestKey.acknowledgeDay(input.step, whom, input.due),
          notBefore: new Date(Date.now() + outbox.gatherMs),
        },
      ]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
