import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/**
 * `replyTo`: where a recipient's reply should land. The sender address is the system's own, which nobody reads; a
 * unit answering a 催办 means to reach the office that supervises the plan.
 */
export type OutgoingMail = { to: string[]; replyTo?: string[]; subject: string; html: string; text: string; headers?: Record<string, string> };
export type Mailer = { send: (mail: OutgoingMail) => Promise<{ messageId: string }>; close: () => void };

/**
 * How the pool is sized. A few connections carry every email of the process: opening a connection per message (TCP,
 * greeting, EHLO) cost more than sending it, and the reminders of a large plan fall due together. Real servers cap
 * connections per client and messages per session, typically at about this order. A message whose pooled connection
 * the server closed under it is retried on a new one a couple of times; any other failure (server down, refused)
 * reaches `send()` at once, so the activity's retry policy and the outbox handle it.
 */
const POOL = { maxConnections: 4, maxMessages: 100, maxRequeues: 2 };

type SocketOptions = Pick<SMTPPool.Options, 'host' | 'port' | 'secure' | 'connectionTimeout'>;

/**
 * Opens the TCP connection for nodemailer (its `getSocket` hook) with Nagle's algorithm off. nodemailer writes the
 * end of a message (`\r\n.\r\n`) as a small segment of its own, which Nagle holds until the server acknowledges the
 * body, and the server delays that acknowledgement (40 ms on Linux) because it has nothing to answer yet: every
 * message on a connection waited about 45 ms, capping a pooled connection near 20 messages a second. TLS (smtps://) is
 * still negotiated by nodemailer on top of this socket.
 */
function connectNoDelay(options: SocketOptions, callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void): void {
  const socket = net.connect({ host: options.host || 'localhost', port: Number(options.port) || (options.secure ? 465 : 587) });
  socket.setNoDelay(true);
  const fail = (err: Error) => {
    clearTimeout(timer);
    socket.destroy();
    callback(err);
  };
  const timer = setTimeout(() => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), options.connectionTimeout ?? 10_000);
  socket.once('error', fail);
  socket.once('connect', () => {
    clearTimeout(timer);
    socket.removeListener('error', fail);
    callback(null, { connection: socket });
  });
}

/** Sends through nodemailer to `smtpUrl` (a real server, or the built-in capture). One pooled transport per process. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const options: SMTPPool.Options & { url: string; maxRequeues: number } = {
    url: smtpUrl,
    pool: true,
    ...POOL,
    getSocket: connectNoDelay,
    // The capture speaks plain SMTP on loopback; a real server's URL says smtps:// when it wants TLS.
    ignoreTLS: /^smtp:\/\/(127\.0\.0\.1|localhost)[:/]/.test(smtpUrl),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    // Also how long a pooled connection may sit idle before this side closes it.
    socketTimeout: 20_000,
  };
  const transport = nodemailer.createTransport(options, { from });
  // A pooled connection dropped by the server (restart, idle timeout) is removed from the pool and replaced; an
  // 'error' event must not take the process down with it. Failed sends reject their own `send()`.
  transport.on('error', () => {});
  return {
    async send(mail) {
      const { replyTo, ...rest } = mail;
      const info = await transport.sendMail({ ...rest, from, to: mail.to.join(', '), ...(replyTo?.length ? { replyTo: replyTo.join(', ') } : {}) });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
