import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import type { TPlanStatus } from '../../services/plans/plan-status';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { runWorker } from '../../worker/main';
import { runDuban } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { measureWorkflowBundle } from '../support/temporal';
import { startTestTemporalCluster, type TTestTemporalCluster } from '../support/temporal-cluster';

const TASK_QUEUE = 'temporal-cluster';
/** Not `default`: the worker and the commands must all follow TEMPORAL_NAMESPACE. */
const NAMESPACE = 'duban-province';

let t: TestDatabase;
let cluster: TTestTemporalCluster;
let capture: MailCapture;
let env: Record<string, string>;
const stopWorker = new AbortController();
let worker: Promise<void> | undefined;

beforeAll(async () => {
  // The first use builds the server into .tools/ (minutes cold): `npx tsx scripts/ensure-temporal-server.ts` first.
  [t, cluster, capture] = await Promise.all([
    createTestDatabase(),
    startTestTemporalCluster({ namespace: NAMESPACE }),
    startMailCapture({ smtpPort: 0, webPort: 0 }),
  ]);
  env = { DATABASE_URL: t.url, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_NAMESPACE: NAMESPACE, TEMPORAL_TASK_QUEUE: TASK_QUEUE };
  const workflowBundle = await measureWorkflowBundle();
  await new Promise<void>((resolve, reject) => {
    worker = runWorker({ config: loadConfig(env), databaseUrl: t.url, smtpUrl: capture.smtpUrl, signal: stopWorker.signal, workflowBundle, onReady: resolve });
    worker.catch(reject);
  });
}, 600_000);

afterAll(async () => {
  stopWorker.abort();
  await worker;
  await cluster?.stop();
  await capture?.close();
  await t?.close();
});

describe('the production Temporal server on PostgreSQL', () => {
  it('launches a plan from the command line, keeps its workflows in PostgreSQL, and takes a unit’s report', async () => {
    const reg = await seedSmallRegistry(t.db);
    const { plan } = await seedPlan(
      t.db,
      reg,
      [
        { ref: '一', title: '编制质量发展规划', due: '2027-06-30', parties: [{ role: 'lead', name: reg.units.fgw.name, unitId: reg.units.fgw.id }] },
        { ref: '二', title: '完善质量奖励制度', due: '2027-09-30', parties: [{ role: 'lead', name: reg.units.czj.name, unitId: reg.units.czj.id }] },
      ],
      { year: 2027, schedule: { cadence: 'final' } },
    );

    const launched = await runDuban(['plan', 'launch', plan.id, '--json'], env);
    expect(launched.code, launched.stderr).toBe(0);
    expect(JSON.parse(launched.stdout)).toMatchObject({ measures: 2, started: 2, alreadyRunning: 0 });
    for (const to of [reg.contacts.fgw.email, reg.contacts.czj.email]) {
      await capture.waitFor((m) => m.subject.includes('【督办】任务交办：') && m.to.includes(to), 60_000, `the assignment to ${to}`);
    }

    // Temporal's own tables, on PostgreSQL, hold the launch and both measures, in the namespace asked for.
    const temporalDb = new pg.Client({ connectionString: cluster.databaseUrl });
    await temporalDb.connect();
    const { rows } = await temporalDb.query<{ workflow_id: string }>(
      'select e.workflow_id from current_executions e join namespaces n on n.id = e.namespace_id where n.name = $1',
      [NAMESPACE],
    );
    await temporalDb.end();
    const ids = rows.map((r) => r.workflow_id);
    expect(ids).toContain(`launch:${plan.id}`);
    expect(ids.filter((id) => id.startsWith(`measure:${plan.id}:`))).toHaveLength(2);

    // A report is an Update to the running measure, answered through the server.
    const status = JSON.parse((await runDuban(['plan', 'status', plan.id, '--json'], env)).stdout) as TPlanStatus;
    const measure = status.measures.find((m) => m.ref === '一')!;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'duban-progress-')), 'progress.json');
    writeFileSync(file, JSON.stringify({ status: 'done', percent: 100, narrative: '规划已印发。', submittedBy: reg.contacts.fgw.email }));
    const submitted = await runDuban(['progress', 'submit', '--assignment', measure.units[0]!.assignmentId, '--file', file, '--json'], env);
    expect(submitted.code, submitted.stderr).toBe(0);
    // The final report waits for the office's review (审核); accepted from the command line, it closes the measure.
    const accepted = await runDuban(['review', 'accept', JSON.parse(submitted.stdout).reportId], env);
    expect(accepted.code, accepted.stderr).toBe(0);
    await expect.poll(async () => (await t.db.measure.findUniqueOrThrow({ where: { id: measure.id } })).status, { timeout: 30_000 }).toBe('done');
  }, 180_000);
});
