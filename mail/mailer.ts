import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/**
 * `replyTo`: where a recipient's reply should land. The sender address is the system's own, which nobody reads; a
 * unit answering a 催办 means to reach the office that supervises the plan.
 */
export type OutgoingMail = { to: string[]; replyTo?: string[]; subject: string; html: string; text: string; headers?: Record<string, string> };
/**
 * `deadline` (epoch ms): the latest instant the message may start going out. A message still waiting for a pooled
 * connection then is not sent at all and the send rejects with `MailNotStartedError`, so a caller that gives up on
 * the attempt soon after (an activity's timeout, a delivery's lease) can try again without the first attempt
 * reaching the server beside the second.
 */
export type TSendOptions = { deadline?: number };
export type Mailer = { send: (mail: OutgoingMail, options?: TSendOptions) => Promise<{ messageId: string }>; close: () => void };

/** The message never left: it waited for a connection past its deadline. Safe to try again. */
export class MailNotStartedError extends Error {
  constructor(waitedMs: number) {
    super(`邮件在发送队列中等待 ${waitedMs} ms 未能发出 / the message waited ${waitedMs} ms for an SMTP connection and was not sent`);
    this.name = 'MailNotStartedError';
  }
}

/**
 * How the pool is sized. A few connections carry every email of the process: opening a connection per message (TCP,
 * greeting, EHLO) cost more than sending it, and the reminders of a large plan fall due together. Real servers cap
 * connections per client and messages per session, typically at about this order. A message whose pooled connection
 * the server closed under it is retried on a new one a couple of times; any other failure (server down, refused)
 * reaches `send()` at once, so the activity's retry policy and the outbox handle it.
 */
const POOL = { maxConnections: 4, maxMessages: 100, maxRequeues: 2 };
/** Messages a mailer sends at once: one per pooled connection. */
export const MAILER_CONNECTIONS = POOL.maxConnections;

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

/**
 * At most `size` holders at once; a waiter gives up at its deadline. The mailer hands nodemailer no more messages
 * than it has connections, so a message never waits inside nodemailer's queue, where it could not be taken back.
 */
function slots(size: number) {
  let free = size;
  const waiting: { grant: () => void }[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next.grant();
    else free++;
  };
  return {
    /** Resolves with `release` once a slot is held, or with null at `deadline`. */
    acquire(deadline = Infinity): Promise<(() => void) | null> {
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => {
        const waiter = { grant: () => (clearTimeout(timer), resolve(release)) };
        const timer = Number.isFinite(deadline)
          ? setTimeout(() => {
              waiting.splice(waiting.indexOf(waiter), 1);
              resolve(null);
            }, Math.max(0, deadline - Date.now()))
          : undefined;
        waiting.push(waiter);
      });
    },
  };
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
  const connections = slots(POOL.maxConnections);
  return {
    async send(mail, { deadline } = {}) {
      const queued = Date.now();
      const release = await connections.acquire(deadline);
      if (!release) throw new MailNotStartedError(Date.now() - queued);
      try {
        const { replyTo, ...rest } = mail;
        const info = await transport.sendMail({ ...rest, from, to: mail.to.join(', '), ...(replyTo?.length ? { replyTo: replyTo.join(', ') } : {}) });
        return { messageId: String(info.messageId) };
      } finally {
        release();
      }
    },
    close: () => transport.close(),
  };
}
