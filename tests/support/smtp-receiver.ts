import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { itemsOf } from './mail-items';

/** One message as it reached the receiver. `items`: the assignments it tells of (one, or a digest's several). */
export type TSmtpAttempt = { at: number; key: string; messageId: string; subject: string; items: string[]; accepted: boolean };

export type TSmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/**
 * A bare SMTP receiver that counts what it is sent, by outbox key and Message-ID, as a mail server would take it:
 * answering each message after `acceptMs`, refusing the first `refuseFirst` with 451 (try later), and holding every
 * message in the middle of its DATA while `hold()` is in force, as a slow server does. It tolerates clients that vanish
 * mid-session, as a SIGKILLed worker does.
 */
export async function startSmtpReceiver({ acceptMs = 0, refuseFirst = 0 }: { acceptMs?: number; refuseFirst?: number } = {}) {
  /** Every message that arrived, accepted or refused. */
  const attempts: TSmtpAttempt[] = [];
  /** The messages accepted, in the order their senders were answered. */
  const received: TSmtpAttempt[] = [];
  let held: (() => void)[] = [];
  let open = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const attempt: TSmtpAttempt = {
            at: Date.now(),
            key: String(mail.headers.get('x-duban-key') ?? ''),
            messageId: mail.messageId ?? '',
            subject: mail.subject ?? '',
            items: itemsOf(mail.text ?? ''),
            accepted: attempts.length >= refuseFirst,
          };
          attempts.push(attempt);
          const answer = () => {
            if (!attempt.accepted) return callback(Object.assign(new Error('暂时无法接收 / try again later'), { responseCode: 451 }));
            received.push(attempt);
            callback();
          };
          if (!open) held.push(answer);
          else if (acceptMs > 0) setTimeout(answer, acceptMs);
          else answer();
        })
        .catch(callback);
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    attempts,
    received,
    /** How many messages wait for `release()`. */
    held: () => held.length,
    hold: () => {
      open = false;
    },
    release: () => {
      open = true;
      for (const answer of held) answer();
      held = [];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
