import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEscalateAssignment } from '../../../activities/escalation/escalate-assignment';
import { createSendAcknowledgeChase } from '../../../activities/mail/send-acknowledge-chase';
import { createSendInstructionChase } from '../../../activities/mail/send-instruction-chase';
import { createSendSubtaskChase } from '../../../activities/mail/send-subtask-chase';
import { createSendNotice } from '../../../activities/mail/send-notice';
import { createMailer, type Mailer, type OutgoingMail } from '../../../mail/mailer';
import type { TChannelAdapter } from '../../../outbox/channels';
import { startOutboxDispatcher, type TDispatcher, type TDispatcherOptions } from '../../../outbox/dispatcher';
import { emailChannel } from '../../../outbox/email-channel';
import { createDb } from '../../../prisma/client';
import { startMailCapture, type MailCapture } from '../../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { itemsOf } from '../../support/mail-items';
import { seedPlan, seedSmallRegistry, type TSmallRegistry } from '../../support/measure-fixtures';
import { startSmtpReceiver } from '../../support/smtp-receiver';
import { waitFor } from '../../support/wait-for';

let t: TestDatabase;
let capture: MailCapture;
let mailer: Mailer;
let reg: TSmallRegistry;

beforeAll(async () => {
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({})]);
  mailer = createMailer(capture.smtpUrl, '督办系统 <duban@example.gov.cn>');
  reg = await seedSmallRegistry(t.db);
});
afterAll(async () => {
  mailer?.close();
  await capture?.close();
  await t?.close();
});

const running: TDispatcher[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
});
const dispatch = (channels: TChannelAdapter[], options: Partial<TDispatcherOptions> = {}) => {
  const d = startOutboxDispatcher({ db: t.db, channels, log: { warn: () => {} }, pollMs: 100, ...options });
  running.push(d);
  return d;
};

/** The activities as the worker builds them, gathering a unit's digest for `gatherMs`. */
const activities = (gatherMs: number) => {
  const deps = { db: t.db, config: { publicUrl: 'https://duban.example.gov.cn' }, outbox: { gatherMs, written: () => running.forEach((d) => d.wake()) } };
  return { ...createSendNotice(deps), ...createEscalateAssignment(deps), ...createSendAcknowledgeChase(deps), ...createSendInstructionChase(deps), ...createSendSubtaskChase(deps) };
};

/** A plan whose measures 市财政局 leads, one per due date given; returns its assignments in order. */
async function czjMeasures(dues: string[], title = '专项') {
  const { measureIds } = await seedPlan(
    t.db,
    reg,
    dues.map((due, i) => ({ ref: `${i + 1}`, title: `${title}${i + 1}`, due, parties: [{ role: 'lead' as const, name: '市财政局', unitId: reg.units.czj.id }] })),
  );
  const ids: string[] = [];
  for (const measureId of measureIds) ids.push((await t.db.assignment.create({ data: { measureId, unitId: reg.units.czj.id, role: 'lead' } })).id);
  return ids;
}
const periodsOf = (due: string) => [{ key: 'final', due }];
const remind = (assignmentId: string, due: string, gatherMs = 1_000) =>
  activities(gatherMs).sendNotice({ kind: 'reminder', assignmentId, period: 'final', due, periods: periodsOf(due) });
const mailsTo = (email: string, subject: RegExp) => capture.messages().filter((m) => m.to.includes(email) && subject.test(m.subject));
const until = (done: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) => waitFor(what, done, { timeoutMs, everyMs: 25 });

describe('digests', () => {
  it('one unit with several items due the same day gets one email listing each, not one per item', async () => {
    const ids = await czjMeasures(['2026-07-15', '2026-07-15', '2026-07-15'], '合并提醒');
    const handed: OutgoingMail[] = [];
    dispatch([emailChannel({ send: (m, o) => (handed.push(m), mailer.send(m, o)), close: () => {} })]);
    for (const id of ids) await remind(id, '2026-07-15');
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId: { in: ids }, status: 'sent' } })) === 3, 'the reminders sent');
    const mails = mailsTo(reg.contacts.czj.email, /报送提醒/);
    expect(mails.map((m) => m.subject)).toEqual(['【督办】报送提醒：3项任务进展报告请于2026年7月15日前报送']);
    const [mail] = mails;
    expect(itemsOf(mail!.text).sort()).toEqual([...ids].sort());
    for (const [i, line] of ['1 合并提醒1（牵头单位）', '2 合并提醒2（牵头单位）', '3 合并提醒3（牵头单位）'].entries()) expect(mail!.text).toContain(`${i + 1}. ${line}`);
    expect(mail!.text).toContain('市财政局：贵单位承担的以下3项任务，进展报告应于2026年7月15日前报送，请按时报送。');
    expect(mail!.text).toContain('所属计划：《关于开展质量提升行动的实施方案》');
    expect(mail!.html).toContain(`href="https://duban.example.gov.cn/items/${ids[2]}"`);
    // Replies reach the coordinating office, as a single item's would.
    expect(handed.find((m) => m.subject === mail!.subject)!.replyTo).toEqual([reg.contacts.office.email]);
    // One delivery carried the three messages, under a key of its own.
    const messages = await t.db.outboxMessage.findMany({ where: { assignmentId: { in: ids } }, include: { delivery: true } });
    expect(new Set(messages.map((m) => m.deliveryId)).size).toBe(1);
    expect(messages[0]!.delivery).toMatchObject({ status: 'sent', items: 3, key: expect.stringMatching(/^digest:reminder:/) });
    expect(mail!.headers['x-duban-key']).toBe(messages[0]!.delivery!.key);
  });

  it('items due on different days go as separate emails; an item alone reads as it always did', async () => {
    const [a, b] = await czjMeasures(['2026-07-15', '2026-07-31'], '分日提醒');
    dispatch([emailChannel(mailer)]);
    await remind(a!, '2026-07-15');
    await remind(b!, '2026-07-31');
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId: { in: [a!, b!] }, status: 'sent' } })) === 2, 'the reminders sent');
    expect(mailsTo(reg.contacts.czj.email, /分日提醒/).map((m) => m.subject).sort()).toEqual([
      '【督办】报送提醒：“分日提醒1”最终进展报告请于2026年7月15日前报送',
      '【督办】报送提醒：“分日提醒2”最终进展报告请于2026年7月31日前报送',
    ]);
  });

  it('a unit’s 催办 about reports due the same day come as one, each item with what is still missing', async () => {
    const ids = await czjMeasures(['2026-07-15', '2026-07-15'], '合并催办');
    dispatch([emailChannel(mailer)]);
    for (const id of ids) {
      await activities(1_000).escalateAssignment({ level: 'urge', assignmentId: id, period: 'final', due: '2026-07-15', workingDaysLate: 1, at: '2026-07-16T01:00:00.000Z' });
    }
    await until(() => mailsTo(reg.contacts.czj.email, /催办：市财政局2项任务/).length === 1, 'the 催办');
    const [mail] = mailsTo(reg.contacts.czj.email, /催办：市财政局2项任务/);
    expect(mail!.subject).toBe('【督办】催办：市财政局2项任务进展报告已逾期1个工作日');
    expect(mail!.text).toContain('逾期时间：1个工作日');
    expect(mail!.text.match(/尚缺材料：最终进展报告/g)).toHaveLength(2);
    expect(await t.db.escalation.count({ where: { assignmentId: { in: ids } } })).toBe(2);
  });

  it('items not signed for by the same day: the unit gets one 签收提醒 listing them, the office one 逾期未签收 naming the units', async () => {
    const czj = await czjMeasures(['2026-09-15', '2026-09-15', '2026-09-15'], '合并签收');
    const { measureIds } = await seedPlan(t.db, reg, [{ ref: '9', title: '合并签收发改', due: '2026-09-15', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] }]);
    const fgw = (await t.db.assignment.create({ data: { measureId: measureIds[0]!, unitId: reg.units.fgw.id, role: 'lead' } })).id;
    dispatch([emailChannel(mailer)]);
    for (const id of czj) await activities(1_000).sendAcknowledgeChase({ step: 'ack-reminder', assignmentId: id, due: '2026-09-02' });
    await until(() => mailsTo(reg.contacts.czj.email, /签收提醒/).length === 1 && mailsTo(reg.contacts.czj.email, /合并签收/).length === 0, 'the 签收提醒');
    const [reminder] = mailsTo(reg.contacts.czj.email, /签收提醒/);
    expect(reminder!.subject).toBe('【督办】签收提醒：3项任务请尽快签收');
    expect(reminder!.text).toContain('市财政局：贵单位承担的以下3项任务应于2026年9月2日前签收，目前尚未签收。');
    expect(itemsOf(reminder!.text).sort()).toEqual([...czj].sort());

    // The office hears of both plans' items as two letters (one a plan), each listing its own.
    for (const id of [...czj, fgw]) await activities(1_000).sendAcknowledgeChase({ step: 'ack-office', assignmentId: id, due: '2026-09-02' });
    await until(async () => (await t.db.outboxMessage.count({ where: { step: 'ack-office', assignmentId: { in: [...czj, fgw] }, status: 'sent' } })) === 4, 'the office told');
    const told = mailsTo(reg.contacts.office.email, /逾期未签收/);
    expect(told.map((m) => m.subject).sort()).toEqual(['【督办】逾期未签收：1个单位3项任务', '【督办】逾期未签收：市发展改革委“合并签收发改”']);
    const digest = told.find((m) => /3项任务/.test(m.subject))!;
    expect(digest.text).toContain('未签收单位：市财政局（共1个）');
    expect(itemsOf(digest.text).sort()).toEqual([...czj].sort());
    // A retried step writes nothing again.
    expect((await activities(1_000).sendAcknowledgeChase({ step: 'ack-office', assignmentId: fgw, due: '2026-09-02' })).queued).toBe(false);
  });

  it('批示 not answered by the same day: the unit gets one 批示落实提醒 listing them, the office one 批示逾期未回复', async () => {
    const czj = await czjMeasures(['2026-10-15', '2026-10-15'], '合并批示');
    const instructions: string[] = [];
    for (const [i, assignmentId] of czj.entries()) {
      const { measureId } = await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
      const ins = await t.db.instruction.create({
        data: { id: `digest-instruction-${i}`, measureId, leaderId: reg.leaders.b.id, writtenById: reg.leaders.b.id, text: `请加快进度${i + 1}`, replyBy: new Date('2026-10-09T00:00:00Z'), at: new Date('2026-10-01T02:00:00Z'), replies: { create: [{ assignmentId }] } },
      });
      instructions.push(ins.id);
    }
    dispatch([emailChannel(mailer)]);
    for (const [i, assignmentId] of czj.entries()) {
      await activities(1_000).sendInstructionChase({ step: 'instruction-reminder', instructionId: instructions[i]!, assignmentId, replyBy: '2026-10-09' });
    }
    await until(() => mailsTo(reg.contacts.czj.email, /批示落实提醒/).length === 1, 'the 批示落实提醒');
    await until(async () => (await t.db.outboxMessage.count({ where: { step: 'instruction-reminder', assignmentId: { in: czj }, status: 'sent' } })) === 2, 'both sent');
    const [reminder] = mailsTo(reg.contacts.czj.email, /批示落实提醒/);
    expect(reminder!.subject).toBe('【督办】批示落实提醒：2项批示请于今日回复落实情况');
    expect(reminder!.text).toContain('市财政局：以下2项领导批示的落实情况应于2026年10月9日前回复');
    expect(reminder!.text).toContain('批示内容：请加快进度1');
    expect(reminder!.text).toContain('批示内容：请加快进度2');
    expect(itemsOf(reminder!.text).sort()).toEqual([...czj].sort());

    for (const [i, assignmentId] of czj.entries()) {
      await activities(1_000).sendInstructionChase({ step: 'instruction-office', instructionId: instructions[i]!, assignmentId, replyBy: '2026-10-09' });
    }
    await until(() => mailsTo(reg.contacts.office.email, /批示逾期未回复/).length === 1, 'the office told');
    const [told] = mailsTo(reg.contacts.office.email, /批示逾期未回复/);
    expect(told!.subject).toBe('【督办】批示逾期未回复：1个单位2项批示');
    expect(told!.text).toContain('未回复单位：市财政局（共1个）');
    // A retried step writes nothing again.
    expect((await activities(1_000).sendInstructionChase({ step: 'instruction-office', instructionId: instructions[0]!, assignmentId: czj[0]!, replyBy: '2026-10-09' })).queued).toBe(false);
  });

  it('sub-tasks due the same day: their person gets one 分解任务到期提醒, the unit one 分解任务逾期; another person’s go apart', async () => {
    const [a] = await czjMeasures(['2026-11-30'], '合并分解');
    const sub = (id: string, title: string, email: string, name: string) =>
      t.db.subtask.create({ data: { id, assignmentId: a!, title, assigneeName: name, assigneeEmail: email, due: new Date('2026-11-10T00:00:00Z'), addedAt: new Date('2026-11-01T02:00:00Z'), addedById: reg.contacts.czj.id } });
    await sub('digest-sub-1', '起草实施细则', 'sun@czj.example.gov.cn', '孙科长');
    await sub('digest-sub-2', '汇总基层数据', 'sun@czj.example.gov.cn', '孙科长');
    await sub('digest-sub-3', '组织现场核查', 'zhou@czj.example.gov.cn', '周科员');
    dispatch([emailChannel(mailer)]);
    for (const id of ['digest-sub-1', 'digest-sub-2', 'digest-sub-3']) await activities(1_000).sendSubtaskChase({ step: 'subtask-due', subtaskId: id });
    await until(async () => (await t.db.outboxMessage.count({ where: { step: 'subtask-due', assignmentId: a!, status: 'sent' } })) === 3, 'the reminders sent');
    const toSun = capture.messages().filter((m) => m.to.includes('sun@czj.example.gov.cn'));
    expect(toSun.map((m) => m.subject)).toEqual(['【督办】分解任务今日到期：2项分解任务']);
    expect(toSun[0]!.text).toContain('孙科长：您负责的以下2项分解任务应于今日（2026年11月10日）完成');
    expect(toSun[0]!.text).toContain('1. 起草实施细则');
    expect(capture.messages().filter((m) => m.to.includes('zhou@czj.example.gov.cn')).map((m) => m.subject)).toEqual(['【督办】分解任务今日到期：“组织现场核查”']);

    for (const id of ['digest-sub-1', 'digest-sub-2', 'digest-sub-3']) await activities(1_000).sendSubtaskChase({ step: 'subtask-overdue', subtaskId: id });
    await until(() => mailsTo(reg.contacts.czj.email, /分解任务逾期/).length === 1, 'the unit told');
    const [overdue] = mailsTo(reg.contacts.czj.email, /分解任务逾期/);
    expect(overdue!.subject).toBe('【督办】分解任务逾期：3项分解任务尚未完成');
    expect(overdue!.text).toContain('承办人：周科员');
  });

  it('an item written after its digest went out is not lost: it goes in a delivery of its own', async () => {
    const [a, b] = await czjMeasures(['2026-08-14', '2026-08-14'], '迟到提醒');
    dispatch([emailChannel(mailer)]);
    await remind(a!, '2026-08-14', 0);
    await until(async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { assignmentId: a! } })).status === 'sent', 'the first reminder');
    await remind(b!, '2026-08-14', 0);
    await until(() => mailsTo(reg.contacts.czj.email, /迟到提醒/).length === 2, 'the late reminder');
    expect(mailsTo(reg.contacts.czj.email, /迟到提醒/).map((m) => itemsOf(m.text))).toEqual([[a], [b]]);
  });
});

describe('dispatchers', () => {
  it('two dispatchers share the work and never send one delivery twice, even with a slow server holding a queue behind it', async () => {
    const receiver = await startSmtpReceiver({ acceptMs: 400 });
    // Each dispatcher sends through a mailer of its own, as each worker process has: one mailer shared by both would
    // queue eight claimed deliveries behind four connections, and on a loaded machine some would wait past their
    // deadline and never start (counted below as attempts).
    const mailers = [createMailer(receiver.smtpUrl, 'duban@example.gov.cn'), createMailer(receiver.smtpUrl, 'duban@example.gov.cn')];
    try {
      // Forty 督办单, one per measure: none is digested. Each dispatcher holds a delivery for three seconds, less than
      // the forty take through the mailer's four connections: a dispatcher must claim no more than it can start.
      const ids = await czjMeasures(Array.from({ length: 40 }, () => '2026-09-15'), '双发');
      const sentBy = [0, 0];
      const counting = (i: number): TChannelAdapter => {
        const email = emailChannel(mailers[i]!);
        return { ...email, deliver: async (d, o) => ((sentBy[i]! += 1), email.deliver(d, o)) };
      };
      for (const id of ids) {
        await activities(0).escalateAssignment({ level: 'supervise', assignmentId: id, period: 'final', due: '2026-09-15', workingDaysLate: 3, at: '2026-09-18T01:00:00.000Z' });
      }
      dispatch([counting(0)], { leaseMs: 3_000 });
      dispatch([counting(1)], { leaseMs: 3_000 });
      await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId: { in: ids }, status: 'sent' } })) === 40, 'forty sent', 60_000);
      // Past every lease: a delivery sent but left unmarked would go again now. What is awaited is an absence, so
      // a bounded wait is the test.
      await new Promise((r) => setTimeout(r, 3_500));
      const keys = (await t.db.outboxMessage.findMany({ where: { assignmentId: { in: ids } }, include: { delivery: true } })).map((m) => m.delivery!.key);
      expect(new Set(keys).size).toBe(40);
      const mine = receiver.received.filter((r) => keys.includes(r.key));
      expect(mine).toHaveLength(40);
      expect(new Set(mine.map((r) => r.messageId)).size).toBe(40);
      expect(sentBy[0]! + sentBy[1]!).toBe(40);
      expect(Math.min(...sentBy)).toBeGreaterThan(0);
    } finally {
      for (const m of mailers) m.close();
      await receiver.close();
    }
  }, 90_000);

  it('a dispatcher that dies after the server accepted, before the mark, leaves a delivery that is sent again as it was, and nothing else', async () => {
    const [a, b, c] = await czjMeasures(['2026-10-15', '2026-10-15', '2026-10-15'], '宕机');
    const email = emailChannel(mailer);
    // Dies right after the server's acceptance: it never marks, never records a failure, never lets go of its lease,
    // and does nothing more (its database connections go with it).
    const doomed = createDb(t.url, { poolSize: 2 });
    let dead = false;
    let release!: () => void;
    const dying: TChannelAdapter = {
      ...email,
      deliver: async (d, o) => {
        const accepted = await email.deliver(d, o);
        dead = true;
        void doomed.close();
        await new Promise<void>((r) => (release = r));
        return accepted;
      },
    };
    const first = startOutboxDispatcher({ db: doomed, channels: [dying], log: { warn: () => {} }, pollMs: 100, leaseMs: 1_500 });
    try {
      await remind(a!, '2026-10-15');
      await remind(b!, '2026-10-15');
      await until(() => dead, 'the accepted digest');
      const key = (await t.db.outboxMessage.findFirstOrThrow({ where: { assignmentId: a! }, include: { delivery: true } })).delivery!.key;
      // While the dead dispatcher's lease runs, an item of the same digest key falls due.
      await remind(c!, '2026-10-15', 0);
      dispatch([email], { leaseMs: 1_500 });
      await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId: { in: [a!, b!, c!] }, status: 'sent' } })) === 3, 'all sent');
      const mails = mailsTo(reg.contacts.czj.email, /宕机|2项任务/).filter((m) => [a, b, c].some((id) => m.text.includes(id!)));
      // The digest went twice under one Message-ID (the capture, as a mail store would, keeps it once and counts the
      // repeat) with the same two items; the third item went in a delivery of its own, once.
      expect(mails.map((m) => [m.headers['x-duban-key'] === key, m.deliveries, itemsOf(m.text).sort()])).toEqual([
        [true, 2, [a, b].sort()],
        [false, 1, [c]],
      ]);
      expect(await t.db.outboxDelivery.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'sent', attempts: 2, items: 2 });
    } finally {
      release?.();
      await first.stop();
    }
  }, 60_000);

  it('a failed attempt is retried after a wait that grows each time, recording why, and the delivery goes once', async () => {
    const receiver = await startSmtpReceiver({ refuseFirst: 3 });
    const flaky = createMailer(receiver.smtpUrl, 'duban@example.gov.cn');
    try {
      const [id] = await czjMeasures(['2026-11-16'], '退避');
      await activities(0).escalateAssignment({ level: 'supervise', assignmentId: id!, period: 'final', due: '2026-11-16', workingDaysLate: 3, at: '2026-11-19T01:00:00.000Z' });
      const delivery = async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { assignmentId: id! }, include: { delivery: true } })).delivery;
      dispatch([emailChannel(flaky)], { backoff: { initialMs: 300, factor: 2, maxMs: 1_000 } });
      // After the first refusal the office can see why it has not gone, and when it will be tried again.
      await until(async () => (await delivery())?.lastError != null, 'the first refusal');
      const refused = (await delivery())!;
      expect(refused).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
      expect(refused.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(receiver.attempts[0]!.at + 300);
      await until(async () => (await delivery())?.status === 'sent', 'the delivery sent', 20_000);
      expect(await delivery()).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
      // 300 ms, then 600, then 1,200 held to the 1,000 ms ceiling: each wait measured from the refusal before it.
      const gaps = receiver.attempts.slice(1).map((a, i) => a.at - receiver.attempts[i]!.at);
      expect(gaps).toHaveLength(3);
      for (const [i, least] of [300, 600, 1_000].entries()) expect(gaps[i]).toBeGreaterThanOrEqual(least);
      // Every attempt was the same message; the server took it once.
      expect(new Set(receiver.attempts.map((a) => a.messageId)).size).toBe(1);
      expect(receiver.received).toHaveLength(1);
    } finally {
      flaky.close();
      await receiver.close();
    }
  }, 60_000);
});
