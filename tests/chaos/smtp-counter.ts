import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { itemsOf } from '../support/mail-items';

/** `items`: the assignments the email tells of (one, or a digest's several). */
export type TReceived = { key: string; messageId: string; subject: string; items: string[] };

/**
 * A bare SMTP receiver that keeps each message's outbox key and Message-ID. It tolerates clients that vanish mid-
 * session, as a SIGKILLed worker does.
 */
export async function startSmtpCounter(): Promise<{ smtpUrl: string; received: TReceived[]; close: () => Promise<void> }> {
  const received: TReceived[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ key: String(mail.headers.get('x-duban-key') ?? ''), messageId: mail.messageId ?? '', subject: mail.subject ?? '', items: itemsOf(mail.text ?? '') });
          callback();
        })
        .catch(callback);
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { smtpUrl: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
