import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/server';
import { isLoopbackHost, loadConfig } from '../../lib/config';
import { createMailer } from '../../mail/mailer';
import { openAppLog } from '../../stack/app-log';
import { PASSWORD, seedWorld } from '../api/support';
import { runDuban } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
const mailer = createMailer('smtp://127.0.0.1:1', '督办测试 <duban@test.local>');
const folders: string[] = [];
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedWorld(database.db);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  mailer.close();
  await database?.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** The app as `duban up` builds it on the environment given, logging into a data folder of its own. */
async function appWith(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-defaults-'));
  folders.push(dataDir);
  const config = loadConfig({ DUBAN_DATA_DIR: dataDir, ...env });
  const log = openAppLog(config);
  const app = await buildApp({ db: database.db, temporal: null, config, mailer, logger: log.logger });
  // A route of the app that fails as a bug would, for the 500 page; added before the app first answers.
  app.get('/fails-as-a-bug-would', { config: { app: true, page: true } }, async () => {
    throw new Error('a bug with a stack');
  });
  apps.push(app);
  const lines = () => {
    log.logger.flush();
    return readFileSync(log.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; reqId?: string; req?: { remoteAddress?: string }; err?: { message: string; stack: string } });
  };
  return { app, lines };
}

const setCookies = (res: LightMyRequestResponse): string[] => {
  const header = res.headers['set-cookie'];
  return Array.isArray(header) ? header : header ? [header] : [];
};

async function cookiesOf(app: FastifyInstance): Promise<string[]> {
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member.a@test.local', password: PASSWORD } });
  expect(signIn.statusCode).toBe(200);
  const lang = await app.inject({ url: '/login?lang=en' });
  return [...setCookies(signIn), ...setCookies(lang)];
}

describe('cookies are Secure whenever the app is reached over https', () => {
  it('PUBLIC_URL https: every cookie is Secure', async () => {
    const { app } = await appWith({ PUBLIC_URL: 'https://duban.example.gov.cn' });
    const cookies = await cookiesOf(app);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) expect(c, c).toMatch(/;\s*Secure(;|$)/i);
  });

  it('PUBLIC_URL http: not Secure (a browser would drop them), unless DUBAN_SECURE_COOKIES says TLS ends in front', async () => {
    const plain = await cookiesOf((await appWith({ PUBLIC_URL: 'http://duban.internal' })).app);
    for (const c of plain) expect(c, c).not.toMatch(/;\s*Secure/i);
    const flagged = await cookiesOf((await appWith({ PUBLIC_URL: 'http://duban.internal', DUBAN_SECURE_COOKIES: 'true' })).app);
    for (const c of flagged) expect(c, c).toMatch(/;\s*Secure(;|$)/i);
  });

  it('DUBAN_SECURE_COOKIES=false beside an https PUBLIC_URL is refused as a contradiction', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'https://duban.example.gov.cn', DUBAN_SECURE_COOKIES: 'false' })).toThrow(/DUBAN_SECURE_COOKIES/);
  });
});

describe('X-Forwarded-For is believed only from the proxies TRUST_PROXY names', () => {
  const forwarded = { 'x-forwarded-for': '203.0.113.9' };
  const addressLogged = async (env: Record<string, string>) => {
    const { app, lines } = await appWith({ LOG_LEVEL: 'info', ...env });
    expect((await app.inject({ url: '/login', headers: forwarded })).statusCode).toBe(200);
    return lines().find((l) => l.msg === 'incoming request')?.req?.remoteAddress;
  };

  it('by default the address is the connection’s: anyone could write the header', async () => {
    expect(await addressLogged({})).toBe('127.0.0.1');
  });

  it('with TRUST_PROXY naming the proxy, the address it forwarded; naming another, still the connection’s', async () => {
    expect(await addressLogged({ TRUST_PROXY: '127.0.0.1' })).toBe('203.0.113.9');
    expect(await addressLogged({ TRUST_PROXY: '10.0.0.0/8, ::1' })).toBe('127.0.0.1');
  });

  it('TRUST_PROXY takes addresses and ranges, not "trust everyone"', () => {
    for (const value of ['true', '*', '0.0.0.0/0', 'proxy.example']) expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
  });
});

describe('logs: LOG_LEVEL, and the request id a 500 page shows', () => {
  it('a failure of the server is logged with its stack under the id the page shows, different for each request', async () => {
    const { app, lines } = await appWith({ LOG_LEVEL: 'warn' });
    const ids: string[] = [];
    for (const _ of [1, 2]) {
      const res = await app.inject({ url: '/fails-as-a-bug-would', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('a bug with a stack');
      const id = /<code id="request-id">([^<]+)<\/code>/.exec(res.body)?.[1];
      expect(id, res.body).toBeDefined();
      ids.push(id!);
    }
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      const logged = lines().find((l) => l.reqId === id && l.level >= 50);
      expect(logged?.err?.message).toBe('a bug with a stack');
      expect(logged?.err?.stack).toContain('defaults.test.ts');
    }
  });

  it('LOG_LEVEL chooses what is written: warn and error keep only problems, info and debug add each request', async () => {
    const count = async (level: string) => {
      const { app, lines } = await appWith({ LOG_LEVEL: level });
      await app.inject({ url: '/login' });
      return lines().filter((l) => l.msg === 'request completed').length;
    };
    expect(await count('warn')).toBe(0);
    expect(await count('error')).toBe(0);
    expect(await count('info')).toBe(1);
    expect(await count('debug')).toBe(1);
  });
});

describe('the demo, whose accounts share one known password, is reachable from this machine only', () => {
  it('loopback addresses, and only those', () => {
    for (const host of ['127.0.0.1', '127.8.0.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.20', 'duban.example.gov.cn', '::ffff:10.0.0.5', 'localhost.example']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('duban up --demo with HOST=0.0.0.0 refuses to start, before anything is started or written', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-demo-host-'));
    folders.push(dataDir);
    const r = await runDuban(['up', '--demo'], { HOST: '0.0.0.0', DUBAN_DATA_DIR: path.join(dataDir, 'data') }, 60_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/HOST/);
    expect(r.stderr).toMatch(/duban-demo|演示/);
    expect(() => readFileSync(path.join(dataDir, 'data', 'worker.log'))).toThrow();
  });
});
