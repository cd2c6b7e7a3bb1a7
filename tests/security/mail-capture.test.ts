import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../mail/mailer';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';

let capture: MailCapture;
let port: number;

beforeAll(async () => {
  capture = await startMailCapture({});
  port = Number(new URL(capture.webUrl).port);
  const mailer = createMailer(capture.smtpUrl, '督办系统 <duban@localhost>');
  await mailer.send({ to: ['unit@duban.test'], subject: '【督办】登录链接', html: '<p>一次性登录链接</p>', text: 'http://127.0.0.1:3000/auth/link?token=secret' });
  mailer.close();
  await capture.waitFor(() => true, 10_000);
});
afterAll(async () => capture?.close());

/** A request to the capture's own address that says it is for `host`: what a browser sends after a DNS rebinding. */
function get(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the mail capture answers only requests for itself on loopback', () => {
  it.each(['/', '/api/messages', '/messages/1'])('%s: to its own address, by number or as localhost', async (path) => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await get(path, host);
      expect(res.status, `${host}${path}`).toBe(200);
    }
    expect((await get('/api/messages', `127.0.0.1:${port}`)).body).toContain('token=secret');
  });

  it.each(['/', '/api/messages', '/messages/1'])('%s: refused (421) to a page of another site whose name now points here', async (path) => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost:${port + 1}`]) {
      const res = await get(path, host);
      expect(res.status, `Host: ${host}`).toBe(421);
      expect(res.body).not.toContain('token=secret');
    }
  });
});
