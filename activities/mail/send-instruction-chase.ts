import type { TInstructionStep } from '../../domain/instructions';
import { asJson, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import type { TQueuedOutcome } from './send-notice';
import { renderInstructionMail } from './templates';
import { unitChaseMessage } from './unit-chase';

export type TInstructionChaseInput = { step: TInstructionStep; instructionId: string; assignmentId: string; replyBy: string };

/**
 * A 批示 not answered by its deadline: the reminder to the unit, then the word to the coordinating office, addressed
 * and digested as 签收's chase is (unitChaseMessage). Once per instruction, unit and step.
 */
export function createSendInstructionChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendInstructionChase(input: TInstructionChaseInput): Promise<TQueuedOutcome> {
      const ctx = await loadMailContext(db, config.publicUrl, input.assignmentId);
      const ins = await db.instruction.findUniqueOrThrow({ where: { id: input.instructionId }, select: { text: true, leader: { select: { name: true } } } });
      const { redirected, message } = unitChaseMessage(ctx, { toUnit: input.step === 'instruction-reminder', step: input.step, day: input.replyBy, gatherMs: outbox.gatherMs });
      const facts = { ...ctx.facts, instructedBy: ins.leader.name, instruction: ins.text, replyBy: input.replyBy, redirected };
      const written = await writeMessages(db, [
        {
          ...message,
          source: `${input.instructionId}:${input.assignmentId}:${input.step}`,
          period: 'instruction',
          assignmentId: input.assignmentId,
          ...renderInstructionMail(input.step, facts),
          facts: asJson(facts),
        },
      ]);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}
