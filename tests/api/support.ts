import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../api/server';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { hashPassword } from '../../services/auth/password';
import { loadConfig, type TConfig } from '../../lib/config';
import { createMailer } from '../../mail/mailer';
import type { Db } from '../../prisma/client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { waitFor } from '../support/wait-for';

export const PASSWORD = 'correct horse battery staple';

export type TTestApp = { app: FastifyInstance; db: Db; database: TestDatabase; capture: MailCapture; config: TConfig; close: () => Promise<void> };

/**
 * A real database, a real SMTP receiver and the app on top, driven with app.inject. `env` adds to the environment the
 * app's configuration is read from.
 */
export async function startTestApp(options: { temporal?: Client | null; db?: Db; env?: Record<string, string> } = {}): Promise<TTestApp> {
  const database = await createTestDatabase();
  const capture = await startMailCapture({});
  const mailer = createMailer(capture.smtpUrl, '督办测试 <duban@test.local>');
  // Uploaded files go to a folder of the test's own, never the working copy's .data.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-app-'));
  const config = loadConfig({ PUBLIC_URL: 'http://duban.test', LOG_LEVEL: 'error', DUBAN_DATA_DIR: dataDir, ...options.env }, process.cwd());
  const app = await buildApp({
    db: options.db ?? database.db,
    temporal: options.temporal ?? null,
    config,
    mailer,
    mailCaptureUrl: capture.webUrl,
    logger: false,
  });
  return {
    app,
    db: database.db,
    database,
    capture,
    config,
    close: async () => {
      await app.close();
      mailer.close();
      await capture.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TWorld = Awaited<ReturnType<typeof seedWorld>>;

/** A plan clock on which it is now 10:00 on `date` in Shanghai, running at real speed. */
export const virtualToday = (date: string) => ({ dayMs: DAY_MS, realStartMs: Date.now(), virtualStartMs: shanghaiMidnight(date) + 10 * 3_600_000 });

/**
 * Two units with a member each, a leader supervising unit A only, a coordinator, and one launched measure assigned
 * to both units (rows as the measure workflow projects them), with a report from unit A.
 */
export async function seedWorld(db: Db) {
  const passwordHash = await hashPassword(PASSWORD);
  const office = await db.unit.create({ data: { name: '区督查室' } });
  const leaderA = await db.person.create({ data: { name: '王分管', email: 'leader.a@test.local', role: 'leader', passwordHash } });
  const unitA = await db.unit.create({ data: { name: '区财政局', leaderId: leaderA.id, aliases: { create: [{ alias: '财政局' }] } } });
  const unitB = await db.unit.create({ data: { name: '区教育局' } });
  const coordinator = await db.person.create({ data: { name: '李统筹', email: 'coordinator@test.local', role: 'coordinator', unitId: office.id, passwordHash } });
  const memberA = await db.person.create({ data: { name: '张财政', email: 'member.a@test.local', role: 'member', unitId: unitA.id, isContact: true, passwordHash } });
  const memberB = await db.person.create({ data: { name: '赵教育', email: 'member.b@test.local', role: 'member', unitId: unitB.id, isContact: true, passwordHash } });
  const plan = await db.plan.create({
    data: {
      title: '2026年质量提升行动方案',
      year: 2026,
      sourceText: '一、重点任务\n（一）加强质量监管。（区财政局牵头，区教育局配合）\n',
      schedule: { cadence: 'half-yearly', dueDay: 15, dates: [], completion: 'leads-done-and-cooperating-reported' },
      ladder: {},
      rubric: {},
      coordinatorUnitId: office.id,
      status: 'launched',
      launchedAt: new Date('2026-01-05T02:00:00Z'),
      // The plan's today is Monday 1 June 2026 for as long as a test runs, whatever the date it runs on.
      clock: virtualToday('2026-06-01'),
    },
  });
  const measure = await db.measure.create({
    data: {
      planId: plan.id,
      ref: '一/(一)',
      seq: 0,
      title: '加强质量监管',
      text: '加强质量监管。（区财政局牵头，区教育局配合）',
      responsibility: 'lead',
      due: new Date('2026-12-31T00:00:00Z'),
      status: 'active',
      colour: 'red',
      spanStart: 7,
      spanEnd: 31,
      targets: { create: [{ position: 0, text: '抽检合格率达到95%以上', indicator: '抽检合格率', comparator: 'gte', value: 95, unit: '%', by: '2026' }] },
    },
    include: { targets: true },
  });
  const assignmentA = await db.assignment.create({
    data: { measureId: measure.id, unitId: unitA.id, role: 'lead', status: 'in_progress', colour: 'red', escalationLevel: 2, assignedAt: new Date('2026-01-05T02:00:00Z') },
  });
  const assignmentB = await db.assignment.create({
    data: { measureId: measure.id, unitId: unitB.id, role: 'cooperating', assignedAt: new Date('2026-01-05T02:00:00Z') },
  });
  await db.progressReport.create({
    data: {
      assignmentId: assignmentA.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T00:00:00Z'),
      status: 'in_progress',
      percent: 40,
      narrative: '已完成上半年抽检工作',
      submittedAt: new Date('2026-07-10T02:00:00Z'),
      submittedById: memberA.id,
      idempotencyKey: 'seed-report-a-1',
    },
  });
  await db.escalation.create({
    data: { assignmentId: assignmentA.id, level: 'urge', period: '2026-H2', recipients: [memberA.email], workingDaysLate: 1, sentAt: new Date('2027-01-18T01:00:00Z') },
  });
  await db.escalation.create({
    data: { assignmentId: assignmentA.id, level: 'supervise', period: '2026-H2', recipients: [leaderA.email], workingDaysLate: 3, sentAt: new Date('2027-01-20T01:00:00Z') },
  });
  return { office, unitA, unitB, leaderA, coordinator, memberA, memberB, plan, measure, assignmentA, assignmentB };
}

export type TSession = { cookie: string; csrfToken: string };

export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<TSession> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${res.statusCode} ${res.body}`);
  return { cookie: sessionCookie(res), csrfToken: res.json().csrfToken };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const found = all.find((c) => c.startsWith('duban_session='));
  if (!found) throw new Error('no session cookie was set');
  return found.split(';')[0]!;
}

/**
 * What a browser has after opening a sign-in page (`/login`, or a link's `/auth/link?token=…`): the pre-session
 * cookie it set, and the `_csrf` field its forms carry; a sign-in form posted without them is refused (login CSRF).
 */
export async function signInPage(app: FastifyInstance, url = '/login'): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ url });
  const header = page.headers['set-cookie'];
  const cookie = (Array.isArray(header) ? header : header ? [header] : []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!cookie || !csrf) throw new Error(`${url} set no pre-session cookie or form field`);
  return { cookie, csrf };
}

/** Headers of a signed-in browser making a state-changing request from one of our pages. */
export const withSession = (s: TSession) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });

/** A measure of a draft plan: its title, and the world's units it names, the first leading and the rest cooperating. */
export type TDraftMeasure = { title: string; units: ('A' | 'B')[] };

/** A draft plan of the world's office with nothing left to review, its measures due at the year's end. */
export async function draftPlan(db: Db, w: TWorld, title: string, measures: TDraftMeasure[]) {
  const units = { A: w.unitA, B: w.unitB };
  return db.plan.create({
    data: {
      title,
      year: 2026,
      sourceText: '……',
      schedule: {},
      ladder: {},
      rubric: {},
      coordinatorUnitId: w.office.id,
      measures: {
        create: measures.map((m, seq) => ({
          ref: String(seq + 1),
          seq,
          title: m.title,
          text: `${m.title}。`,
          responsibility: 'lead' as const,
          due: new Date('2026-12-31T00:00:00+08:00'),
          parties: { create: m.units.map((u, position) => ({ role: position === 0 ? ('lead' as const) : ('cooperating' as const), name: units[u].name, unitId: units[u].id, position })) },
        })),
      },
    },
    include: { measures: { orderBy: { seq: 'asc' } } },
  });
}

/**
 * A draft plan (`draftPlan`) launched by the coordinator through the API. Resolves once every measure has recorded its
 * assignments (each records its own in its first task), with the plan, its measures in order and the assignments in
 * measure order.
 */
export async function launchDraftPlan(t: Pick<TTestApp, 'app' | 'db'>, w: TWorld, coordinator: TSession, title: string, measures: TDraftMeasure[]) {
  const plan = await draftPlan(t.db, w, title, measures);
  const launched = await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(coordinator) });
  if (launched.statusCode !== 202) throw new Error(`launch answered ${launched.statusCode}: ${launched.body}`);
  const mine = { measure: { planId: plan.id } };
  const expected = measures.reduce((n, m) => n + m.units.length, 0);
  await waitFor(`${expected} assignments`, async () => (await t.db.assignment.count({ where: mine })) === expected, { timeoutMs: 60_000 });
  const assignments = await t.db.assignment.findMany({ where: mine, orderBy: [{ measure: { seq: 'asc' } }, { unitId: 'asc' }] });
  return { plan, assignments, of: (unitId: string) => assignments.find((a) => a.unitId === unitId)! };
}

/** One file as a browser's multipart body (field `file`), for the upload routes. */
export function multipartFile(name: string, bytes: Uint8Array) {
  const boundary = '----duban-test-upload';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
