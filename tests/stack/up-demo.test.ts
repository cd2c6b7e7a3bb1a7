import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TCapturedMail } from '../../stack/mail-capture';
import { errorLines, repoRoot, runDuban } from '../support/cli';
import { ports, processesUsing, startUp, stopUp } from '../support/up';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-up-demo-'));
const plansDir = path.join(repoRoot, '..', 'shared', 'plans');
const shapingbaPlan = path.join(plansDir, readdirSync(plansDir).find((f) => f.startsWith('004_') && f.endsWith('.txt'))!);

describe.sequential('duban up --demo --plan FILE --registry FILE', { timeout: 400_000 }, () => {
  afterAll(() => {
    for (const line of processesUsing(dataDir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  });

  it('refuses --plan without --demo, and a plan or registry it cannot use, before starting anything', async () => {
    const env = { ...(await ports()), DUBAN_DATA_DIR: path.join(dataDir, 'never') };
    const bare = await runDuban(['up', '--plan', shapingbaPlan], env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--plan and --registry go with --demo');

    const missing = await runDuban(['up', '--demo', '--plan', path.join(dataDir, 'no-such-plan.txt')], env);
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([expect.stringMatching(/cannot read .*no-such-plan\.txt: ENOENT/)]);

    const notAPlan = path.join(dataDir, 'notes.txt');
    writeFileSync(notAPlan, '会议纪要\n今天讨论了质量工作。\n');
    const empty = await runDuban(['up', '--demo', '--plan', notAPlan], env);
    expect(empty.code).toBe(1);
    expect(errorLines(empty.stderr)).toEqual([expect.stringMatching(/notes\.txt：.*no measures found/)]);

    const badRegistry = path.join(dataDir, 'units.json');
    writeFileSync(badRegistry, JSON.stringify({ units: [{ name: '区市场监管局', contacts: [{ name: '刘畅', email: 'not-an-email' }] }] }));
    const refused = await runDuban(['up', '--demo', '--plan', shapingbaPlan, '--registry', badRegistry], env);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([expect.stringMatching(/units\[0\] \(区市场监管局\) contacts\.0\.email/)]);
    // Nothing started: not even the data folder was made.
    expect(readdirSync(dataDir)).not.toContain('never');
  });

  it('runs 沙坪坝区’s plan of 2019 with its registry: notices to its units and 镇街, its own dates, a coordinator who sees it', async () => {
    const env = { ...(await ports()), DUBAN_DATA_DIR: dataDir, DUBAN_DEMO_DAY_SECONDS: '1' };
    const up = await startUp(env, ['--demo', '--plan', shapingbaPlan, '--registry', 'seeds/registries/shapingba.json']);
    try {
      // Played in its own year: the first reports fall due at the end of 2019, six demo days after the start.
      expect(up.stderr()).toMatch(/演示计划《重庆市沙坪坝区加强质量认证体系建设促进全面质量管理的实施方案》已启动 .*: 24 项新启动.*演示起始日 2019-12-25/);
      const mail = async () => (await (await fetch(new URL('/api/messages', up.urls.mail))).json()) as TCapturedMail[];
      const received = (subject: string, to: string) => async () => (await mail()).some((m) => m.subject.startsWith(subject) && m.to.includes(to));
      // 区市场监管局 leads most measures and, as the demo's coordinating office, takes those that name no unit; 小龙坎街道
      // is one of 各镇街; the 管委会 the plan names two ways is one unit.
      for (const to of ['scjgj@shapingba.duban.test', 'xiaolongkan@shapingba.duban.test', 'wlsn@shapingba.duban.test']) {
        await expect.poll(received('【督办】任务交办：', to), { timeout: 60_000, interval: 1_000 }).toBe(true);
      }
      // The compressed clock runs the ladder past the due date: a 催办 to a unit of this registry within demo days.
      await expect
        .poll(async () => (await mail()).some((m) => m.subject.startsWith('【督办】催办：') && m.to.every((to) => to.endsWith('@shapingba.duban.test'))), {
          timeout: 120_000,
          interval: 1_000,
        })
        .toBe(true);
      // Every message goes to the registry's people or the demo's own coordinating office, nobody outside them.
      expect((await mail()).flatMap((m) => m.to).filter((to) => !/[.@]duban\.test$/.test(to))).toEqual([]);

      // The demo's coordinator signs in with the demo password and finds this plan, and only it, to coordinate.
      const login = await fetch(new URL('/api/auth/login', up.urls.app), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'coordinator@duban.test', password: 'duban-demo' }),
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { person: unknown }).person).toMatchObject({ role: 'coordinator' });
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const plans = (await (await fetch(new URL('/api/plans', up.urls.app), { headers: { cookie } })).json()) as { plans: unknown[] };
      expect(plans.plans).toEqual([
        expect.objectContaining({ title: '重庆市沙坪坝区加强质量认证体系建设促进全面质量管理的实施方案', year: 2019, status: 'launched', measures: 24 }),
      ]);
    } finally {
      expect(await stopUp(up)).toBe(0);
    }
    expect(processesUsing(dataDir)).toEqual([]);
  });
});
