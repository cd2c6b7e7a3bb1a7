import type { TAcknowledgeStep } from '../../domain/measure-rules';
import { asJson, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import type { TQueuedOutcome } from './send-notice';
import { renderAcknowledgeMail } from './templates';
import { unitChaseMessage } from './unit-chase';

export type TAcknowledgeChaseInput = { step: TAcknowledgeStep; assignmentId: string; due: string };

/**
 * 签收 not given by its deadline: the reminder to the unit, then the word to the coordinating office (unitChaseMessage).
 * Once per assignment and step, digested per recipient and 签收 day.
 */
export function createSendAcknowledgeChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendAcknowledgeChase(input: TAcknowledgeChaseInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const { redirected, message } = unitChaseMessage(ctx, { toUnit: input.step === 'ack-reminder', step: input.step, day: input.due, gatherMs: outbox.gatherMs });
      const facts = { ...ctx.facts, ackDue: input.due, redirected };
      const written = await writeMessages(db, [
        { ...message, source: `${input.assignmentId}:${input.step}`, period: 'assign', assignmentId: input.assignmentId, ...renderAcknowledgeMail(input.step, facts), facts: asJson(facts) },
      ]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
