import { digestKey, recipient, type TChaseDigestStep, type TOutboxMessage } from '../../outbox/messages';
import type { TMailContext } from './load-mail-facts';

/**
 * The addressing a unit's chase step shares, whatever it chases (签收, a 批示's 落实情况): to the unit's contacts, or
 * to the coordinating office when the unit has none (the office is told why), else to the plan's office; digested
 * per recipient, step and the day the item fell due, so several items of one day reach each recipient as one letter.
 */
export function unitChaseMessage(
  ctx: TMailContext,
  chase: { toUnit: boolean; step: TChaseDigestStep; day: string; gatherMs: number },
): { redirected: 'no-contact' | undefined; message: Pick<TOutboxMessage, 'recipient' | 'channel' | 'step' | 'planId' | 'to' | 'replyTo' | 'digestKey' | 'notBefore'> } {
  const redirected = chase.toUnit && !ctx.contacts.length ? ('no-contact' as const) : undefined;
  const to = chase.toUnit && !redirected ? ctx.contacts : ctx.coordinators;
  const whom = chase.toUnit ? recipient.unit(ctx.unitId) : recipient.office(ctx.planId);
  return {
    redirected,
    message: {
      recipient: whom,
      channel: 'email',
      step: chase.step,
      planId: ctx.planId,
      to,
      replyTo: to === ctx.coordinators ? [] : ctx.coordinators,
      digestKey: digestKey.chaseDay(chase.step, whom, chase.day),
      notBefore: new Date(Date.now() + chase.gatherMs),
    },
  };
}
