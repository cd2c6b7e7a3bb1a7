import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEscalateAssignment } from '../../../activities/escalation/escalate-assignment';
import { createSendNotice } from '../../../activities/mail/send-notice';
import { createMailer, type Mailer, type OutgoingMail } from '../../../mail/mailer';
import { startOutboxDispatcher, type TDispatcher } from '../../../outbox/dispatcher';
import { emailChannel } from '../../../outbox/email-channel';
import { startMailCapture, type MailCapture } from '../../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedPlan, seedSmallRegistry, type TSmallRegistry } from '../../support/measure-fixtures';
import { waitFor } from '../../support/wait-for';

let t: TestDatabase;
let capture: MailCapture;
let mailer: Mailer;
let reg: TSmallRegistry;
let assignments: { czj: string; scjg: string; office: string };
let targetIds: string[];

const SENT_AT = new Date('2026-07-16T01:00:00Z');
const periods = [{ key: 'final', due: '2026-07-15' }];

beforeAll(async () => {
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({})]);
  mailer = createMailer(capture.smtpUrl, '督办系统 <duban@example.gov.cn>');
  reg = await seedSmallRegistry(t.db);
  const { measureIds } = await seedPlan(t.db, reg, [
    {
      ref: '一/(一)',
      title: '加大财政经费保障',
      due: '2026-07-15',
      targets: [
        { indicator: '经费到位率', value: 100, unit: '%' },
        { indicator: '项目开工数', value: 12, unit: '个' },
      ],
    },
  ]);
  const measureId = measureIds[0]!;
  const assign = (unitId: string, role: 'lead' | 'cooperating') => t.db.assignment.create({ data: { measureId, unitId, role } });
  assignments = { czj: (await assign(reg.units.czj.id, 'lead')).id, scjg: (await assign(reg.units.scjg.id, 'cooperating')).id, office: '' };
  // A unit with no contact on file: its notices go to the plan's coordinator office instead.
  const nobody = await t.db.unit.create({ data: { name: '市统计局' } });
  assignments.office = (await assign(nobody.id, 'cooperating')).id;
  targetIds = (await t.db.target.findMany({ where: { measureId }, orderBy: { position: 'asc' } })).map((x) => x.id);
});
afterAll(async () => {
  mailer?.close();
  await capture?.close();
  await t?.close();
});

/** What each delivery handed the mailer, for the headers the capture does not keep (Reply-To). */
const handed: OutgoingMail[] = [];
const recording = (m: Mailer): Mailer => ({ send: (mail, options) => (handed.push(mail), m.send(mail, options)), close: () => m.close() });

/** The outbox's dispatcher on `m`, while a test runs; retries come quickly here. */
let dispatcher: TDispatcher | null = null;
const dispatchThrough = (m: Mailer) => {
  dispatcher = startOutboxDispatcher({ db: t.db, channels: [emailChannel(recording(m))], log: { warn: () => {} }, pollMs: 100, backoff: { initialMs: 100, factor: 2, maxMs: 400 } });
};
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
});

// The activities write; the dispatcher, if one runs, sends. No gathering: each message is due when written.
const activities = () => {
  const deps = { db: t.db, config: { publicUrl: 'https://duban.example.gov.cn/' }, outbox: { gatherMs: 0, written: () => dispatcher?.wake() } };
  return { ...createSendNotice(deps), ...createEscalateAssignment(deps) };
};
/** The emails of one step's message (a lone message's delivery key starts with its source). */
const keyed = (source: string) => capture.messages().filter((m) => (m.headers['x-duban-key'] ?? '').startsWith(`${source}|`));
const arrived = (source: string) => capture.waitFor((m) => (m.headers['x-duban-key'] ?? '').startsWith(`${source}|`), 10_000, source);
const messageOf = (source: string) => t.db.outboxMessage.findFirstOrThrow({ where: { source }, include: { delivery: true } });
/** Once its delivery is marked: the mark follows the SMTP server's acceptance. */
function markedSent(source: string) {
  return waitFor(`${source} marked sent`, async () => {
    const m = await messageOf(source);
    return m.status === 'sent' && m;
  }, { timeoutMs: 10_000, everyMs: 50 });
}

describe('notices', () => {
  it('are written to the outbox before anything is sent, and a delivery the server refuses stays pending, counted and explained', async () => {
    const source = `${assignments.czj}:reminder:final:2026-07-15`;
    expect(await activities().sendNotice({ kind: 'reminder', assignmentId: assignments.czj, period: 'final', due: '2026-07-15', periods })).toEqual({ queued: true });
    expect(await messageOf(source)).toMatchObject({ status: 'pending', step: 'reminder', period: 'final', to: [reg.contacts.czj.email], deliveryId: null, sentAt: null });
    const down = createMailer('smtp://127.0.0.1:9', 'duban@example.gov.cn');
    dispatchThrough(down);
    await waitFor('a failed attempt', async () => (await messageOf(source)).delivery?.lastError, { timeoutMs: 10_000, everyMs: 50 });
    await dispatcher!.stop();
    dispatcher = null;
    down.close();
    const { delivery, ...message } = await messageOf(source);
    expect(message).toMatchObject({ status: 'pending', sentAt: null });
    expect(delivery).toMatchObject({ status: 'pending', sentAt: null, to: [reg.contacts.czj.email], items: 1 });
    expect(delivery!.attempts).toBeGreaterThanOrEqual(1);
    expect(delivery!.lastError).toBeTruthy();
  });

  it('send the pending delivery on a later attempt, mark it sent, and never send it again', async () => {
    const source = `${assignments.czj}:reminder:final:2026-07-15`;
    const input = { kind: 'reminder' as const, assignmentId: assignments.czj, period: 'final', due: '2026-07-15', periods };
    dispatchThrough(mailer);
    await arrived(source);
    const { delivery, ...message } = await markedSent(source);
    expect(message).toMatchObject({ status: 'sent', sentAt: delivery!.sentAt });
    expect(delivery).toMatchObject({ status: 'sent', lastError: null, leasedUntil: null });
    expect(delivery!.attempts).toBeGreaterThanOrEqual(2);
    // The step retried: nothing new is written, nothing sent again.
    expect(await activities().sendNotice(input)).toEqual({ queued: false });
    // Nothing pending for it that the dispatcher could still send: one message, already sent.
    expect(await t.db.outboxMessage.findMany({ where: { source }, select: { status: true } })).toEqual([{ status: 'sent' }]);
    const mails = keyed(source);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.deliveries).toBe(1);
    expect(mails[0]!.to).toEqual([reg.contacts.czj.email]);
    expect(mails[0]!.subject).toBe('【督办】报送提醒：“加大财政经费保障”最终进展报告请于2026年7月15日前报送');
    expect(mails[0]!.text).toContain(`https://duban.example.gov.cn/items/${assignments.czj}`);
    expect(mails[0]!.html).toContain(`href="https://duban.example.gov.cn/items/${assignments.czj}"`);
    // A reply reaches the coordinating office, not the system's unread sender address.
    expect(handed.find((m) => m.headers?.['X-Duban-Key']?.startsWith(`${source}|`))!.replyTo).toEqual([reg.contacts.office.email]);
  });

  it('go to the coordinator office when the unit has no contact', async () => {
    dispatchThrough(mailer);
    expect(await activities().sendNotice({ kind: 'notice', assignmentId: assignments.office, period: 'assign', periods })).toEqual({ queued: true });
    const mail = await arrived(`${assignments.office}:notice:assign`);
    expect(mail.to).toEqual([reg.contacts.office.email]);
    expect(mail.text).toContain('目标指标：经费到位率达到100%；项目开工数达到12个');
    // The office is told why it got a notice addressed to another unit, and to pass it on.
    expect(mail.text).toContain('说明：市统计局尚未在督办系统登记联系人，本邮件发送至市质量强市办，请转交该单位并补登联系人。');
    expect(mail.html).toContain('市统计局尚未在督办系统登记联系人');
    // The office is the recipient: no Reply-To pointing it back at itself.
    expect(handed.find((m) => m.headers?.['X-Duban-Key']?.startsWith(`${assignments.office}:notice:assign|`))!.replyTo).toEqual([]);
    expect(await messageOf(`${assignments.office}:notice:assign`)).toMatchObject({ recipient: `unit:${(await t.db.assignment.findUniqueOrThrow({ where: { id: assignments.office } })).unitId}` });
  });
});

describe('escalations', () => {
  it('record the 督办 and raise the level before the email, which lists the targets not yet reported', async () => {
    await t.db.progressReport.create({
      data: {
        assignmentId: assignments.czj,
        period: 'final',
        dueAt: new Date('2026-07-15T00:00:00+08:00'),
        status: 'in_progress',
        percent: 50,
        narrative: '经费已拨付',
        targetValues: [{ targetId: targetIds[0]!, value: 100 }],
        submittedAt: SENT_AT,
        submittedById: reg.contacts.czj.id,
        idempotencyKey: 'report-czj-final',
      },
    });
    const input = { level: 'supervise' as const, assignmentId: assignments.czj, period: 'final', due: '2026-07-15', workingDaysLate: 3, at: '2026-07-20T01:00:00.000Z' };
    // No dispatcher runs yet: the escalation, the raised level and the email are written together, nothing is sent.
    expect(await activities().escalateAssignment(input)).toEqual({ queued: true, recipients: [reg.leaders.b.email] });
    expect(await t.db.escalation.findMany({ where: { assignmentId: assignments.czj } })).toMatchObject([
      { level: 'supervise', period: 'final', recipients: [reg.leaders.b.email], workingDaysLate: 3, sentAt: new Date(input.at) },
    ]);
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignments.czj } })).toMatchObject({ escalationLevel: 2 });
    expect(await messageOf(`${assignments.czj}:supervise:final`)).toMatchObject({ status: 'pending', recipient: `leader:${reg.units.czj.id}`, digestKey: null, deliveryId: null });

    const outcome = await activities().escalateAssignment({ ...input, workingDaysLate: 4, at: '2026-07-21T01:00:00.000Z' });
    expect(outcome).toEqual({ queued: false, recipients: [reg.leaders.b.email] });
    // The retry keeps the escalation as first recorded.
    expect(await t.db.escalation.findMany({ where: { assignmentId: assignments.czj } })).toMatchObject([{ workingDaysLate: 3, sentAt: new Date(input.at) }]);
    dispatchThrough(mailer);
    const mail = await arrived(`${assignments.czj}:supervise:final`);
    expect(keyed(`${assignments.czj}:supervise:final`)).toHaveLength(1);
    expect(mail.to).toEqual([reg.leaders.b.email]);
    // The 督办单 says what is due, who owes it, how late and what is missing, dates written the Chinese way.
    expect(mail.subject).toBe('【督办】督办单：市财政局“加大财政经费保障”最终进展报告已逾期3个工作日');
    for (const line of ['督办单', '应报事项：最终进展报告', '报送期限：2026年7月15日前', '责任单位：市财政局（牵头单位）', '逾期时间：3个工作日']) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toContain('尚缺材料：最终进展报告；指标“项目开工数”的报送数值');
    expect(mail.text).not.toContain('经费到位率”的报送数值');
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(mail.text).not.toContain('duban progress');
    expect(mail.html).toContain('尚缺材料');
  });

  it('never lower the level: a late 催办 after a 督办 leaves it where it is', async () => {
    await activities().escalateAssignment({ level: 'urge', assignmentId: assignments.czj, period: 'final', due: '2026-07-15', workingDaysLate: 1, at: '2026-07-16T01:00:00.000Z' });
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignments.czj } })).toMatchObject({ escalationLevel: 2 });
    expect(await t.db.escalation.count({ where: { assignmentId: assignments.czj } })).toBe(2);
  });

  it('send a 督办 to the coordinators when the unit has no supervising leader', async () => {
    dispatchThrough(mailer);
    const outcome = await activities().escalateAssignment({ level: 'supervise', assignmentId: assignments.scjg, period: 'final', due: '2026-07-15', workingDaysLate: 5, at: '2026-07-22T01:00:00.000Z' });
    expect(outcome).toEqual({ queued: true, recipients: [reg.contacts.office.email] });
    const mail = await arrived(`${assignments.scjg}:supervise:final`);
    expect(mail.to).toEqual([reg.contacts.office.email]);
    expect(mail.text).toContain('说明：市市场监管局尚未在督办系统登记分管领导，本督办单发送至市质量强市办');
  });

  it('send the coordinator escalation of a plan with no coordinating unit on file to every coordinator, not back to the unit', async () => {
    const { plan, measureIds } = await seedPlan(t.db, reg, [{ ref: '二/(一)', title: '完善统计监测制度', due: '2026-07-15' }]);
    await t.db.plan.update({ where: { id: plan.id }, data: { coordinatorUnitId: null } });
    const assignmentId = (await t.db.assignment.create({ data: { measureId: measureIds[0]!, unitId: reg.units.czj.id, role: 'lead' } })).id;
    dispatchThrough(mailer);
    const outcome = await activities().escalateAssignment({ level: 'coordinator', assignmentId, period: 'final', due: '2026-07-15', workingDaysLate: 7, at: '2026-07-24T01:00:00.000Z' });
    expect(outcome).toEqual({ queued: true, recipients: [reg.contacts.office.email] });
    expect((await arrived(`${assignmentId}:coordinator:final`)).to).toEqual([reg.contacts.office.email]);
  });

  it('send a 催办 for a unit with no contact to the coordinators, as its notices went', async () => {
    dispatchThrough(mailer);
    const outcome = await activities().escalateAssignment({ level: 'urge', assignmentId: assignments.office, period: 'final', due: '2026-07-15', workingDaysLate: 1, at: '2026-07-16T01:00:00.000Z' });
    expect(outcome).toEqual({ queued: true, recipients: [reg.contacts.office.email] });
    const mail = await arrived(`${assignments.office}:urge:final`);
    expect(mail.subject).toBe('【督办】催办：市统计局“加大财政经费保障”最终进展报告已逾期1个工作日');
    expect(mail.text).toContain('市统计局尚未在督办系统登记联系人');
  });
});
