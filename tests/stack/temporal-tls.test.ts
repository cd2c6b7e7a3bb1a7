import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { UserError } from '../../lib/errors';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { connectTemporalClient } from '../../stack/temporal-client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { runWorker } from '../../worker/main';
import { makeTestCertificates, type TTestCertificates } from '../support/certificates';
import { errorLines, runDuban } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { measureWorkflowBundle } from '../support/temporal';
import { startTestTemporalCluster, type TTestTemporalCluster } from '../support/temporal-cluster';

const SERVER_NAME = 'temporal.duban.test';
const TASK_QUEUE = 'temporal-tls';

let certsDir: string;
let certs: TTestCertificates;
let t: TestDatabase;
let capture: MailCapture;

beforeAll(async () => {
  certsDir = mkdtempSync(path.join(tmpdir(), 'duban-tls-'));
  certs = makeTestCertificates(certsDir, SERVER_NAME);
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({ smtpPort: 0, webPort: 0 })]);
}, 600_000);

afterAll(async () => {
  await capture?.close();
  await t?.close();
  rmSync(certsDir, { recursive: true, force: true });
});

/** A worker as `duban worker` runs it, connected with these variables, once it polls (or its start-up failure). */
async function startWorker(env: Record<string, string>, signal: AbortSignal): Promise<{ running: Promise<void> }> {
  const workflowBundle = await measureWorkflowBundle();
  let running!: Promise<void>;
  await new Promise<void>((resolve, reject) => {
    running = runWorker({ config: loadConfig(env), databaseUrl: t.url, smtpUrl: capture.smtpUrl, signal, workflowBundle, onReady: resolve });
    running.catch(reject);
  });
  return { running };
}

describe('a Temporal server that requires client certificates (mutual TLS)', () => {
  let cluster: TTestTemporalCluster;
  let env: Record<string, string>;
  const stopWorker = new AbortController();
  let worker: Promise<void> | undefined;
  /** A plan that commands turned away never launch. */
  let draftPlanId: string;

  beforeAll(async () => {
    const reg = await seedSmallRegistry(t.db, '-refused');
    draftPlanId = (await seedPlan(t.db, reg, [{ ref: '一', title: '完善质量奖励制度', due: '2027-06-30' }], { year: 2027 })).plan.id;
    const clientEnv = {
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.client.cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.client.key,
      TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    };
    cluster = await startTestTemporalCluster({
      tls: { certFile: certs.server.cert, keyFile: certs.server.key, caFile: certs.ca, serverName: SERVER_NAME, clientCaFile: certs.ca },
      clientEnv,
    });
    env = { ...clientEnv, DATABASE_URL: t.url, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE };
    worker = (await startWorker(env, stopWorker.signal)).running;
  }, 600_000);

  afterAll(async () => {
    stopWorker.abort();
    await worker;
    await cluster?.stop();
  });

  it('runs a plan’s launch with a worker and a command that present the client certificate', async () => {
    const reg = await seedSmallRegistry(t.db, '-mtls');
    const { plan } = await seedPlan(
      t.db,
      reg,
      [{ ref: '一', title: '编制质量发展规划', due: '2027-06-30', parties: [{ role: 'lead', name: reg.units.fgw.name, unitId: reg.units.fgw.id }] }],
      { year: 2027, schedule: { cadence: 'final' } },
    );
    const launched = await runDuban(['plan', 'launch', plan.id, '--json'], env);
    expect(launched.code, launched.stderr).toBe(0);
    expect(JSON.parse(launched.stdout)).toMatchObject({ measures: 1, started: 1 });
    await capture.waitFor((m) => m.subject.includes('【督办】任务交办：') && m.to.includes(reg.contacts.fgw.email), 60_000, 'the assignment');
  }, 120_000);

  it.each([
    ['without a client certificate', () => ({ TEMPORAL_TLS_CLIENT_CERT_PATH: '', TEMPORAL_TLS_CLIENT_KEY_PATH: '' })],
    ['with a certificate from a CA the server does not trust', () => ({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.stranger.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.stranger.key })],
  ])('turns a command and a worker away %s, each in one line saying how it connected', async (_what, change) => {
    const r = await runDuban(['plan', 'launch', draftPlanId], { ...env, ...change() }, 60_000);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringContaining(`cannot reach Temporal at ${cluster.address} (TLS, `)]);
    const failed = await startWorker({ ...env, ...change() }, new AbortController().signal).then(
      () => null,
      (err: Error) => err,
    );
    expect(failed).toBeInstanceOf(UserError);
    expect(failed!.message).toContain(`cannot reach Temporal at ${cluster.address} (TLS, `);
    expect(failed!.message.split('\n')).toHaveLength(1);
  }, 60_000);

  it('stops a command and a worker at start-up, in one line, when the key is not the certificate’s', async () => {
    const wrongKey = { ...env, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.stranger.key };
    const r = await runDuban(['plan', 'launch', draftPlanId], wrongKey, 60_000);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/invalid TEMPORAL_TLS_CLIENT_KEY_PATH=.*not the key of the certificate/)]);
    const failed = await startWorker(wrongKey, new AbortController().signal).then(
      () => null,
      (err: Error) => err,
    );
    expect(failed).toBeInstanceOf(UserError);
    expect(failed!.message).toMatch(/^环境变量 TEMPORAL_TLS_CLIENT_KEY_PATH 无效 .*not the key of the certificate[^\n]*$/);
  }, 60_000);
});

describe('a Temporal server with TLS and no client certificates', () => {
  let cluster: TTestTemporalCluster;
  const caOnly = () => ({ TEMPORAL_ADDRESS: cluster.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca });

  beforeAll(async () => {
    cluster = await startTestTemporalCluster({
      tls: { certFile: certs.server.cert, keyFile: certs.server.key, caFile: certs.ca, serverName: SERVER_NAME },
      clientEnv: { TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca },
    });
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('is reached by a client and a worker connection that trust its CA, at its IP address', async () => {
    const client = await connectTemporalClient(loadConfig(caOnly()));
    await client.client.workflowService.getSystemInfo({});
    await client.close();
    const config = loadConfig(caOnly());
    const native = await NativeConnection.connect(temporalConnectionOptions(config, cluster.address));
    await native.close();
  });

  it('is refused, in one line, by a client that does not trust its certificate', async () => {
    const error = await connectTemporalClient(loadConfig({ TEMPORAL_ADDRESS: cluster.address, TEMPORAL_TLS: 'true' })).then(
      () => null,
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toContain(`cannot reach Temporal at ${cluster.address}`);
    expect(error!.message.split('\n')).toHaveLength(1);
  });
});
