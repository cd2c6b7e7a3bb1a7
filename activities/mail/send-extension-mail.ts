import { shanghaiDate } from '../../calendar/working-days';
import { appLink } from '../../lib/config';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from './load-mail-facts';
import { sendOnce, type TSendOutcome } from './send-once';
import { renderExtensionMail, type TExtensionMailKind } from './templates';

export type TSendExtensionMailInput = { kind: TExtensionMailKind; extensionId: string };

/**
 * A unit's 延期 request goes to the plan's coordinating office, which decides it on the measure's page; the decision
 * goes back to the unit's contacts. Each is sent once, under the extension's own key.
 */
export function createSendExtensionMail({ db, mailer, clock, config }: Pick<TActivityDeps, 'db' | 'mailer' | 'clock' | 'config'>) {
  return {
    async sendExtensionMail({ kind, extensionId }: TSendExtensionMailInput): Promise<TSendOutcome> {
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
      const ctx = await loadMailContext(db, config.publicUrl, e.assignmentId);
      const requested = kind === 'extension-requested';
      const { measure } = e.assignment;
      const facts = {
        ...ctx.facts,
        link: requested ? appLink(config.publicUrl, `/plans/${measure.planId}/measures/${measure.id}#extensions`) : ctx.facts.link,
        period: e.period,
        originalDue: shanghaiDate(e.originalDue),
        requestedDue: shanghaiDate(e.requestedDue),
        reason: e.reason,
        requestedBy: e.requestedBy.name,
        status: e.status,
        decisionNote: e.decisionNote,
      };
      return sendOnce(db, mailer, clock, {
        key: `${e.key}:${kind}`,
        assignmentId: e.assignmentId,
        step: kind,
        period: e.period,
        // A unit with no contact on file hears of the decision through the office, as its notices do.
        to: requested || ctx.contacts.length === 0 ? ctx.coordinators : ctx.contacts,
        // The office replies to the unit that asked; the unit, to the office.
        replyTo: requested ? ctx.contacts : ctx.coordinators,
        ...renderExtensionMail(kind, facts),
      });
    },
  };
}
