import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { PASSWORD, sessionCookie, signIn, signInPage, withSession } from './support';


describe('password sign-in', () => {
  test('sets an HttpOnly, SameSite=Lax session cookie and stores only a scrypt hash', async ({ t, w }) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'MEMBER.A@test.local', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^duban_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(res.json().person.email).toBe('member.a@test.local');
    const person = await t.db.person.findUniqueOrThrow({ where: { id: w.memberA.id } });
    expect(person.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(person.passwordHash).not.toContain(PASSWORD);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect(await t.db.session.count({ where: { id: token } })).toBe(0);
  });

  test('a wrong password and an unknown email get the same 401', async ({ t }) => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member.a@test.local', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@test.local', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  test('signing out ends the session on the server', async ({ t }) => {
    const s = await signIn(t.app, 'member.a@test.local');
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: withSession(s) });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  test('a page asked for without a session sends the browser to sign in and back', async ({ t, w }) => {
    const res = await t.app.inject({ url: `/items/${w.assignmentA.id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/items/${w.assignmentA.id}`)}`);
  });

  test('the sign-in form posts back to the page the person wanted, never off-site', async ({ t, w }) => {
    const { cookie, csrf } = await signInPage(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({ _csrf: csrf, email: 'member.a@test.local', password: PASSWORD, next: `/items/${w.assignmentA.id}` }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/items/${w.assignmentA.id}`);
    const evil = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({ _csrf: csrf, email: 'member.a@test.local', password: PASSWORD, next: '//evil.example/x' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(evil.headers.location).toBe('/');
  });

  test('a wrong password shows the sign-in form again, the email kept, the message in the page’s language only', async ({ t, w }) => {
    const next = `/items/${w.assignmentA.id}`;
    const { cookie, csrf } = await signInPage(t.app);
    const login = (lang?: 'en') =>
      t.app.inject({
        method: 'POST',
        url: lang ? `/login?lang=${lang}` : '/login',
        payload: new URLSearchParams({ _csrf: csrf, email: 'member.a@test.local', password: 'not my password', next }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    const res = await login();
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('<form method="post" action="/login">');
    expect(res.body).toMatch(/<input id="email" name="email" type="email"[^>]*value="member.a@test.local"/);
    expect(res.body).toContain(`name="next" value="${next}"`);
    expect(res.body).toContain('id="login-problem">邮箱或密码不正确，请重新输入</p>');
    expect(res.body).not.toMatch(/wrong email|出错了/);

    const en = await login('en');
    expect(en.statusCode).toBe(401);
    expect(en.body).toContain('id="login-problem">Wrong email or password: try again</p>');
    expect(en.body).not.toContain('邮箱或密码不正确');
  });
});

describe('one-time sign-in link', () => {
  test('arrives by mail, signs in once, and cannot be used again', async ({ t }) => {
    const req = await t.app.inject({ method: 'POST', url: '/api/auth/login-link', payload: { email: 'member.b@test.local' } });
    expect(req.statusCode).toBe(202);
    const mail = await t.capture.waitFor((m) => m.to.includes('member.b@test.local') && m.subject.includes('登录链接'), 10_000);
    expect(mail.subject).toBe('【督办】督办系统登录链接');
    const link = /http:\/\/duban\.test\/auth\/link\?token=([\w-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1]!;

    // Opening the link only shows a button, so a mail scanner's prefetch does not use it up.
    const page = await t.app.inject({ url: `/auth/link?token=${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="token"');

    const first = await t.app.inject({ method: 'POST', url: '/api/auth/login-link/redeem', payload: { token } });
    expect(first.statusCode).toBe(200);
    expect(first.json().person.email).toBe('member.b@test.local');
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: sessionCookie(first) } });
    expect(me.json().unit.name).toBe('区教育局');

    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login-link/redeem', payload: { token } });
    expect(again.statusCode).toBe(401);
  });

  test('an unknown address gets the same answer and no mail', async ({ t }) => {
    const before = t.capture.messages().length;
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login-link', payload: { email: 'stranger@test.local' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    // The route answers after its mail, if any, is received: a known address's mail would be here already.
    expect(t.capture.messages().length).toBe(before);
  });
});

describe('CSRF protection', () => {
  test('a cookie-authenticated POST without the session’s token is refused', async ({ t }) => {
    const s = await signIn(t.app, 'member.a@test.local');
    const none = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: s.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: s.cookie, 'x-csrf-token': 'a'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    const right = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: withSession(s) });
    expect(right.statusCode).toBe(201);
  });

  test('a page form post needs the hidden _csrf field, and the pages carry it', async ({ t }) => {
    const s = await signIn(t.app, 'member.a@test.local');
    const page = await t.app.inject({ url: '/account', headers: { cookie: s.cookie } });
    expect(page.body).toContain(`name="_csrf" value="${s.csrfToken}"`);
    // The account says what the person is in words, not the stored role id.
    expect(page.body).toContain('member.a@test.local · 承办单位人员');
    const form = (extra: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/account/tokens',
        payload: new URLSearchParams({ name: '对接', ...extra }).toString(),
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const forged = await form({});
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toContain('text/html');
    expect(forged.body).toContain('页面已过期');
    const ok = await form({ _csrf: s.csrfToken });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/<code id="new-token">[\w-]{40,}<\/code>/);
  });
});

describe('API tokens', () => {
  test('act as their person without CSRF, and stop working when revoked', async ({ t }) => {
    const s = await signIn(t.app, 'member.a@test.local');
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: '统计系统' }, headers: withSession(s) });
    const { id, token } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ url: '/api/me', headers: bearer });
    expect(me.json().email).toBe('member.a@test.local');
    expect(me.json().csrfToken).toBeNull();
    // A token cannot mint another (tests/security/sessions.test.ts); the person revokes it signed in.
    const post = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'second' }, headers: bearer });
    expect(post.statusCode).toBe(403);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: withSession(s) });
    expect(revoked.statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/me', headers: bearer });
    expect(after.statusCode).toBe(401);
  });

  test('a made-up or malformed bearer token is a 401, not an anonymous request', async ({ t }) => {
    for (const authorization of ['Bearer not-a-real-token', 'Basic abc']) {
      const res = await t.app.inject({ url: '/api/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  test('one person cannot revoke another’s token', async ({ t }) => {
    const a = await signIn(t.app, 'member.a@test.local');
    const b = await signIn(t.app, 'member.b@test.local');
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'a' }, headers: withSession(a) });
    const res = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${created.json().id}`, headers: withSession(b) });
    expect(res.statusCode).toBe(404);
    const still = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${created.json().token}` } });
    expect(still.statusCode).toBe(200);
  });
});

test('a person first signed in by link can set a password and then sign in with it', async ({ t, w }) => {
  const fresh = await t.db.person.create({ data: { name: '新同志', email: 'new@test.local', role: 'member', unitId: w.unitB.id } });
  const noPassword = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: fresh.email, password: 'anything at all' } });
  expect(noPassword.statusCode).toBe(401);
  await t.app.inject({ method: 'POST', url: '/api/auth/login-link', payload: { email: fresh.email } });
  const mail = await t.capture.waitFor((m) => m.to.includes(fresh.email), 10_000);
  const token = /token=([\w-]+)/.exec(mail.text)![1]!;
  const session = await t.app.inject({ method: 'POST', url: '/api/auth/login-link/redeem', payload: { token } });
  const s = { cookie: sessionCookie(session), csrfToken: session.json().csrfToken };
  const short = await t.app.inject({ method: 'POST', url: '/api/me/password', payload: { newPassword: 'short' }, headers: withSession(s) });
  expect(short.statusCode).toBe(400);
  const set = await t.app.inject({ method: 'POST', url: '/api/me/password', payload: { newPassword: 'A much longer secret' }, headers: withSession(s) });
  expect(set.statusCode).toBe(200);
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: fresh.email, password: 'A much longer secret' } });
  expect(login.statusCode).toBe(200);
});
