import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { newSecret, sha256 } from '../../services/auth/secrets';
import { launchChromium } from '../e2e/browser';
import { PASSWORD, type TTestApp, type TWorld } from '../api/support';

/**
 * Login CSRF: another site makes a victim's browser sign in as the attacker, so that what the victim then types
 * (a report, a file) lands in the attacker's account. The attacker has an account of their own: member.b.
 */
let t: TTestApp;
let w: TWorld;

const it = appTest;
it.beforeAll(async ({ t: app, w: world }) => {
  t = app;
  w = world;
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** What a browser sends with a form another site submits to ours. */
const CROSS_SITE = { ...FORM, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/' };

/** A sign-in link of the attacker's own, as the mail would have brought it. */
async function attackersLink(): Promise<string> {
  const token = newSecret();
  await t.db.loginLink.create({ data: { tokenHash: sha256(token), personId: w.memberB.id, expiresAt: new Date(Date.now() + 15 * 60_000) } });
  return token;
}

const setCookies = (res: LightMyRequestResponse): string[] => {
  const header = res.headers['set-cookie'];
  return Array.isArray(header) ? header : header ? [header] : [];
};
const signsIn = (res: LightMyRequestResponse) => setCookies(res).some((c) => c.startsWith('duban_session='));

/** The cookies a page set, as a browser sends them back, and the page's hidden _csrf field. */
function formOf(page: LightMyRequestResponse): { cookie: string; csrf: string } {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  expect(csrf, page.body).toBeDefined();
  return { cookie: setCookies(page).map((c) => c.split(';')[0]).join('; '), csrf: csrf! };
}

describe('a form another site submits signs nobody in', () => {
  it('the attacker’s sign-in link, posted by another site, is refused and stays unused', async () => {
    const token = await attackersLink();
    const res = await t.app.inject({ method: 'POST', url: '/auth/link', headers: CROSS_SITE, payload: new URLSearchParams({ token }).toString() });
    expect(res.statusCode).toBe(403);
    expect(signsIn(res)).toBe(false);
    expect((await t.db.loginLink.findUniqueOrThrow({ where: { tokenHash: sha256(token) } })).usedAt).toBeNull();
  });

  it('the attacker’s password, posted by another site, is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: CROSS_SITE,
      payload: new URLSearchParams({ email: 'member.b@test.local', password: PASSWORD, next: '/' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(signsIn(res)).toBe(false);
  });

  it('nor does the field of the attacker’s own copy of the page help: it must match this browser’s cookie', async () => {
    const attackers = formOf(await t.app.inject({ url: '/login' }));
    const victims = formOf(await t.app.inject({ url: '/login' }));
    expect(victims.csrf).not.toBe(attackers.csrf);
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...CROSS_SITE, cookie: victims.cookie },
      payload: new URLSearchParams({ _csrf: attackers.csrf, email: 'member.b@test.local', password: PASSWORD, next: '/' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(signsIn(res)).toBe(false);
  });

  it('the JSON sign-in routes refuse a body that is not JSON, all a form of another site can send', async () => {
    const token = await attackersLink();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login-link/redeem', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, payload: JSON.stringify({ token }) });
    expect(res.statusCode).toBe(400);
    expect(signsIn(res)).toBe(false);
  });
});

describe('the pages’ own forms still sign in', () => {
  it('the sign-in page sets a strict, script-proof cookie its form’s field matches', async () => {
    const page = await t.app.inject({ url: '/login' });
    const cookie = setCookies(page).find((c) => /presession=/.test(c));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const { cookie: sent, csrf } = formOf(page);
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: sent },
      payload: new URLSearchParams({ _csrf: csrf, email: 'member.a@test.local', password: PASSWORD, next: `/items/${w.assignmentA.id}` }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(signsIn(res)).toBe(true);
  });

  it('a link opened from the mail, then its button pressed, signs its owner in', async () => {
    const token = await attackersLink();
    const page = await t.app.inject({ url: `/auth/link?token=${token}` });
    const { cookie, csrf } = formOf(page);
    const res = await t.app.inject({ method: 'POST', url: '/auth/link', headers: { ...FORM, cookie }, payload: new URLSearchParams({ _csrf: csrf, token }).toString() });
    expect(res.statusCode).toBe(303);
    expect(signsIn(res)).toBe(true);
  });
});

describe('in a browser: a page on another site cannot sign the victim in', () => {
  let browser: Browser;
  let base: string;
  let evil: Server;
  let evilBase: string;
  let evilToken = '';
  beforeAll(async () => {
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // Another site: `localhost` is not the same site as `127.0.0.1`. Its page posts the attacker's link to ours.
    evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><form id="f" method="post" action="${base}/auth/link"><input type="hidden" name="token" value="${evilToken}"></form>` +
          '<script>document.getElementById("f").submit()</script>',
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilBase = `http://localhost:${(evil.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
  });

  it('the victim, who has seen our sign-in page, lands on ours signed in as nobody; their own link still works', async () => {
    evilToken = await attackersLink();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    const posted = page.waitForResponse((r) => r.url() === `${base}/auth/link` && r.request().method() === 'POST');
    await page.goto(`${evilBase}/`);
    expect((await posted).status()).toBe(403);
    const me = await page.goto(`${base}/api/me`);
    expect(me?.status()).toBe(401);
    expect((await t.db.loginLink.findUniqueOrThrow({ where: { tokenHash: sha256(evilToken) } })).usedAt).toBeNull();

    // The victim's own link, opened from the mail and its button pressed, signs the victim in.
    const own = newSecret();
    await t.db.loginLink.create({ data: { tokenHash: sha256(own), personId: w.memberA.id, expiresAt: new Date(Date.now() + 15 * 60_000) } });
    await page.goto(`${base}/auth/link?token=${own}`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/items'), page.click('form[action="/auth/link"] button[type=submit]')]);
    const signedIn = await page.goto(`${base}/api/me`);
    expect(((await signedIn?.json()) as { email: string }).email).toBe('member.a@test.local');
    await context.close();
  });
});
