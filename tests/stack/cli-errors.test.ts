import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../stack/temporal-server';
import { errorLines, repoRoot, runDuban } from '../support/cli';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'duban-cli-'));

/** A user error is one line naming the problem, exit 1, and never a stack trace. */
function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  const lines = errorLines(result.stderr);
  expect(lines.join('\n')).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('bad input stops with one line and exit 1', () => {
  const servers: (net.Server | http2.Http2Server)[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('a data folder that cannot be created', async () => {
    // A regular file where the folder's parent should be: refused even for root, who may write anywhere else.
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, '');
    const r = await runDuban(['units', 'import', 'seeds/registry.json'], { DUBAN_DATA_DIR: path.join(file, 'data') });
    expectOneLineError(r, /数据目录.*not writable/);
  });

  it('a data folder that is a file', async () => {
    const file = path.join(scratch, 'not-a-folder');
    writeFileSync(file, '');
    const r = await runDuban(['plan', 'status', 'any-plan'], { DUBAN_DATA_DIR: file });
    expectOneLineError(r, /数据目录.*ENOTDIR.*not writable/);
  });

  it('a data folder on a filesystem that refuses it', async () => {
    const r = await runDuban(['units', 'import', 'seeds/registry.json'], { DUBAN_DATA_DIR: '/proc/duban-data' }, 30_000);
    expectOneLineError(r, /数据目录.*not writable/);
  });

  it('a malformed registry file, naming the line at fault, before any database is opened', async () => {
    const file = path.join(scratch, 'units.csv');
    writeFileSync(file, 'type,name,contact_email\nunit,市质监局,a@b.cn\nunit,市财政局,not-an-email\n');
    const r = await runDuban(['units', 'import', file], { DUBAN_DATA_DIR: path.join(scratch, 'never') });
    expectOneLineError(r, /line 3/);
  });

  it('an unreachable DATABASE_URL', async () => {
    const port = await freePort();
    const r = await runDuban(['units', 'import', 'seeds/registry.json'], { DATABASE_URL: `postgresql://duban@127.0.0.1:${port}/duban` });
    expectOneLineError(r, /cannot reach the database/);
  });

  it('a plan id that does not exist, told before any Temporal server is looked for', async () => {
    const r = await runDuban(['plan', 'launch', 'no-such-plan'], {
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      DUBAN_DATA_DIR: path.join(scratch, 'no-plan'),
    });
    expectOneLineError(r, /计划不存在 \/ no plan no-such-plan/);
  });

  describe('a launch that finds no Temporal server at TEMPORAL_ADDRESS', () => {
    /**
     * A data folder holding the sample registry and plan, ready to launch but for a Temporal server. Made once, by the
     * command as a person would (two commands' start and a database's, the most of these cases' time), and shared: a
     * launch refused for want of Temporal changes nothing in it.
     */
    const dataDir = path.join(scratch, 'launchable');
    let planId: string;
    beforeAll(async () => {
      expect((await runDuban(['units', 'import', 'seeds/registry.json'], { DUBAN_DATA_DIR: dataDir })).code).toBe(0);
      // The office the plan belongs to, granted as an admin would (a registry grants no roles).
      const grant = ['people', 'grant', 'coordinator@duban.test', 'coordinator', '--unit', '质量强市工作领导小组办公室'];
      expect((await runDuban(grant, { DUBAN_DATA_DIR: dataDir })).code).toBe(0);
      const imported = await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--json'], { DUBAN_DATA_DIR: dataDir });
      expect(imported.code, imported.stderr).toBe(0);
      planId = (JSON.parse(imported.stdout) as { planId: string }).planId;
    }, 180_000);

    it('an unreachable TEMPORAL_ADDRESS', async () => {
      const port = await freePort();
      const r = await runDuban(['plan', 'launch', planId], { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DUBAN_DATA_DIR: dataDir });
      expectOneLineError(r, new RegExp(`无法连接 Temporal（127\\.0\\.0\\.1:${port}）.*cannot reach Temporal at 127\\.0\\.0\\.1:${port}`));
    });

    it('a TEMPORAL_ADDRESS that answers, but not as Temporal', async () => {
      // An HTTP/2 server, as gRPC speaks, that knows none of Temporal's methods.
      const server = http2.createServer((_req, res) => res.writeHead(404).end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const r = await runDuban(['plan', 'launch', planId], {
        TEMPORAL_ADDRESS: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        DUBAN_DATA_DIR: dataDir,
      });
      expectOneLineError(r, /不是可用的 Temporal 服务.*does not answer as a Temporal server/);
    });
  });

  it('a port already in use', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const port = (server.address() as net.AddressInfo).port;
    const r = await runDuban(['up'], { PORT: String(port), DUBAN_DATA_DIR: path.join(scratch, 'busy') });
    expectOneLineError(r, new RegExp(`port ${port} is already in use.*PORT`));
  });

  it('a wrong environment value names the variable', async () => {
    const r = await runDuban(['up'], { PORT: 'eighty' });
    expectOneLineError(r, /PORT/);
  });

  it('a holiday notice with a wrong day count, naming its line, before any database or Temporal is reached', async () => {
    const file = path.join(scratch, 'notice.txt');
    writeFileSync(file, '国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共4天。\n');
    const r = await runDuban(['calendar', 'set', '2027', file], { DUBAN_DATA_DIR: path.join(scratch, 'never'), TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expectOneLineError(r, /第 2 行/);
  });

  it('bad usage exits 2', async () => {
    expect((await runDuban(['units'])).code).toBe(2);
    expect((await runDuban(['plan', 'import'])).code).toBe(2);
    // The same years as the API and the calendar: 2000 to 2100.
    expect((await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--year', '1900'], { DUBAN_DATA_DIR: path.join(scratch, 'never') })).code).toBe(2);
    expect((await runDuban(['calendar', 'set', '2027'])).code).toBe(2);
    expect((await runDuban(['calendar', 'show', 'next-year'])).code).toBe(2);
    expect((await runDuban(['no-such-verb'])).code).toBe(2);
  });

  it.each(['up', 'units', 'plan', 'plan import', 'plan launch', 'calendar', 'progress submit', 'report'])(
    'duban %s --help prints its usage on stdout and exits 0',
    async (verb) => {
      const r = await runDuban([...verb.split(' '), '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`usage: duban ${verb}`));
    },
  );
});

describe('output piped into a reader that stops early', () => {
  it('ends the command quietly with exit 0, as `duban parse plan.txt --json | head` expects', async () => {
    // A parse result far larger than a pipe's buffer, whose reader goes away after the first chunk.
    const plan = readFileSync(path.join(repoRoot, 'seeds', 'sample-plan-2026.txt'), 'utf8');
    const file = path.join(scratch, 'long-plan.txt');
    writeFileSync(file, plan.repeat(60));
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'duban.mjs'), 'parse', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(code).toBe(0);
  });
});

describe('duban calendar show', () => {
  it('prints a year as the measures count it: 2027 provisional until a coordinator sets it', async () => {
    const r = await runDuban(['calendar', 'show', '2027', '--json'], { DUBAN_DATA_DIR: path.join(scratch, 'calendar-data') });
    expect(r.code, r.stderr).toBe(0);
    const year = JSON.parse(r.stdout);
    expect(year).toMatchObject({ year: 2027, set: false, provisional: true });
    expect(year.days).toContainEqual(expect.objectContaining({ date: '2027-10-01', kind: 'holiday' }));
  });
});
