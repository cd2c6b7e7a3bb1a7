import { expect } from 'vitest';
import { buildApp } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { createMailer } from '../../mail/mailer';
import { appTest as test } from '../support/fixtures';

test('pages are Chinese first; ?lang=en switches to English and the choice is remembered', async ({ t, w, memberA }) => {
  const zh = await t.app.inject({ url: '/items', headers: { cookie: memberA.cookie } });
  expect(zh.body).toContain('<html lang="zh-CN">');
  expect(zh.body).toContain('我的事项');
  const en = await t.app.inject({ url: '/items?lang=en', headers: { cookie: memberA.cookie } });
  expect(en.body).toContain('<html lang="en">');
  expect(en.body).toContain('My items');
  const langCookie = String(en.headers['set-cookie']).split(';')[0]!;
  expect(langCookie).toBe('duban_lang=en');
  const later = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: `${memberA.cookie}; ${langCookie}` } });
  expect(later.body).toContain('Report progress');
  expect(later.body).toContain('Report history');
});

test('every page is laid out for phones', async ({ t, w, memberA }) => {
  const res = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  expect(res.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
  const css = await t.app.inject({ url: '/static/app.css' });
  expect(css.headers['content-type']).toContain('text/css');
  expect(css.body).toMatch(/@media \(max-width:600px\)/);
  // The tab's icon is the app's own, not a request for /favicon.ico that ends in a 404.
  expect(res.body).toContain('<link rel="icon" href="/static/icon.svg"');
  expect((await t.app.inject({ url: '/static/icon.svg' })).headers['content-type']).toBe('image/svg+xml');
});

test('my items give the same 完成时限 as the item page, the report due date being in the next step', async ({ t, w, memberA }) => {
  const list = (await t.app.inject({ url: '/items', headers: { cookie: memberA.cookie } })).body;
  const row = new RegExp(`<tr data-item="${w.assignmentA.id}">[\\s\\S]*?</tr>`).exec(list)![0];
  expect(row).toContain('<td data-label="完成时限">2026-12-31</td>');
  expect(row).toContain('提交2026年下半年进展报告（期限 2027-01-15）');
});

test('the mail capture is linked only on the embedded default', async ({ t, memberA }) => {
  const withCapture = await t.app.inject({ url: '/items', headers: { cookie: memberA.cookie } });
  expect(withCapture.body).toContain(`href="${t.capture.webUrl}"`);
  const app = await buildApp({ db: t.db, temporal: null, config: loadConfig({ SMTP_URL: 'smtp://mail.example.gov.cn:25' }), mailer: createMailer('smtp://127.0.0.1:1', 'x <x@x>'), logger: false });
  const res = await app.inject({ url: '/items', headers: { cookie: memberA.cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.body).not.toContain('邮件捕获');
  await app.close();
});

test('text from plans and reports is shown as text, never run as markup', async ({ t, w, memberA }) => {
  await t.db.measure.update({ where: { id: w.measure.id }, data: { title: '<script>alert(1)</script>整治' } });
  await t.db.progressReport.updateMany({ where: { assignmentId: w.assignmentA.id }, data: { narrative: '<img src=x onerror=alert(2)>' } });
  const res = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  expect(res.body).not.toContain('<script>alert(1)</script>');
  expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;整治');
  expect(res.body).not.toContain('<img src=x');
});

test('the item page shows what is expected next and the 督办单 of an escalated item', async ({ t, w, memberA }) => {
  const res = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  // The item is red: overdue, as its workflow coloured it.
  expect(res.body).toContain('<span id="next-step">已逾期：请尽快提交2026年下半年进展报告（期限 2027-01-15）</span>');
  expect(res.body).toContain('data-level="supervise"');
  expect(res.body).toContain('逾期工作日');
});
