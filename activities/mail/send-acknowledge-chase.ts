import type { TAcknowledgeStep } from '../../domain/measure-rules';
import { asJson, recipient, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import type { TQueuedOutcome } from './send-notice';
import { renderAcknowledgeMail } from './templates';

export type TAcknowledgeChaseInput = { step: TAcknowledgeStep; assignmentId: string; due: string };

/**
 * 签收 not given by its deadline: the reminder to the unit's contacts (the office's, told why, when it has none), then
 * the word to the coordinating office. Once per assignment and step.
 */
export function createSendAcknowledgeChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendAcknowledgeChase(input: TAcknowledgeChaseInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const toUnit = input.step === 'ack-reminder';
      const redirected = toUnit && !ctx.contacts.length ? ('no-contact' as const) : undefined;
      const to = toUnit && !redirected ? ctx.contacts : ctx.coordinators;
      const facts = { ...ctx.facts, ackDue: input.due, redirected };
      const written = await writeMessages(db, [
        {
          source: `${input.assignmentId}:${input.step}`,
          recipient: toUnit ? recipient.unit(ctx.unitId) : recipient.office(ctx.planId),
          channel: 'email',
          step: input.step,
          period: 'assign',
          planId: ctx.planId,
          assignmentId: input.assignmentId,
          to,
          replyTo: to === ctx.coordinators ? [] : ctx.coordinators,
          ...renderAcknowledgeMail(input.step, facts),
          facts: asJson(facts),
          notBefore: new Date(),
        },
      ]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
