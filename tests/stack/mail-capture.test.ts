import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../mail/mailer';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';

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

  it('survives a client that disconnects in the middle of a message', async () => {
    const socket = net.connect(capture.smtpPort, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((r) => socket.once('data', r));
    socket.write('EHLO test\r\nMAIL FROM:<x@duban.test>\r\nRCPT TO:<y@duban.test>\r\nDATA\r\nSubject: half\r\n\r\npart');
    await new Promise((r) => setTimeout(r, 200));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const mailer = createMailer(capture.smtpUrl, 'duban@localhost');
    await mailer.send({ to: ['z@duban.test'], subject: 'after the reset', html: '', text: 'still here' });
    mailer.close();
    await capture.waitFor((m) => m.subject === 'after the reset', 10_000);
    expect(capture.messages().map((m) => m.subject)).not.toContain('half');
  });
});
