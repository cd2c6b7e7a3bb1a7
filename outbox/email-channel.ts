import { isDigestKind, renderDigestMail, type TMailFacts } from '../activities/mail/templates';
import { MAILER_CONNECTIONS, MailNotStartedError, type Mailer } from '../mail/mailer';
import { DeliveryFailure, type TChannelAdapter } from './channels';
import { messageIdFor } from './digest';

/** A digest lists at most this many items; a unit with more due the same day gets several, each still readable. */
export const EMAIL_DIGEST_MAX_ITEMS = 50;

/**
 * Email, the first channel: one message is sent as it was rendered when written; several (one unit's items of one
 * kind) as the digest letter. Each delivery carries its key (X-Duban-Key) and the Message-ID derived from it, so a
 * delivery sent again after a crash is the same message, which mail stores keep once.
 */
export function emailChannel(mailer: Mailer): TChannelAdapter {
  return {
    channel: 'email',
    concurrency: MAILER_CONNECTIONS,
    maxItems: EMAIL_DIGEST_MAX_ITEMS,
    compose(messages) {
      const [first] = messages;
      if (messages.length === 1) return { subject: first!.subject, html: first!.html, text: first!.text };
      if (!isDigestKind(first!.step)) throw new Error(`no digest letter for ${first!.step}`);
      return renderDigestMail(first!.step, messages.map((m) => m.facts as TMailFacts));
    },
    async deliver(d, { deadline }) {
      if (d.to.length === 0) throw new DeliveryFailure('refused', '无收件人 / no recipients');
      try {
        const headers = { 'X-Duban-Key': d.key, 'Message-ID': messageIdFor(d.key) };
        const { messageId } = await mailer.send({ to: d.to, replyTo: d.replyTo, subject: d.subject, html: d.html, text: d.text, headers }, { deadline });
        return { receipt: messageId };
      } catch (err) {
        if (err instanceof MailNotStartedError) throw new DeliveryFailure('notStarted', err.message);
        throw err;
      }
    },
  };
}
