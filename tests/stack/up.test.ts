import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDuban } from '../support/cli';
import { ports, processesUsing, startUp, stopUp } from '../support/up';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-up-'));

describe.sequential('duban up on embedded defaults', { timeout: 300_000 }, () => {
  let env: Record<string, string>;
  afterAll(() => {
    for (const line of processesUsing(dataDir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  });

  it('serves the app, the Temporal Web UI and the mail capture, and Ctrl-C leaves no process behind', async () => {
    env = { ...(await ports()), DUBAN_DATA_DIR: dataDir };
    const up = await startUp(env);
    try {
      const app = await fetch(up.urls.app, { redirect: 'manual' });
      expect([200, 303]).toContain(app.status);
      expect((await fetch(up.urls.ui)).status).toBe(200);
      const mail = await fetch(up.urls.mail);
      expect(await mail.text()).toContain('邮件捕获');

      // The leaders' weekly summary runs on the worker it started.
      expect(up.stderr()).toContain("leaders' summaries started");
      // The terminal carries the stack's own lines; the worker's (its bundle report among them) go to its log.
      expect(up.stderr()).not.toContain('webpack');
      expect(readFileSync(path.join(dataDir, 'worker.log'), 'utf8')).toMatch(/\[INFO\] Worker state changed .*RUNNING/);
      const { Connection, Client } = await import('@temporalio/client');
      const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` });
      try {
        const summary = await new Client({ connection }).workflow.getHandle('leader-summary').describe();
        expect([summary.type, summary.status.name, summary.taskQueue]).toEqual(['leaderSummaryWorkflow', 'RUNNING', 'duban-measures']);
      } finally {
        await connection.close();
      }

      // While it runs, the CLI shares its database.
      const imported = await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--json'], env);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout).measures).toBe(12);
    } finally {
      expect(await stopUp(up)).toBe(0);
    }
    expect(processesUsing(dataDir)).toEqual([]);
  });

  it('a second start reuses the same data', async () => {
    const up = await startUp(env);
    try {
      const units = await runDuban(["units", "import", "seeds/registry.json", "--json"], env);
      expect(units.code).toBe(0);
      // The plan imported during the first run is still there: importing the file again is refused, naming it…
      const repeated = await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt'], env);
      expect(repeated.code).toBe(1);
      expect(repeated.stderr).toMatch(/该文件已于 \d{4}-\d\d-\d\d 导入为 2026 年计划《.+》（编号 \w+）.*加 --again/);
      // …unless a second copy is asked for, which gets a new id.
      const listed = await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--again', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(repeated.stderr).not.toContain(JSON.parse(listed.stdout).planId);
      // A command on this data folder reaches the Temporal server of the duban up serving it…
      const launched = await runDuban(['plan', 'launch', JSON.parse(listed.stdout).planId, '--json'], env);
      expect(launched.code, launched.stderr).toBe(0);
      expect(JSON.parse(launched.stdout)).toMatchObject({ measures: 12, started: 12 });
      // …and one on another folder is told so, instead of starting workflows on this folder's server.
      const other = { ...env, DUBAN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'duban-other-')) };
      expect((await runDuban(['units', 'import', 'seeds/registry.json'], other)).code).toBe(0);
      const otherPlan = JSON.parse((await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--json'], other)).stdout).planId;
      const elsewhere = await runDuban(['plan', 'launch', otherPlan], other);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toMatch(/没有运行中的 duban up.*no duban up is running for the data folder/);
      expect(up.stderr()).not.toMatch(/migration failed/);
      expect(up.stderr()).toContain("leaders' summaries already running");
      const { Client } = await import('pg');
      const c = new Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${env.DUBAN_PGLITE_PORT}/postgres` });
      await c.connect();
      const { rows } = await c.query('select count(*)::int as n from "Plan"');
      await c.end();
      expect(rows[0].n).toBe(2);
    } finally {
      expect(await stopUp(up)).toBe(0);
    }
  });
});
