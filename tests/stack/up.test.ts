import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectDataFolder, markDataFolder } from '../../stack/workflow-generation';
import { WORKFLOW_GENERATION } from '../../workflows/generation';
import { errorLines, repoRoot, runDuban } from '../support/cli';
import { bin, ports, processesUsing, startUp, stopUp } from '../support/up';
import { waitFor } from '../support/wait-for';

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
      // The app's log is the access log (LOG_LEVEL info by default), each request under its id; the logger writes
      // asynchronously, so the line is awaited rather than read at once.
      const accessLine = /"reqId":"[\w-]{36}".*"msg":"request completed"/;
      await waitFor('the access log line', () => accessLine.test(readFileSync(path.join(dataDir, 'app.log'), 'utf8')), { timeoutMs: 10_000 });
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
      // The office that coordinates, granted as an admin would: a registry grants no roles.
      const grant = ['people', 'grant', 'coordinator@duban.test', 'coordinator', '--unit', '质量强市工作领导小组办公室'];
      expect((await runDuban(grant, env)).code).toBe(0);
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
      expect((await runDuban(grant, other)).code).toBe(0);
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

describe.sequential('a data folder whose workflow histories an earlier generation wrote', { timeout: 300_000 }, () => {
  const HISTORIES = 'histories an earlier generation wrote';
  const made: string[] = [];
  /** A folder as code from before generations were recorded leaves it: the embedded database and Temporal's histories. */
  function oldFolder(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-old-'));
    made.push(dir);
    writeFileSync(path.join(dir, 'temporal.db'), HISTORIES);
    mkdirSync(path.join(dir, 'pglite'));
    return dir;
  }
  /** Folders beside `dir` whose names start with its own: where a fresh start keeps the old one. */
  const keptCopies = (dir: string) => readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`${path.basename(dir)}.`)).map((n) => path.join(path.dirname(dir), n));
  afterAll(() => {
    for (const dir of made) {
      for (const line of processesUsing(dir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      for (const d of [dir, ...keptCopies(dir)]) rmSync(d, { recursive: true, force: true });
    }
  });

  it('is told apart from a folder with no histories yet and from one of this generation or a later one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-gen-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'pglite'));
    expect(inspectDataFolder(dir)).toEqual({ kind: 'none' });
    writeFileSync(path.join(dir, 'temporal.db'), HISTORIES);
    expect(inspectDataFolder(dir)).toEqual({ kind: 'older', generation: 0 });
    markDataFolder(dir);
    expect(inspectDataFolder(dir)).toEqual({ kind: 'current' });
    writeFileSync(path.join(dir, 'workflow-generation.json'), JSON.stringify({ generation: WORKFLOW_GENERATION - 1 }));
    expect(inspectDataFolder(dir)).toEqual({ kind: 'older', generation: WORKFLOW_GENERATION - 1 });
    writeFileSync(path.join(dir, 'workflow-generation.json'), JSON.stringify({ generation: WORKFLOW_GENERATION + 1 }));
    expect(inspectDataFolder(dir)).toEqual({ kind: 'newer', generation: WORKFLOW_GENERATION + 1 });
  });

  it('is refused with one message that names the way out, and left as it was; on a terminal, a no leaves it too', async () => {
    const dir = oldFolder();
    const env = { ...(await ports()), DUBAN_DATA_DIR: dir };
    const refused = await runDuban(['up'], env);
    expect(refused.code).toBe(1);
    const lines = errorLines(refused.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^duban up: 数据目录 ${dir} 中的工作流历史由旧版本（早于工作流代次记录）写入，与本版本（第 ${WORKFLOW_GENERATION} 代）不兼容。`));
    expect(lines[0]).toContain('运行 duban up --fresh');
    expect(readdirSync(dir).sort()).toEqual(['pglite', 'temporal.db']);
    expect(keptCopies(dir)).toEqual([]);

    // On a terminal (script gives the command one) it asks; answering no starts nothing and moves nothing.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${bin} up`, '/dev/null'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      input: 'n\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(tty.stdout).toContain('是否另存旧目录并重新开始？[y/N]');
    expect(tty.stdout).toContain('未启动，数据目录保持原样');
    expect(tty.status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['pglite', 'temporal.db']);
    expect(keptCopies(dir)).toEqual([]);
  });

  it('with --fresh, is moved aside whole and duban up starts on an empty folder of this generation', async () => {
    const dir = oldFolder();
    const up = await startUp({ ...(await ports()), DUBAN_DATA_DIR: dir }, ['--fresh']);
    try {
      const copies = keptCopies(dir);
      expect(copies).toHaveLength(1);
      expect(readFileSync(path.join(copies[0]!, 'temporal.db'), 'utf8')).toBe(HISTORIES);
      expect(up.stderr()).toContain(`旧数据目录已移至 ${copies[0]}`);
      expect(inspectDataFolder(dir)).toEqual({ kind: 'current' });
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['temporal.db', 'workflow-generation.json', 'pglite']));
      expect([200, 303]).toContain((await fetch(up.urls.app, { redirect: 'manual' })).status);
    } finally {
      expect(await stopUp(up)).toBe(0);
    }
  });
});
