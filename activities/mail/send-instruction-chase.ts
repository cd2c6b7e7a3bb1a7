import type { TInstructionStep } from '../../domain/instructions';
import { asJson, recipient, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import type { TQueuedOutcome } from './send-notice';
import { renderInstructionMail } from './templates';

export type TInstructionChaseInput = { step: TInstructionStep; instructionId: string; assignmentId: string; replyBy: string };

/**
 * A 批示 not answered by its deadline: the reminder to the unit's contacts (the office's, told why, when it has none),
 * then the word to the coordinating office. Once per instruction, unit and step.
 */
export function createSendInstructionChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendInstructionChase(input: TInstructionChaseInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const ins = await db.instruction.findUniqueOrThrow({ where: { id: input.instructionId }, select: { text: true, leader: { select: { name: true } } } });
      const toUnit = input.step === 'instruction-reminder';
      const redirected = toUnit && !ctx.contacts.length ? ('no-contact' as const) : undefined;
      const to = toUnit && !redirected ? ctx.contacts : ctx.coordinators;
      const facts = { ...ctx.facts, instructedBy: ins.leader.name, instruction: ins.text, replyBy: input.replyBy, redirected };
      const written = await writeMessages(db, [
        {
          source: `${input.instructionId}:${input.assignmentId}:${input.step}`,
          recipient: toUnit ? recipient.unit(ctx.unitId) : recipient.office(ctx.planId),
          channel: 'email',
          step: input.step,
          period: 'instruction',
          planId: ctx.planId,
          assignmentId: input.assignmentId,
          to,
          replyTo: to === ctx.coordinators ? [] : ctx.coordinators,
          ...renderInstructionMail(input.step, facts),
          facts: asJson(facts),
          notBefore: new Date(),
        },
      ]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
