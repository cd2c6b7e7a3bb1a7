import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { startTcpRelay } from '../support/tcp-relay';

const mail = (i: number) => ({ to: [`unit${i}@duban.test`], subject: `【提醒】第${i}项`, html: `<p>${i}</p>`, text: `${i}` });
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
function track<T extends Mailer | MailCapture | { close: () => Promise<void> }>(x: T): T {
  cleanup.push(() => x.close());
  return x;
}

it('sends many messages over a few pooled connections', async () => {
  const capture = track(await startMailCapture({}));
  const relay = track(await startTcpRelay({ host: '127.0.0.1', port: capture.smtpPort }));
  const mailer = track(createMailer(`smtp://127.0.0.1:${relay.port}`, 'duban@localhost'));
  await Promise.all(Array.from({ length: 40 }, (_, i) => mailer.send(mail(i))));
  expect(capture.messages()).toHaveLength(40);
  expect(relay.connections()).toBeLessThanOrEqual(4);
});

it('replaces pooled connections the server dropped: a send that met one fails for its caller to retry, and none is lost or doubled', async () => {
  const capture = track(await startMailCapture({}));
  const relay = track(await startTcpRelay({ host: '127.0.0.1', port: capture.smtpPort }));
  const mailer = track(createMailer(`smtp://127.0.0.1:${relay.port}`, 'duban@localhost'));
  await Promise.all([0, 1, 2].map((i) => mailer.send(mail(i))));
  const before = relay.connections();
  // What a server restart looks like to the pool: every connection dropped, new ones accepted again. The sends follow
  // at once, so some may pick a connection the pool has not yet heard close: those reject, and the caller's retry (an
  // activity's, the outbox's) goes out on a new one.
  relay.cut();
  relay.restore();
  const sendWithRetry = (i: number) => mailer.send(mail(i)).catch(() => mailer.send(mail(i)));
  await Promise.all([3, 4, 5].map(sendWithRetry));
  await Promise.all([6, 7, 8].map((i) => mailer.send(mail(i))));
  expect(capture.messages().map((m) => m.text.trim()).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  expect(relay.connections()).toBeGreaterThan(before);
});

it('fails a send while the server is down, so the caller retries, and sends again once it is back', async () => {
  const capture = await startMailCapture({});
  const mailer = track(createMailer(capture.smtpUrl, 'duban@localhost'));
  await mailer.send(mail(1));
  const started = Date.now();
  await capture.close();
  // The capture drops the pooled connection on close instead of keeping a stopped server half-open.
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(mailer.send(mail(2))).rejects.toThrow();
  const again = track(await startMailCapture({ smtpPort: capture.smtpPort }));
  await mailer.send(mail(3));
  expect(again.messages().map((m) => m.text.trim())).toEqual(['3']);
});

/** An SMTP receiver that takes `acceptMs` to accept each message, recording every delivery's Message-ID. */
async function startSlowReceiver(acceptMs: number) {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => setTimeout(() => (received.push(m.messageId ?? ''), callback()), acceptMs))
        .catch(callback);
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// Issue 20, item 11: whoever sends gives up on an attempt after a while and tries again (an activity's timeout, a
// delivery's lease). A message still waiting for a pooled connection when the caller gives up must not go out
// later beside the retry: the send holds its own deadline, which covers the wait in the queue.
it('sends a message held behind the pool past its deadline not at all, so the retry is its one delivery', async () => {
  const receiver = track(await startSlowReceiver(600));
  const mailer = track(createMailer(receiver.url, 'duban@localhost'));
  /** The caller's patience for one attempt, and the deadline it gives the send: one message's exchange fits between. */
  const GIVE_UP_MS = 1_500;
  const START_WITHIN_MS = 400;
  const attempts = new Map<number, number>();
  const started: Promise<unknown>[] = [];
  const deliver = async (i: number) => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      attempts.set(i, attempt);
      const send = mailer.send({ ...mail(i), headers: { 'Message-ID': `<m${i}@duban.test>` } }, { deadline: Date.now() + START_WITHIN_MS });
      started.push(send.catch(() => {}));
      const outcome = await Promise.race([send.then(() => 'sent'), new Promise((r) => setTimeout(r, GIVE_UP_MS, 'gave up'))]).catch(() => 'failed');
      if (outcome === 'sent') return;
    }
    throw new Error(`message ${i} was never sent`);
  };
  // Twelve messages on four connections, 600 ms each: the last four would wait 1.2 s for a connection.
  await Promise.all(Array.from({ length: 12 }, (_, i) => deliver(i)));
  // Every attempt given up on has ended too (the mailer sends only inside a send), so no stray can arrive later.
  await Promise.all(started);
  expect([...receiver.received].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `<m${i}@duban.test>`).sort());
  // Some had to be tried again: the test would not show anything if every message found a connection at once.
  expect([...attempts.values()].some((n) => n > 1)).toBe(true);
}, 60_000);
