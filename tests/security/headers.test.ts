import type { LightMyRequestResponse } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { pageRoutes } from '../../api/pages/index';
import { launchChromium, signInThroughForm } from '../e2e/browser';
import { PASSWORD, type TSession, type TTestApp, type TWorld } from '../api/support';

let t: TTestApp;
let w: TWorld;
const sessions = {} as Record<'admin' | 'coordinator' | 'leader' | 'member', TSession>;

const it = appTest;
it.beforeAll(async ({ t: app, w: world }) => {
  t = app;
  // A route of the app that fails as a bug would, for the 500 page; added before the app first answers (the
  // sessions below are signed in by the next hook's fixtures).
  t.app.get('/fails-as-a-bug-would', { config: { app: true, page: true } }, async () => {
    throw new Error('a bug');
  });
  w = world;
  await t.db.extension.create({
    data: {
      assignmentId: w.assignmentA.id,
      period: '2026-H2',
      originalDue: new Date('2027-01-15T00:00:00Z'),
      requestedDue: new Date('2027-02-15T00:00:00Z'),
      reason: '数据尚未汇总',
      requestedAt: new Date('2026-07-11T02:00:00Z'),
      requestedById: w.memberA.id,
      key: 'headers-extension',
    },
  });
});
it.beforeAll(async ({ admin, coordinator, leaderA, memberA }) => {
  Object.assign(sessions, { admin, coordinator, leader: leaderA, member: memberA });
});

/** The policy's directives, by name. */
function directives(res: LightMyRequestResponse): Record<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

/** What every answer carries, whatever it is: a page, an error, a download, a script. */
function expectProtected(res: LightMyRequestResponse, what: string) {
  const csp = directives(res);
  expect(csp, what).toMatchObject({
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
  });
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
}

/** No script that the policy would have to allow inline: no script element without src, no handler attribute, no javascript: link. */
function expectNoInlineScript(html: string, what: string) {
  expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/gi) ?? [], what).toEqual([]);
  expect(html.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? [], what).toEqual([]);
  expect(html.match(/(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/gi) ?? [], what).toEqual([]);
}

const ids = (): Record<string, string> => ({ planId: w.plan.id, measureId: w.measure.id, assignmentId: w.assignmentA.id, extensionId: 'none', year: '2026', index: '0' });
const fill = (pattern: string) => pattern.replace(/:(\w+)/g, (_, name: string) => ids()[name] ?? name);

describe('every answer carries a strict Content-Security-Policy, nosniff, no referrer, and may not be framed', () => {
  it.each(['admin', 'coordinator', 'leader', 'member'] as const)('every page as the %s sees it, with no inline script', async (role) => {
    for (const route of pageRoutes.filter((r) => r.method === 'GET')) {
      const url = fill(route.url);
      const res = await t.app.inject({ url, headers: { cookie: sessions[role].cookie, accept: 'text/html' } });
      expectProtected(res, `${role} ${url} (${res.statusCode})`);
      if (String(res.headers['content-type']).startsWith('text/html')) expectNoInlineScript(res.body, `${role} ${url}`);
    }
  });

  it('the pages of someone not signed in: sign-in, link, and where they are sent', async () => {
    for (const url of ['/login', '/login?next=%2Fplans', '/auth/link?token=0123456789abcdef0123', '/plans', '/']) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expectProtected(res, url);
      expectNoInlineScript(res.body, url);
    }
  });

  it('error pages and error answers: not found, refused, invalid, and a failure of the server', async () => {
    const member = { cookie: sessions.member.cookie, accept: 'text/html' };
    const answers = {
      'page not found': await t.app.inject({ url: '/no-such-page', headers: member }),
      'plan not found': await t.app.inject({ url: '/plans/no-such-plan', headers: { cookie: sessions.coordinator.cookie } }),
      'API not found': await t.app.inject({ url: '/api/no-such-thing' }),
      'API unauthenticated': await t.app.inject({ url: '/api/me' }),
      'coordinators only': await t.app.inject({ url: '/plans', headers: member }),
      'form expired': await t.app.inject({ method: 'POST', url: '/logout', headers: member }),
      'invalid form': await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=' }),
      'server failure': await t.app.inject({ url: '/fails-as-a-bug-would', headers: member }),
    };
    expect(answers['server failure'].statusCode).toBe(500);
    for (const [what, res] of Object.entries(answers)) {
      expectProtected(res, what);
      if (String(res.headers['content-type']).startsWith('text/html')) expectNoInlineScript(res.body, what);
    }
  });

  it('downloads: the assessment report in every format, the html one with no inline script, and the 通报 draft', async () => {
    for (const format of ['html', 'csv', 'xlsx', 'json']) {
      const res = await t.app.inject({ url: `/api/plans/${w.plan.id}/report?format=${format}`, headers: { cookie: sessions.coordinator.cookie } });
      expect(res.statusCode, format).toBe(200);
      expectProtected(res, format);
      if (format === 'html') expectNoInlineScript(res.body, 'html report');
    }
    const notice = await t.app.inject({ url: `/api/plans/${w.plan.id}/notices/draft.docx`, headers: { cookie: sessions.coordinator.cookie } });
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-disposition']).toMatch(/^attachment;/);
    expectProtected(notice, '通报 draft');
  });

  it('static files, the API document and the probe', async () => {
    for (const url of ['/static/app.js', '/static/app.css', '/static/icon.svg', '/openapi.json', '/healthz', '/api/me']) {
      expectProtected(await t.app.inject({ url, headers: { cookie: sessions.member.cookie } }), url);
    }
  });
});

describe('in a browser that enforces the policy', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('no page breaks a rule of its policy, and the pages’ own script still works', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await signInThroughForm(page, base, 'coordinator@test.local', PASSWORD);
    for (const url of ['/plans', `/plans/${w.plan.id}`, `/plans/${w.plan.id}/measures/${w.measure.id}`, `/plans/${w.plan.id}/audit`, '/units', '/calendar', '/account', '/no-such-page']) {
      await page.goto(`${base}${url}`);
    }
    // The error page's way back is the page script's, not a javascript: link.
    await page.goto(`${base}/plans`);
    await page.goto(`${base}/no-such-page`);
    await Promise.all([page.waitForURL(`${base}/plans`), page.click('[data-back]')]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
