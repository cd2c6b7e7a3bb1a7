import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecret, sha256 } from '../../services/auth/secrets';
import { buildApp } from '../../api/server';
import { createMailer } from '../../mail/mailer';
import { createDb, type Db } from '../../prisma/client';
import { measureWorkflowId, submitProgressUpdate } from '../../workflows/measure/definitions';
import { startChaosStack, type ChaosStack } from '../support/chaos-stack';
import { launchEscalatingPlan } from './escalation-steps';

/** Real time: nothing falls due while the test runs, so every email and report here is one the test caused. */
const DAY_MS = 86_400_000;
/** How long the database stays away while a report is on its way to the measure. */
const OUTAGE_MS = 6_000;

let s: ChaosStack;
let db: Db;
let app: FastifyInstance;
let tokens: [string, string];
let assignment: { id: string; measureId: string; planId: string };
let personId: string;

beforeAll(async () => {
  s = await startChaosStack({ relay: true, worker: true });
  // The app reaches the database through the relay the test cuts, as a separate server would.
  db = createDb(s.databaseUrl);
  app = await buildApp({ db, temporal: s.client, config: s.config, mailer: createMailer(s.config.SMTP_URL!, s.config.MAIL_FROM), logger: false });
  const { plan, reg } = await launchEscalatingPlan(s, 2, DAY_MS);
  const a = await s.t.db.assignment.findFirstOrThrow({ where: { measure: { planId: plan.id } }, orderBy: { id: 'asc' } });
  assignment = { id: a.id, measureId: a.measureId, planId: plan.id };
  personId = reg.contacts.czj.id;
  // One unit member on two devices: two API tokens.
  tokens = [newSecret(), newSecret()];
  for (const [i, token] of tokens.entries()) await s.t.db.apiToken.create({ data: { personId, name: `device ${i}`, tokenHash: sha256(token), scope: 'report', expiresAt: new Date(Date.now() + 86_400_000) } });
}, 300_000);

afterAll(async () => {
  s?.relay?.restore();
  await app?.close();
  await db?.close();
  await s?.close();
});

const report = (idempotencyKey: string, percent = 30) => ({ status: 'in_progress', percent, narrative: '已完成阶段性工作。', idempotencyKey });
const submit = (token: string, body: object) =>
  app.inject({ method: 'POST', url: `/api/assignments/${assignment.id}/progress`, headers: { authorization: `Bearer ${token}` }, payload: body });

describe.sequential('reports under contention and a database outage', () => {
  it('the same report sent at once from two clients with one idempotency key is recorded once, and both get the same answer', async () => {
    const key = `twice-${randomUUID()}`;
    const [a, b] = await Promise.all([submit(tokens[0], report(key)), submit(tokens[1], report(key))]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json()).toEqual(b.json());
    expect(await s.t.db.progressReport.count({ where: { idempotencyKey: key } })).toBe(1);
    expect((await s.t.db.progressReport.findFirstOrThrow({ where: { idempotencyKey: key } })).id).toBe(a.json().reportId);
  });

  it('with the database gone the API answers 503 with a clear message, activities retry, and an acknowledged report is kept', async () => {
    const before = await s.t.db.progressReport.count();
    s.relay!.cut();
    const refused = await submit(tokens[0], report(`refused-${randomUUID()}`));
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('DATABASE_UNAVAILABLE');
    expect(refused.json().error.message).toContain('数据库暂时不可用');

    // A report reaching the workflow while the database is away: its projection retries until it is back.
    const key = `during-outage-${randomUUID()}`;
    const handle = s.client.workflow.getHandle(measureWorkflowId(assignment.planId, assignment.measureId));
    let answered = false;
    const pending = handle
      .executeUpdate(submitProgressUpdate, {
        args: [{ assignmentId: assignment.id, status: 'in_progress', percent: 40, narrative: '数据库中断期间报送。', targetValues: [], attachments: [], submittedBy: personId, idempotencyKey: key }],
      })
      .finally(() => (answered = true));
    // The outage itself: how long the database stays away is the scenario, not a wait for something to happen.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    expect(answered).toBe(false);
    s.relay!.restore();
    const answer = await pending;

    const stored = await s.t.db.progressReport.findFirstOrThrow({ where: { idempotencyKey: key } });
    expect(stored.id).toBe(answer.reportId);
    // The report's projection is a local activity: its marker says on which attempt it got through.
    const history = await handle.fetchHistory();
    const projections = (history.events ?? [])
      .flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? e.markerRecordedEventAttributes.details?.data?.payloads ?? [] : []))
      .map((p) => JSON.parse(Buffer.from(p.data!).toString('utf8')) as { activity_type: string; attempt: number })
      .filter((m) => m.activity_type === 'recordProgressReport');
    expect(projections.length).toBeGreaterThan(0);
    expect(Math.max(...projections.map((m) => m.attempt))).toBeGreaterThan(1);

    // Back up: the API answers again, and nothing acknowledged went missing; nothing refused was written.
    const after = await submit(tokens[1], report(`after-${randomUUID()}`, 50));
    expect(after.statusCode).toBe(200);
    expect(await s.t.db.progressReport.count()).toBe(before + 2);
  }, 120_000);
});
