import net from 'node:net';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { PASSWORD, signInPage, startTestApp, withSession, type TSession, type TTestApp, type TWorld } from '../api/support';
import { type TAppProcess } from './app-process-client';

const it = appTest;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('a form built to freeze the process', () => {
  let p: TAppProcess;
  it.beforeAll(async ({ appProcess }) => {
    p = appProcess;
  });

  /** How long each /healthz takes while `busy` is unanswered (at least one probe), Infinity for one not answered in 5 s. */
  async function probeWhile(busy: Promise<unknown>): Promise<number[]> {
    let done = false;
    void busy.finally(() => (done = true));
    const probes: number[] = [];
    do {
      const started = performance.now();
      const ok = await fetch(`${p.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
      probes.push(ok ? performance.now() - started : Infinity);
    } while (!done);
    return probes;
  }

  const post = (body: string) => {
    const started = performance.now();
    return fetch(`${p.url}/login`, { method: 'POST', headers: FORM, body, signal: AbortSignal.timeout(10_000) }).then(
      async (r) => ({ status: r.status, ms: performance.now() - started, body: await r.text() }),
      () => ({ status: 0, ms: Infinity, body: '' }),
    );
  };

  it('a 1 MiB form of one key repeated is answered within 500 ms, and /healthz within 200 ms meanwhile', async () => {
    await fetch(`${p.url}/healthz`);
    const big = post('a=&'.repeat(Math.ceil(2 ** 20 / 3)));
    const probes = await probeWhile(big);
    const answer = await big;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.ms).toBeLessThan(500);
    expect(Math.max(...probes)).toBeLessThan(200);
  });

  it('20,000 repeats of one key (59 KiB, 4 s of CPU before) are answered within 500 ms', async () => {
    const answer = await post('a=&'.repeat(20_000));
    expect(answer.status).toBeLessThan(500);
    expect(answer.ms).toBeLessThan(500);
  });
});

describe('forms and bodies', () => {
  let t: TTestApp;
  let w: TWorld;
  let coordinator: TSession;
  let member: TSession;
  it.beforeAll(async ({ t: app, w: world, coordinator: signedIn, memberA }) => {
    t = app;
    w = world;
    coordinator = signedIn;
    member = memberA;
  });

  const signInForm = async (extra: string) => {
    const { cookie, csrf } = await signInPage(t.app);
    return t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie },
      payload: `${new URLSearchParams({ _csrf: csrf, email: 'member.a@test.local', password: PASSWORD, next: `/items/${w.assignmentA.id}` })}&${extra}`,
    });
  };

  it('a field named __proto__, constructor or toString is just a field of a body without a prototype', async () => {
    const own = await startTestApp();
    try {
      // What the app's form parser hands a route, as a route of the same app sees it.
      own.app.post('/echo-form', async (req) => ({ prototype: Object.getPrototypeOf(req.body) === null ? null : 'inherited', fields: Object.entries(req.body as object) }));
      const res = await own.app.inject({ method: 'POST', url: '/echo-form', headers: FORM, payload: '__proto__=x&__proto__=y&constructor=z&toString=w&a=1' });
      expect(res.json()).toEqual({
        prototype: null,
        fields: [
          ['__proto__', ['x', 'y']],
          ['constructor', 'z'],
          ['toString', 'w'],
          ['a', '1'],
        ],
      });
    } finally {
      await own.close();
    }
  });

  it('a field named __proto__, constructor or toString changes nothing else: the form signs in as it would without it', async () => {
    for (const extra of ['__proto__=x', '__proto__=x&__proto__=y', 'constructor=x&constructor=y', 'toString=x&valueOf=y&hasOwnProperty=z', '__proto__[email]=evil@x']) {
      const res = await signInForm(extra);
      expect(res.statusCode, `${extra}: ${res.body}`).toBe(303);
      expect(res.headers.location).toBe(`/items/${w.assignmentA.id}`);
    }
  });

  it('a form with more fields than any page has, or a field name longer than any page uses, is refused as too large', async () => {
    const many = Array.from({ length: 1_001 }, (_, i) => `f${i}=1`).join('&');
    expect((await signInForm(many)).statusCode).toBe(413);
    expect((await signInForm(`${'k'.repeat(300)}=1`)).statusCode).toBe(413);
    // A form as big as the pages send is read.
    expect((await signInForm(Array.from({ length: 200 }, (_, i) => `f${i}=1`).join('&'))).statusCode).toBe(303);
  });

  it('a JSON or form body larger than a form needs is refused before a route reads it', async () => {
    const big = 'x'.repeat(2 ** 20);
    const json = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member.a@test.local', password: big } });
    expect(json.statusCode).toBe(413);
    const form = await t.app.inject({ method: 'POST', url: '/login', headers: FORM, payload: `email=a%40b.c&password=${big}` });
    expect(form.statusCode).toBe(413);
    const report = await t.app.inject({
      method: 'POST',
      url: `/api/assignments/${w.assignmentA.id}/progress`,
      headers: withSession(member),
      payload: { period: '2026-H1', status: 'in_progress', percent: 50, narrative: big, idempotencyKey: 'too-large-1' },
    });
    expect(report.statusCode).toBe(413);
  });

  it('a multipart body to a route that takes no file is refused', async () => {
    const boundary = 'x-duban';
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nmember.a@test.local\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(415);
  });

  /**
   * Sends the head of an upload that announces 12 MiB and the first KiB of it, and waits for an answer: one that
   * comes before the rest is sent was decided before any body was buffered.
   */
  async function answerToUploadHead(path: string, headers: Record<string, string>): Promise<string> {
    await t.app.listen({ port: 0, host: '127.0.0.1' }).catch((err: { code?: string }) => {
      if (err.code !== 'FST_ERR_REOPENED_SERVER') throw err;
    });
    const { port } = t.app.server.address() as net.AddressInfo;
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(answer || 'no answer before the body was sent');
      }, 3_000);
      socket.on('data', (d) => {
        answer += d.toString('latin1');
        if (answer.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(answer.split('\r\n')[0]!);
        }
      });
      socket.on('error', reject);
      const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${12 * 2 ** 20}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${head.join('\r\n')}\r\n\r\n{"text":"${'x'.repeat(1024)}`);
    });
  }

  it('an upload from nobody, or from someone who may not import, is refused before its body is read', async () => {
    expect(await answerToUploadHead('/api/plans/import', {})).toMatch(/^HTTP\/1\.1 401/);
    expect(await answerToUploadHead('/api/units/import', {})).toMatch(/^HTTP\/1\.1 401/);
    expect(await answerToUploadHead('/api/plans/import', { Cookie: member.cookie, 'X-CSRF-Token': member.csrfToken })).toMatch(/^HTTP\/1\.1 403/);
  });

  const KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'email', 'password', 'next', 'token', '_csrf', 'a', 'a[]', 'a[b]', '%', '%ZZ', ''];
  const formText = fc
    .tuple(
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string()), fc.oneof(fc.string(), fc.constantFrom('%', '%E4%B8', '%00', '+', '=', '&&', '%2F%2Fevil.example'))), { maxLength: 40 }),
      fc.constantFrom('&', '&&', ';'),
    )
    .map(([pairs, separator]) => pairs.map(([k, v]) => `${k}=${v}`).join(separator));

  it('random forms to the sign-in forms and a unit’s report form get an answer, never a failure of the server', async () => {
    await fc.assert(
      fc.asyncProperty(formText, fc.constantFrom('/login', '/login/link', '/auth/link'), async (payload, url) => {
        const res = await t.app.inject({ method: 'POST', url, headers: FORM, payload });
        expect(res.statusCode, `${url} ${payload}: ${res.body}`).toBeLessThan(500);
        expect(String(res.headers['set-cookie'] ?? '')).not.toContain('duban_session=');
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(formText, async (payload) => {
        const res = await t.app.inject({ method: 'POST', url: `/items/${w.assignmentA.id}/report`, headers: { ...FORM, cookie: member.cookie }, payload: `_csrf=${member.csrfToken}&${payload}` });
        expect(res.statusCode, `${payload}: ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('random and broken multipart bodies to the import forms get an answer, never a failure of the server', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constantFrom('text', 'file', 'year', 'again', '_csrf', '__proto__', 'constructor'), fc.string()),
      filename: fc.option(fc.oneof(fc.string(), fc.constantFrom('plan.docx', '../../etc/passwd', 'a\u0000b.txt', '计划.txt')), { nil: undefined }),
      value: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'))),
    });
    const body = fc.record({
      boundary: fc.oneof(fc.constantFrom('x', '----duban', ''), fc.string({ minLength: 1, maxLength: 70 })),
      parts: fc.array(part, { maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      close: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('/plans/import', '/units/import', '/api/plans/import'), async (b, url) => {
        const text =
          b.parts
            .map(
              (x) =>
                `--${b.boundary}\r\nContent-Disposition: form-data; name="${x.name}"${x.filename === undefined ? '' : `; filename="${x.filename}"`}\r\n\r\n${x.value}\r\n`,
            )
            .join('') + (b.close ? `--${b.boundary}--\r\n` : '');
        const payload = Buffer.from(b.cut === undefined ? text : text.slice(0, b.cut % (text.length + 1)), 'latin1');
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...withSession(coordinator), 'content-type': `multipart/form-data; boundary=${b.boundary}` },
          payload,
        });
        expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
