import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../mail/mailer';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { waitFor } from '../support/wait-for';

describe('the built-in mail capture', () => {
  let capture: MailCapture;
  beforeAll(async () => {
    capture = await startMailCapture({});
  });
  afterAll(async () => {
    await capture.close();
  });

  it('keeps a Chinese HTML and plain-text email with all its recipients and shows it on its page', async () => {
    const mailer = createMailer(capture.smtpUrl, '督办系统 <duban@localhost>');
    await mailer.send({ to: ['a@duban.test', 'b@duban.test'], subject: '【催办】市财政局：加大经费保障', html: '<p>请于<b>3日内</b>报送</p>', text: '请于3日内报送' });
    mailer.close();
    const mail = await capture.waitFor((m) => m.subject.startsWith('【催办】'), 10_000);
    expect(mail.to).toEqual(['a@duban.test', 'b@duban.test']);
    expect(mail.text.trim()).toBe('请于3日内报送');
    expect(mail.html).toContain('<b>3日内</b>');
    const page = await (await fetch(capture.webUrl)).text();
    expect(page).toContain('【催办】市财政局：加大经费保障');
    const json = (await (await fetch(`${capture.webUrl}/api/messages`)).json()) as unknown[];
    expect(json).toHaveLength(1);
  });

  // A killed worker's socket closes (FIN); a dropped network path or a client that aborts answers with RST.
  it.each([
    ['closes its connection', (socket: net.Socket) => socket.destroy()],
    ['resets its connection', (socket: net.Socket) => socket.resetAndDestroy()],
  ])('survives a client that %s in the middle of a message', async (how, drop) => {
    const socket = net.connect(capture.smtpPort, '127.0.0.1');
    socket.on('error', () => {});
    let heard = '';
    socket.on('data', (d: Buffer) => (heard += d.toString()));
    await waitFor('the greeting', () => heard.startsWith('220'), { timeoutMs: 10_000, everyMs: 10 });
    socket.write('EHLO test\r\nMAIL FROM:<x@duban.test>\r\nRCPT TO:<y@duban.test>\r\nDATA\r\n');
    await waitFor('the capture to take the message', () => /^354 /m.test(heard), { timeoutMs: 10_000, everyMs: 10 });
    socket.write('Subject: half\r\n\r\npart');
    drop(socket);
    // The next message takes several round trips to the same server, which reads the dropped connection's end first.
    const mailer = createMailer(capture.smtpUrl, 'duban@localhost');
    const subject = `after a client that ${how}`;
    await mailer.send({ to: ['z@duban.test'], subject, html: '', text: 'still here' });
    mailer.close();
    await capture.waitFor((m) => m.subject === subject, 10_000);
    expect(capture.messages().map((m) => m.subject)).not.toContain('half');
  });

  it('keeps one message per Message-ID, counting a repeated delivery, also after a restart from its file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-capture-'));
    const storeFile = path.join(dir, 'mail.jsonl');
    let store = await startMailCapture({ storeFile });
    try {
      const mailer = createMailer(store.smtpUrl, 'duban@localhost');
      const once = { to: ['u@duban.test'], subject: '【督办】重复投递', html: '', text: 'x', headers: { 'Message-ID': '<same-step@duban.outbox>' } };
      await mailer.send(once);
      await mailer.send(once);
      await mailer.send({ ...once, subject: '另一封', headers: { 'Message-ID': '<other-step@duban.outbox>' } });
      mailer.close();
      await store.waitFor((m) => m.subject === '另一封', 10_000);
      expect(store.messages().map((m) => [m.subject, m.deliveries])).toEqual([
        ['【督办】重复投递', 2],
        ['另一封', 1],
      ]);
      expect(await (await fetch(store.webUrl)).text()).toContain('重复投递 ×2');
      await store.close();
      store = await startMailCapture({ storeFile });
      expect(store.messages().map((m) => [m.id, m.subject, m.deliveries])).toEqual([
        [1, '【督办】重复投递', 2],
        [2, '另一封', 1],
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
