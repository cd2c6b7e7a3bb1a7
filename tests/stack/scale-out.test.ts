import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchPlanText } from '../../bench/synthetic-plan';
import { shanghaiDate } from '../../calendar/working-days';
import { ZEscalationLadderSchema } from '../../domain/ladder';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { createDb, type Db } from '../../prisma/client';
import { startLeaderSummaries } from '../../services/reports/start-leader-summaries';
import { freePort } from '../../stack/temporal-server';
import { LEADER_SUMMARY_WORKFLOW_ID } from '../../workflows/leader-summary/definitions';
import { startSmtpReceiver, type TSmtpReceiver } from '../support/smtp-receiver';
import { makeTestCertificates } from '../support/certificates';
import { repoRoot, runDuban } from '../support/cli';
import { applyExport, inInstall, readmeBlock, runLine, startLine } from '../support/deploy-readme';
import { waitReady, watchProcess, type TDubanProcess } from '../support/deployed';
import { freeLowPorts } from '../support/temporal-cluster';
import { waitFor } from '../support/wait-for';

// Two web and two worker processes on one PostgreSQL and one Temporal server (the one built here, on PostgreSQL), all
// started by deploy/README.md's own command lines, behind deploy/nginx/duban.conf. A 300-measure plan is imported
// through one web process and read through the other, launched on a compressed clock (a day lasts 2 s) with every
// measure due at once, and a worker is SIGKILLed while the plan launches and again while escalations fall due: every
// measure is assigned once, every email delivered once per outbox key (a repeat only ever under the same Message-ID),
// the plan scored, and each leader's summary sent once.

const MEASURES = 300;
const NAMESPACE = 'duban-province';
const DAY_SECONDS = 2;
const root = repoRoot.replace(/\/$/, '');

const adminUrl = process.env.TEST_POSTGRES_URL;
if (!adminUrl) throw new Error('the scale-out test runs on PostgreSQL: set TEST_POSTGRES_URL (a server URL with rights to create databases)');
const tag = randomBytes(4).toString('hex');
const databases = { temporal: `temporal_test_${tag}`, visibility: `temporal_test_${tag}_visibility`, duban: `duban_test_${tag}` };
const scratch = mkdtempSync(path.join(tmpdir(), 'duban-scale-out-'));

let env: NodeJS.ProcessEnv;
let temporalServer: ChildProcess | undefined;
let db: Db;
let smtp: TSmtpReceiver;
let connection: Connection;
let client: Client;
let nginx: ChildProcess | undefined;
const webs: { url: string; p: TDubanProcess }[] = [];
const workers: { health: string; port: number; p: TDubanProcess }[] = [];

const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

function startWorker(port: number): { health: string; port: number; p: TDubanProcess } {
  const [, , worker] = readmeBlock('duban');
  const p = watchProcess(startLine(inInstall(worker!, root), { ...env, WORKER_HEALTH_PORT: String(port) }, root));
  return { health: `http://127.0.0.1:${port}`, port, p };
}

beforeAll(async () => {
  const pgUrl = new URL(adminUrl);
  const duban = new URL(adminUrl);
  duban.pathname = `/${databases.duban}`;
  await admin(`create database ${databases.duban}`);
  smtp = await startSmtpReceiver();
  const [frontend, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership] = await freeLowPorts(8);
  env = {
    ...process.env,
    // Temporal's server and its SQL tool (deploy/temporal.env.example).
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: pgUrl.hostname,
    SQL_PORT: pgUrl.port || '5432',
    SQL_USER: decodeURIComponent(pgUrl.username),
    SQL_PASSWORD: decodeURIComponent(pgUrl.password),
    TEMPORAL_DB: databases.temporal,
    TEMPORAL_VISIBILITY_DB: databases.visibility,
    TEMPORAL_HISTORY_SHARDS: '4',
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(frontend),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(frontendMembership),
    TEMPORAL_HISTORY_PORT: String(history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(historyMembership),
    TEMPORAL_MATCHING_PORT: String(matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(matchingMembership),
    TEMPORAL_WORKER_PORT: String(worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(workerMembership),
    // Duban's processes (deploy/duban.env.example); the temporal CLI reads TEMPORAL_ADDRESS too.
    DATABASE_URL: duban.toString(),
    TEMPORAL_ADDRESS: `127.0.0.1:${frontend}`,
    TEMPORAL_NAMESPACE: NAMESPACE,
    SMTP_URL: smtp.smtpUrl,
    PUBLIC_URL: 'https://duban.test',
    DUBAN_DATA_DIR: path.join(scratch, 'data'),
    DUBAN_DEMO_DAY_SECONDS: String(DAY_SECONDS),
    HOST: '127.0.0.1',
  };

  // Temporal, as deploy/README.md sets it up: schema, server, namespace.
  for (const line of readmeBlock('temporal-schema')) {
    if (line.startsWith('export ')) {
      env = await applyExport(inInstall(line, root), env);
      continue;
    }
    const done = await runLine(inInstall(line, root), env, root);
    expect(done.code, `${line}\n${done.stderr.slice(-1000)}`).toBe(0);
  }
  const [serverLine] = readmeBlock('temporal-server');
  temporalServer = startLine(inInstall(serverLine!, root), env, root);
  const serverLog = createWriteStream(path.join(scratch, 'temporal-server.log'));
  temporalServer.stdout!.pipe(serverLog);
  temporalServer.stderr!.pipe(serverLog);
  const [create, update] = readmeBlock('namespace');
  // The namespace can be made once the server answers, seconds after it starts.
  await waitFor(`${create} (server log ${scratch}/temporal-server.log)`, async () => (await runLine(create!, env, root)).code === 0, { timeoutMs: 120_000, everyMs: 250 });
  expect((await runLine(update!, env, root)).code).toBe(0);

  const [migrate, web] = readmeBlock('duban');
  const migrated = await runLine(inInstall(migrate!, root), env, root);
  expect(migrated.code, migrated.stderr).toBe(0);
  db = createDb(env.DATABASE_URL!, { poolSize: 4 });
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  client = new Client({ connection, namespace: NAMESPACE });

  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    webs.push({ url: `http://127.0.0.1:${port}`, p: watchProcess(startLine(inInstall(web!, root), { ...env, PORT: String(port) }, root)) });
    workers.push(startWorker(await freePort()));
  }
  await Promise.all([...webs.map((w) => waitReady(w.p, `${w.url}/readyz`)), ...workers.map((w) => waitReady(w.p, `${w.health}/readyz`))]);
}, 600_000);

afterAll(async () => {
  for (const p of [...webs.map((w) => w.p.child), ...workers.map((w) => w.p.child), nginx]) p?.kill('SIGKILL');
  temporalServer?.kill('SIGTERM');
  await connection?.close();
  await db?.close();
  await smtp?.close();
  if (temporalServer && temporalServer.exitCode === null) await new Promise((r) => temporalServer!.once('exit', r));
  for (const name of Object.values(databases)) await admin(`drop database if exists ${name} with (force)`);
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe.sequential('two web and two worker processes on PostgreSQL and the Temporal server', { timeout: 600_000 }, () => {
  let planId: string;
  let auth: Record<string, string>;

  it('run the weekly summaries once: one worker starts the workflow, the other finds it running', async () => {
    // A worker says so once Temporal answers its start, which may come after its /readyz does.
    const said = () => workers.map((w) => w.p.logLines().find((l) => String(l.msg).startsWith("leaders' summaries"))?.msg);
    await waitFor("each worker's word on the leaders' summaries", async () => said().every((m) => m !== undefined), { timeoutMs: 30_000, everyMs: 100 });
    expect(said().sort()).toEqual(["leaders' summaries already running", "leaders' summaries started"]);
  });

  it('a plan imported through one web process is read through the other', async () => {
    expect((await runDuban(['units', 'import', 'seeds/registry.json'], env as Record<string, string>)).code).toBe(0);
    // A registry grants no roles: the sample office's coordinator is granted as an admin would.
    const grant = ['people', 'grant', 'coordinator@duban.test', 'coordinator', '--unit', '质量强市工作领导小组办公室'];
    expect((await runDuban(grant, env as Record<string, string>)).code).toBe(0);
    const token = randomBytes(24).toString('base64url');
    const coordinator = await db.person.findFirstOrThrow({ where: { email: 'coordinator@duban.test' } });
    await db.apiToken.create({ data: { personId: coordinator.id, name: 'scale-out', tokenHash: createHash('sha256').update(token).digest('hex'), scope: 'coordinate', expiresAt: new Date(Date.now() + 86_400_000) } });
    auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    const imported = await fetch(`${webs[0]!.url}/api/plans/import`, { method: 'POST', headers: auth, body: JSON.stringify({ text: benchPlanText(year, MEASURES, 1), year }) });
    expect(imported.status, await imported.clone().text()).toBe(201);
    planId = ((await imported.json()) as { planId: string }).planId;
    const read = await fetch(`${webs[1]!.url}/api/plans/${planId}`, { headers: auth });
    expect(read.status).toBe(200);
    const review = (await read.json()) as { plan: { id: string; title: string }; measures: unknown[] };
    expect(review.plan).toMatchObject({ id: planId, title: `${year}年重点工作推进行动计划` });
    expect(review.measures).toHaveLength(MEASURES);
  });

  it('a worker SIGKILLed while the plan launches and again while escalations fall due: every measure assigned once, every email sent once, the plan scored, one summary per leader', async () => {
    // Every measure due tomorrow, reported on once at the end, with 催办, 督办 and the coordinator's escalation only.
    const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));
    await db.plan.update({
      where: { id: planId },
      data: {
        schedule: ZReportingScheduleSchema.parse({ cadence: 'final' }),
        ladder: ZEscalationLadderSchema.parse({ reminderWorkingDaysBefore: 0, dueNotice: false }),
        warnings: [],
      },
    });
    await db.measure.updateMany({ where: { planId }, data: { due: new Date(`${tomorrow}T00:00:00+08:00`) } });

    const launched = await fetch(`${webs[1]!.url}/api/plans/${planId}/launch`, { method: 'POST', headers: { authorization: auth.authorization! } });
    expect(launched.status, await launched.clone().text()).toBe(202);
    const mine = { measure: { planId } };
    const assigned = () => db.assignment.count({ where: mine });
    await waitFor('the launch under way', async () => (await assigned()) >= 30, { timeoutMs: 180_000, everyMs: 250 });
    const duringLaunch = await assigned();
    await workers[0]!.p.stop('SIGKILL');
    workers[0] = startWorker(workers[0]!.port);

    // The leaders' summary on the plan's clock, falling due while the measures escalate: the workflow the workers
    // started runs on real weeks, so it is replaced by one whose next Monday 08:00 comes 40 s from now.
    const monday = nextMondayEight(Date.now());
    const clock = { dayMs: DAY_SECONDS * 1000, realStartMs: Date.now(), virtualStartMs: monday - (40 / DAY_SECONDS) * 86_400_000 };
    await client.workflow.getHandle(LEADER_SUMMARY_WORKFLOW_ID).terminate('the test runs it on a compressed clock');
    await startLeaderSummaries(client, { taskQueue: 'duban-measures', input: { clock, cadence: { everyWeeks: 52 } } });

    const outbox = (step: string) => db.outboxMessage.count({ where: { assignment: mine, step } });
    await waitFor('escalations falling due', async () => (await outbox('urge')) >= 30, { timeoutMs: 240_000, everyMs: 250, progress: async () => `${await assigned()} assigned, ${await outbox('urge')} 催办` });
    const duringEscalations = await outbox('urge');
    await workers[1]!.p.stop('SIGKILL');
    workers[1] = startWorker(workers[1]!.port);
    await Promise.all(workers.map((w) => waitReady(w.p, `${w.health}/readyz`)));

    const progress = async () =>
      `${await assigned()} assigned; ${await outbox('notice')} notices, ${await outbox('urge')} 催办, ${await outbox('supervise')} 督办, ` +
      `${await outbox('coordinator')} to the coordinator; ${await db.outboxMessage.count({ where: { status: 'pending' } })} pending; ${smtp.received.length} received`;
    await waitFor('every measure escalated to the coordinator, the summaries sent and the outbox empty', async () =>
        (await outbox('coordinator')) === MEASURES &&
        (await db.outboxMessage.count({ where: { status: 'pending' } })) === 0 &&
        (await db.outboxMessage.count({ where: { step: 'leader-summary' } })) > 0, { timeoutMs: 360_000, everyMs: 250, progress: progress });
    process.stderr.write(`scale-out: killed a worker at ${duringLaunch} of ${MEASURES} assigned and at ${duringEscalations} 催办; ${await progress()}\n`);
    expect(duringLaunch).toBeLessThan(MEASURES);

    // Every measure assigned once.
    const assignments = await db.assignment.findMany({ where: mine, select: { measureId: true, unitId: true } });
    expect(assignments).toHaveLength(MEASURES);
    expect(new Set(assignments.map((a) => `${a.measureId}:${a.unitId}`)).size).toBe(MEASURES);
    expect(new Set(assignments.map((a) => a.measureId)).size).toBe(MEASURES);

    // Every message once, each step's alone or in a digest: the outbox's delivery keys and the receiver's agree, and a
    // repeat is only the same message again.
    const rows = await db.outboxMessage.findMany({ select: { source: true, step: true } });
    const deliveries = await db.outboxDelivery.findMany({ select: { key: true } });
    for (const step of ['notice', 'urge', 'supervise', 'coordinator']) expect(rows.filter((r) => r.step === step), step).toHaveLength(MEASURES);
    const byKey = new Map<string, Set<string>>();
    for (const m of smtp.received) byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(m.messageId));
    expect([...byKey.keys()].sort()).toEqual(deliveries.map((d) => d.key).sort());
    expect([...byKey].filter(([, ids]) => ids.size !== 1)).toEqual([]);

    // One summary per leader of a unit with work in the plan, for the one week that fell due.
    const summaries = rows.filter((r) => r.step === 'leader-summary').map((r) => r.source);
    const leaders = await db.unit.findMany({ where: { leaderId: { not: null }, assignments: { some: mine } }, select: { leaderId: true }, distinct: ['leaderId'] });
    expect(summaries.map((k) => k.split(':')[1]).sort()).toEqual(leaders.map((l) => l.leaderId).sort());
    expect(new Set(summaries.map((k) => k.split(':')[2])).size).toBe(1);

    // The plan scored. On this clock every measure's period closed during the launch, and the first close had the plan
    // scored before the later measures were assigned; a unit's report, through the other web process, has it scored
    // again, and every measure counts.
    const assignment = await db.assignment.findFirstOrThrow({ where: mine, select: { id: true, unitId: true } });
    const contact = await db.person.findFirstOrThrow({ where: { unitId: assignment.unitId, isContact: true } });
    const unitToken = randomBytes(24).toString('base64url');
    await db.apiToken.create({ data: { personId: contact.id, name: 'scale-out', tokenHash: createHash('sha256').update(unitToken).digest('hex'), scope: 'report', expiresAt: new Date(Date.now() + 86_400_000) } });
    const reported = await fetch(`${webs[0]!.url}/api/assignments/${assignment.id}/progress`, {
      method: 'POST',
      headers: { authorization: `Bearer ${unitToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', percent: 60, narrative: '已完成主体工作。', idempotencyKey: `scale-out-${tag}` }),
    });
    expect(reported.status, await reported.clone().text()).toBeLessThan(300);
    const plan = () => db.plan.findUniqueOrThrow({ where: { id: planId }, select: { scoresOwed: true } });
    await waitFor('the plan scored', async () => (await plan()).scoresOwed === 0 && (await db.score.count({ where: { planId, year: 0, scope: 'measure' } })) === MEASURES, { timeoutMs: 60_000, everyMs: 250 });
    expect(await db.score.count({ where: { planId, year: 0, scope: 'plan' } })).toBe(1);
  });

  it('behind deploy/nginx/duban.conf: TLS, request ids shared with the web log, no probes or metrics outside', async () => {
    mkdirSync(path.join(scratch, 'tls'));
    const certs = makeTestCertificates(path.join(scratch, 'tls'), 'duban.test');
    const port = await freePort();
    const dir = path.join(scratch, 'nginx');
    mkdirSync(dir);
    const conf = readFileSync(path.join(root, 'deploy', 'nginx', 'duban.conf'), 'utf8')
      .replace('/etc/duban/tls/duban.crt', certs.server.cert)
      .replace('/etc/duban/tls/duban.key', certs.server.key)
      .replace('/var/log/nginx/duban.access.log', path.join(dir, 'access.log'))
      .replace('server 127.0.0.1:3000', `server ${new URL(webs[0]!.url).host}`)
      .replace('server 127.0.0.1:3001', `server ${new URL(webs[1]!.url).host}`)
      .replace('listen 443 ssl http2', `listen 127.0.0.1:${port} ssl http2`)
      .replace('listen 80;', `listen 127.0.0.1:${await freePort()};`);
    writeFileSync(path.join(dir, 'duban.conf'), conf);
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\ndaemon off;\nevents {}\nhttp {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  include ${dir}/duban.conf;\n}\n`,
    );
    execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')]);
    nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });

    const get = (pathname: string) =>
      new Promise<{ status: number; requestId: string | undefined }>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: pathname, servername: 'localhost', ca: readFileSync(certs.ca), headers: auth }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, requestId: res.headers['x-request-id'] as string | undefined }));
          })
          .on('error', reject);
      });
    await waitFor('nginx up', async () => (await get('/api/plans').catch(() => ({ status: 0 }))).status === 200, { timeoutMs: 20_000, everyMs: 250 });
    const answered = await get(`/api/plans/${planId}`);
    expect(answered.status).toBe(200);
    expect(answered.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(path.join(dir, 'access.log'), 'utf8')).toContain(`request_id=${answered.requestId}`);
    expect(webs.flatMap((w) => w.p.logLines()).some((l) => l.reqId === answered.requestId)).toBe(true);
    for (const hidden of ['/healthz', '/readyz', '/metrics']) expect((await get(hidden)).status, hidden).toBe(404);
  });

  it('SIGTERM stops every process with exit 0', async () => {
    nginx?.kill('SIGTERM');
    const codes = await Promise.all([...webs, ...workers].map((x) => x.p.stop('SIGTERM')));
    expect(codes).toEqual([0, 0, 0, 0]);
  });
});

/** The next Monday 08:00 in Shanghai (UTC+8, no summer time) after `ms`, as an instant. */
function nextMondayEight(ms: number): number {
  const day = 86_400_000;
  const offset = 8 * 3_600_000;
  const localMidnight = Math.floor((ms + offset) / day) * day;
  const weekday = (localMidnight / day + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return localMidnight + ((7 - weekday) % 7 || 7) * day + 8 * 3_600_000 - offset;
}
