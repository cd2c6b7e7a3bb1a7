import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export type OutgoingMail = { to: string[]; subject: string; html: string; text: string; headers?: Record<string, string> };
export type Mailer = { send: (mail: OutgoingMail) => Promise<{ messageId: string }>; close: () => void };

/** Sends through nodemailer to `smtpUrl` (a real server, or the built-in capture). One pooled transport per process. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const options: SMTPTransport.Options & { url: string } = {
    url: smtpUrl,
    // The capture speaks plain SMTP on loopback; a real server's URL says smtps:// when it wants TLS.
    ignoreTLS: /^smtp:\/\/(127\.0\.0\.1|localhost)[:/]/.test(smtpUrl),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  const transport = nodemailer.createTransport(options, { from });
  return {
    async send(mail) {
      const info = await transport.sendMail({ ...mail, from, to: mail.to.join(', ') });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
