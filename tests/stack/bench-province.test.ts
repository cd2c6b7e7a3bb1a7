import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ZBenchReportSchema } from '../../bench/run-all';
import { runDuban } from '../support/cli';

// `duban bench --only province` at a tiny scale (four open measures, two launches of two): the command starts its own
// embedded stack and two `duban worker` processes, prints its table and writes its results where told. No figure is
// asserted against a time: performance goals live in the benchmark's own targets, not in tests.
describe('duban bench --only province', () => {
  const results = mkdtempSync(path.join(tmpdir(), 'duban-bench-province-'));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it('runs at a tiny scale and prints its table: launch with one and two workers, memory, dashboard, history', async () => {
    const { code, stdout, stderr } = await runDuban(['bench', '--only', 'province', '--measures', '4', '--results', results], {}, 9 * 60_000);
    expect(code, stderr.slice(-2_000)).toBe(0);
    const table = stdout.split('\n');
    expect(table[0]).toMatch(/^machine: \d+ cpus/);
    for (const name of ['province-launch', 'province-memory', 'province-dashboard', 'province-cache-miss', 'province-history']) {
      expect(table.some((l) => l.startsWith(name)), `${name} in\n${stdout}`).toBe(true);
    }
    expect(stdout).toMatch(/province-launch\s+[\d.]+ measures\/s {2}baseline [\d.]+ measures\/s {2}ratio [\d.]+/);
    expect(stdout).toContain('measuresPerLaunch=2  assignmentsPerLaunch=6');

    const [file] = readdirSync(results);
    const report = ZBenchReportSchema.parse(JSON.parse(readFileSync(path.join(results, file!), 'utf8')));
    const byName = new Map(report.benchmarks.map((b) => [b.name, b]));
    expect(byName.get('province-memory')?.details).toMatchObject({ openMeasures: 4, workers: 2, cachedWorkflowsPerWorker: 500, db: 'pglite' });
    // Each sampled measure answered its state query twice: once from wherever it was, once from the cache.
    const cache = byName.get('province-cache-miss')!;
    expect(cache.details).toMatchObject({ sampledMeasures: 2 });
    expect([cache.value, cache.baseline]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(cache.baseline).toBeGreaterThan(0);
    expect(byName.get('province-dashboard')?.details).toMatchObject({ planMeasures: 2, openMeasures: 4 });
    // A launched measure has a history: started, its local activities, its first timer.
    const history = byName.get('province-history')!;
    expect(history.details).toMatchObject({ sampledMeasures: 2 });
    expect(history.value).toBeGreaterThan(5);
    expect(Number(history.details!.actionsPerMeasure)).toBeGreaterThanOrEqual(2);
  }, 10 * 60_000);

  // The same at four measures on PostgreSQL and the built Temporal server (tests/support/temporal-cluster.ts builds
  // it into .tools/ as the cluster tests do): the databases it creates on the server are gone afterwards.
  it.skipIf(!process.env.TEST_POSTGRES_URL)('runs on PostgreSQL and the built Temporal server with --postgres and --temporal-server', async () => {
    const server = process.env.TEST_POSTGRES_URL!;
    const databases = async () => {
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'duban_bench_%' or datname like 'temporal_bench_%'`);
        return rows.map((r) => r.datname);
      } finally {
        await admin.end();
      }
    };
    const before = await databases();
    const { code, stdout, stderr } = await runDuban(['bench', '--only', 'province', '--measures', '4', '--postgres', server, '--temporal-server', '--results', results], {}, 9 * 60_000);
    expect(code, stderr.slice(-2_000)).toBe(0);
    for (const name of ['province-postgres-launch', 'province-postgres-memory', 'province-postgres-dashboard', 'province-postgres-cache-miss', 'province-postgres-history']) {
      expect(stdout.split('\n').some((l) => l.startsWith(name)), `${name} in\n${stdout}`).toBe(true);
    }
    expect(stdout).toContain('db=postgresql  temporal=temporal-server v1.29.1 on postgresql');
    expect(await databases()).toEqual(before);
  }, 10 * 60_000);

  it('refuses a scale it cannot run, naming the flag', async () => {
    const odd = await runDuban(['bench', '--only', 'province', '--measures', '1']);
    expect([odd.code, odd.stderr]).toEqual([2, expect.stringContaining('--measures')]);
    const both = await runDuban(['bench', '--only', 'province', '--full', '--measures', '10']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--full')]);
    const alone = await runDuban(['bench', '--only', 'province', '--temporal-server']);
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining('--postgres')]);
  });
});
