import { shanghaiDate } from '../../calendar/working-days';
import { appLink } from '../../lib/config';
import { asJson, recipient, type TOutboxDb, type TOutboxMessage } from '../../outbox/messages';
import { loadMailContext } from './load-mail-facts';
import { renderExtensionMail, type TExtensionMailKind } from './templates';

/**
 * A unit's 延期 request goes to the plan's coordinating office, which decides it on the measure's page; the decision
 * goes back to the unit's contacts. Each is one message under the extension's own key, written with the request or
 * decision it tells of.
 */
export async function extensionMessage(db: TOutboxDb, publicUrl: string, kind: TExtensionMailKind, extensionId: string): Promise<TOutboxMessage> {
  const e = await db.extension.findUniqueOrThrow({
    where: { id: extensionId },
    select: {
      key: true,
      assignmentId: true,
      period: true,
      originalDue: true,
      requestedDue: true,
      reason: true,
      status: true,
      decisionNote: true,
      requestedBy: { select: { name: true } },
      assignment: { select: { measure: { select: { id: true, planId: true } } } },
    },
  });
  const ctx = await loadMailContext(db, publicUrl, e.assignmentId);
  const requested = kind === 'extension-requested';
  const { measure } = e.assignment;
  const facts = {
    ...ctx.facts,
    link: requested ? appLink(publicUrl, `/plans/${measure.planId}/measures/${measure.id}#extensions`) : ctx.facts.link,
    period: e.period,
    originalDue: shanghaiDate(e.originalDue),
    requestedDue: shanghaiDate(e.requestedDue),
    reason: e.reason,
    requestedBy: e.requestedBy.name,
    status: e.status,
    decisionNote: e.decisionNote,
  };
  return {
    source: `${e.key}:${kind}`,
    recipient: requested ? recipient.office(ctx.planId) : recipient.unit(ctx.unitId),
    channel: 'email',
    step: kind,
    period: e.period,
    planId: ctx.planId,
    assignmentId: e.assignmentId,
    // A unit with no contact on file hears of the decision through the office, as its notices do.
    to: requested || ctx.contacts.length === 0 ? ctx.coordinators : ctx.contacts,
    // The office replies to the unit that asked; the unit, to the office.
    replyTo: requested ? ctx.contacts : ctx.coordinators,
    ...renderExtensionMail(kind, facts),
    facts: asJson(facts),
    notBefore: new Date(),
  };
}
