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

it('does not stall each message of a pooled connection on a delayed acknowledgement', async () => {
  const capture = track(await startMailCapture({}));
  const mailer = track(createMailer(capture.smtpUrl, 'duban@localhost'));
  await mailer.send(mail(0));
  const started = performance.now();
  for (let i = 1; i <= 20; i++) await mailer.send(mail(i));
  // With Nagle's algorithm on, each message waited out the receiver's 40 ms delayed ACK: 800 ms or more.
  expect(performance.now() - started).toBeLessThan(600);
});

it('replaces pooled connections the server dropped, without an unhandled error', async () => {
  const capture = track(await startMailCapture({}));
  const relay = track(await startTcpRelay({ host: '127.0.0.1', port: capture.smtpPort }));
  const mailer = track(createMailer(`smtp://127.0.0.1:${relay.port}`, 'duban@localhost'));
  await Promise.all([0, 1, 2].map((i) => mailer.send(mail(i))));
  const before = relay.connections();
  // What a server restart looks like to the pool: every connection dropped, new ones accepted again.
  relay.cut();
  relay.restore();
  await new Promise((r) => setTimeout(r, 100));
  await Promise.all([3, 4, 5].map((i) => mailer.send(mail(i))));
  expect(capture.messages().map((m) => m.text.trim()).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
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
