import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../prisma/client';
import { knownMigrations } from '../../prisma/migration-status';
import { startPlanLaunch } from '../../services/plans/launch-plan';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../stack/pglite-server';
import { freePort } from '../../stack/temporal-server';
import { runDuban } from '../support/cli';
import { spawnDuban, waitReady, type TDubanProcess } from '../support/deployed';
import { seedPlan, seedSmallRegistry, type TSmallRegistry } from '../support/measure-fixtures';
import { startSmtpReceiver, type TSmtpReceiver } from '../support/smtp-receiver';
import { createDevServerEnv } from '../support/temporal';
import { waitFor } from '../support/wait-for';

// `duban web` and `duban worker` as a service manager runs them, each its own process on a shared database (the
// embedded PGlite, served here, unmigrated at first), a Temporal dev server and an SMTP server the test can hold.

const TASK_QUEUE = 'deployed-processes';

let database: EmbeddedDatabase;
let db: Db;
let temporal: TestWorkflowEnvironment;
let smtp: TSmtpReceiver;
let dataDir: string;
let env: Record<string, string>;
let reg: TSmallRegistry;
let token: string;
let web: TDubanProcess | undefined;
let worker: TDubanProcess | undefined;
let webUrl: string;
let healthUrl: string;

beforeAll(async () => {
  [database, temporal, smtp] = await Promise.all([startEmbeddedDatabase({ port: 0 }), createDevServerEnv(), startSmtpReceiver()]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'duban-deployed-'));
  const [port, healthPort] = [await freePort(), await freePort()];
  webUrl = `http://127.0.0.1:${port}`;
  healthUrl = `http://127.0.0.1:${healthPort}`;
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    SMTP_URL: smtp.smtpUrl,
    PUBLIC_URL: 'http://duban.test',
    DUBAN_DATA_DIR: dataDir,
    PORT: String(port),
    WORKER_HEALTH_PORT: String(healthPort),
  };
}, 180_000);

afterAll(async () => {
  web?.child.kill('SIGKILL');
  worker?.child.kill('SIGKILL');
  await db?.close();
  await temporal?.teardown();
  await smtp?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const migrations = async (sql: string) => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

describe.sequential('duban web, duban worker and duban migrate', { timeout: 300_000 }, () => {
  it('web and worker refuse an unmigrated or partly migrated database in one line; duban migrate applies what is missing', async () => {
    const all = knownMigrations();
    for (const verb of ['web', 'worker']) {
      const refused = await runDuban([verb], env);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^duban ${verb}: 数据库未迁移，拒绝启动 / the database is not migrated: ${all.length} of ${all.length} migrations not applied .*run \`duban migrate\` first$`)),
      ]);
    }

    const migrated = await runDuban(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`applied ${all.join(', ')}; all ${all.length} migrations in place`);
    expect((await runDuban(['migrate'], env)).stdout).toContain('is up to date');

    // The latest migration recorded under another name: this release's schema is only partly there.
    const last = all.at(-1)!;
    await migrations(`update _prisma_migrations set migration_name = 'renamed' where migration_name = '${last}'`);
    const partly = await runDuban(['worker'], env);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toMatch(new RegExp(`partly migrated: 1 of ${all.length} migrations not applied \\(${last}\\)`));
    // A migration that started and never finished (it failed, or another host is applying it).
    await migrations(`update _prisma_migrations set migration_name = '${last}', finished_at = null where migration_name = 'renamed'`);
    const unfinished = await runDuban(['web'], env);
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toMatch(new RegExp(`partly migrated: ${last} started but did not finish`));
    await migrations(`update _prisma_migrations set finished_at = now() where migration_name = '${last}'`);

    // What else a deployed process needs is checked before anything else, in one line.
    const bare = await runDuban(['worker'], { ...env, SMTP_URL: '', PUBLIC_URL: '' });
    expect(bare.code).toBe(1);
    expect(bare.stderr.trim()).toMatch(/^duban worker: 需要环境变量 SMTP_URL, PUBLIC_URL \/ duban worker needs SMTP_URL, PUBLIC_URL set/);
  });

  it('serve /healthz, /readyz and /metrics, and log JSON lines with request ids and with workflow and activity', async () => {
    db = createDb(database.url);
    reg = await seedSmallRegistry(db);
    token = randomBytes(24).toString('base64url');
    await db.apiToken.create({ data: { personId: reg.contacts.office.id, name: 'test', tokenHash: createHash('sha256').update(token).digest('hex'), scope: 'coordinate', expiresAt: new Date(Date.now() + 86_400_000) } });
    web = spawnDuban('web', env);
    worker = spawnDuban('worker', { ...env, LOG_LEVEL: 'debug' });
    await Promise.all([waitReady(web, `${webUrl}/readyz`), waitReady(worker, `${healthUrl}/readyz`)]);
    expect(await (await fetch(`${webUrl}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${webUrl}/readyz`)).json()).toEqual({ ready: true, checks: { database: 'ok', temporal: 'ok' } });
    expect(await (await fetch(`${healthUrl}/readyz`)).json()).toEqual({ ready: true, checks: { worker: 'ok', database: 'ok', temporal: 'ok' } });

    const { plan } = await seedPlan(db, reg, [{ ref: '一', title: '编制规划', due: '2027-06-30', parties: [{ role: 'lead', name: reg.units.fgw.name, unitId: reg.units.fgw.id }] }], {
      year: 2027,
      schedule: { cadence: 'final' },
    });
    const auth = { authorization: `Bearer ${token}` };
    const launched = await fetch(`${webUrl}/api/plans/${plan.id}/launch`, { method: 'POST', headers: auth });
    expect(launched.status, await launched.clone().text()).toBe(202);
    await waitFor('the assignment notice', () => smtp.received.some((m) => m.key.includes(':notice:assign|')), { timeoutMs: 60_000 });
    const shown = await fetch(`${webUrl}/api/plans/${plan.id}`, { headers: { ...auth, 'x-request-id': 'req-from-the-proxy-0001' } });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-request-id')).toBe('req-from-the-proxy-0001');

    // Latency by route pattern, never by the raw URL.
    const webMetrics = await (await fetch(`${webUrl}/metrics`)).text();
    expect(webMetrics).toMatch(/duban_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/api\/plans\/:planId",status_code="200"\} 1/);
    expect(webMetrics).toMatch(/duban_http_request_duration_seconds_count\{method="POST",route="\/api\/plans\/:planId\/launch",status_code="202"\} 1/);
    expect(webMetrics).not.toContain(plan.id);
    expect(webMetrics).toContain('process_resident_memory_bytes');

    // The worker's own figures, then the SDK's: task latencies of workflows and activities.
    await waitFor('nothing owed', async () => (await db.plan.count({ where: { scoresOwed: { gt: 0 } } })) === 0, { timeoutMs: 30_000 });
    const workerMetrics = await (await fetch(`${healthUrl}/metrics`)).text();
    for (const name of [
      'duban_outbox_pending_messages 0',
      'duban_outbox_oldest_pending_seconds 0',
      'duban_plans_owing_scores 0',
      'temporal_workflow_task_execution_latency_bucket',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_activity_execution_latency_bucket',
      'temporal_activity_schedule_to_start_latency_bucket',
      'process_resident_memory_bytes',
    ]) {
      expect(workerMetrics, name).toContain(name);
    }

    // Logs: one JSON object a line; the web's with the request's id, the worker's with the workflow and activity.
    const webLines = web.logLines();
    expect(webLines.find((l) => l.reqId === 'req-from-the-proxy-0001' && (l.req as { url?: string } | undefined)?.url === `/api/plans/${plan.id}`)).toMatchObject({
      process: 'web',
      msg: 'incoming request',
    });
    expect(worker.logLines().find((l) => l.activityType === 'startMeasureWorkflows')).toMatchObject({
      process: 'worker',
      workflowId: `launch:${plan.id}`,
      workflowType: 'launchPlanWorkflow',
    });
  });

  it('SIGTERM: the web process answers the request in hand, the worker finishes the send in hand, and both exit 0', async () => {
    // A plan import whose body is still arriving when the web process is told to stop.
    const body = JSON.stringify({ text: '2027年质量工作要点\n一、重点任务\n（一）加强计量基础建设。（市发展改革委负责）\n', year: 2027 });
    const half = Math.floor(body.length / 2);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${webUrl}/api/plans/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        web!.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 1_000);
      }, 500);
    });
    const imported = await answer;
    expect(imported.status, imported.body).toBe(201);
    expect(await web!.exited).toBe(0);
    expect(await db.plan.count({ where: { id: JSON.parse(imported.body).planId } })).toBe(1);
    expect(web!.logLines().map((l) => l.msg)).toEqual(expect.arrayContaining(['draining: finishing the requests in hand', 'stopped']));

    // The worker is sending a notice (the mail server holds it) when it is told to stop.
    smtp.hold();
    const { plan } = await seedPlan(db, reg, [{ ref: '一', title: '完善制度', due: '2027-09-30', parties: [{ role: 'lead', name: reg.units.czj.name, unitId: reg.units.czj.id }] }], {
      year: 2027,
      schedule: { cadence: 'final' },
    });
    await startPlanLaunch(db, temporal.client, plan.id, { taskQueue: TASK_QUEUE });
    await waitFor('the notice in the mail server’s hands', () => smtp.held() === 1, { timeoutMs: 60_000 });
    const stopping = worker!.stop('SIGTERM');
    const readiness = () => fetch(`${healthUrl}/readyz`).then((r) => r.status, () => 0);
    await waitFor('the draining worker answering that it is not ready', async () => (await readiness()) === 503, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(worker!.child.exitCode).toBeNull();
    smtp.release();
    expect(await stopping).toBe(0);
    // The notice was sent and recorded by the worker that was stopping (its outbox's send in hand finishes before it
    // exits): nothing is left for another to retry.
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { assignment: { measure: { planId: plan.id } }, step: 'notice' }, include: { delivery: true } });
    expect([notice.status, notice.delivery?.status]).toEqual(['sent', 'sent']);
    expect(smtp.received.filter((m) => m.key === notice.delivery!.key)).toHaveLength(1);
  });
});
