import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';

/** A TCP relay in front of the capture that counts connections and can drop every one of them, as a server restart does. */
async function startRelay(port: number) {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => connections,
    dropAll: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

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
  const relay = track(await startRelay(capture.smtpPort));
  const mailer = track(createMailer(relay.url, 'duban@localhost'));
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
  const relay = track(await startRelay(capture.smtpPort));
  const mailer = track(createMailer(relay.url, 'duban@localhost'));
  await Promise.all([0, 1, 2].map((i) => mailer.send(mail(i))));
  const before = relay.connections();
  relay.dropAll();
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
