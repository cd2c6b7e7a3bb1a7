import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaderSummaryActivities } from '../../../activities/scoring/send-leader-summaries';
import { createMailer, type Mailer } from '../../../mail/mailer';
import { startOutboxDispatcher, type TDispatcher } from '../../../outbox/dispatcher';
import { emailChannel } from '../../../outbox/email-channel';
import { startMailCapture, type MailCapture } from '../../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { waitFor } from '../../support/wait-for';
import { seedSmallPlan } from './seed-small-plan';

let t: TestDatabase;
let capture: MailCapture;
let seeded: Awaited<ReturnType<typeof seedSmallPlan>>;
let mailer: Mailer;
let dispatcher: TDispatcher | null = null;

beforeAll(async () => {
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({ smtpPort: 0, webPort: 0 })]);
  seeded = await seedSmallPlan(t.db);
  // A leader whose only unit works on a plan still in draft: nothing to report to them.
  const idle = await t.db.person.create({ data: { name: '赵副市长', email: 'idle@gov.example', role: 'leader' } });
  const draft = await seedSmallPlan(t.db, '-draft');
  await t.db.plan.update({ where: { id: draft.plan.id }, data: { status: 'draft' } });
  await t.db.unit.update({ where: { id: draft.units.ndrc.id }, data: { leaderId: idle.id } });
  await t.db.unit.update({ where: { id: draft.units.env.id }, data: { leaderId: idle.id } });
});
afterAll(async () => {
  await dispatcher?.stop();
  mailer?.close();
  await capture?.close();
  await t?.close();
});

const WEEK = { periodKey: '2027-01-18', since: '2027-01-11T08:00:00+08:00', asOf: '2027-01-18T08:00:00+08:00' };
const activities = () =>
  createLeaderSummaryActivities({ db: t.db, config: { publicUrl: 'https://duban.example.gov.cn' }, outbox: { gatherMs: 0, written: () => dispatcher?.wake() } });

describe('leaders’ weekly summary', () => {
  it('writes one email per leader to the outbox, sending nothing itself', async () => {
    expect(await activities().sendLeaderSummaries(WEEK)).toEqual({ leaders: 1, queued: 1, alreadyQueued: 0 });
    // No dispatcher runs yet, and the activity has no mailer: the message waits in the outbox.
    expect(capture.messages()).toHaveLength(0);
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { source: `leader-summary:${seeded.leader.id}:2027-01-18` } });
    expect(row).toMatchObject({ status: 'pending', recipient: `person:${seeded.leader.id}`, channel: 'email', to: ['leader@gov.example'], digestKey: null });
  });

  it('the outbox sends the leader one email with scores, overdue items and this week’s escalations', async () => {
    mailer = createMailer(capture.smtpUrl, '督办系统 <duban@example.gov.cn>');
    dispatcher = startOutboxDispatcher({ db: t.db, channels: [emailChannel(mailer)], log: { warn: () => {} } });
    await capture.waitFor((m) => m.to.includes('leader@gov.example'), 10_000, 'the leader summary');
    const mails = capture.messages();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('【督办】王副市长同志分管单位督办情况（截至2027年1月18日）');
    // As of 01-18 the H2 report is 11 working days overdue (01-04…01-08, 01-11…01-15, 01-18).
    expect(mail.text).toContain('■ 《大气和工业整治工作方案》（全计划得分');
    expect(mail.text).toContain('  - 市环保局：');
    expect(mail.text).toContain('第1/2名，逾期未报1项');
    expect(mail.text).toContain('  - 一/(一) 大气污染防治 · 市环保局（配合）：2026年12月31日节点进展报告应于2026年12月31日前报送，已逾期11个工作日');
    // Escalations since 01-11: only the one to the coordinator (01-12); 催办 01-04 and 督办 01-06 were the week before.
    expect(mail.text).toContain('本期催办督办（1次）：\n  - 2027年1月12日 09:00 提请协调 · 市环保局 · 一/(一) 大气污染防治 · 2026年12月31日节点进展报告（逾期7个工作日）');
    expect(mail.text).toContain('查看分管单位详情：https://duban.example.gov.cn/leader');
    expect(mail.html.replace(/<th [^>]*>/g, '<th>')).toContain('<th>单位</th><th>得分</th><th>等级</th><th>排名</th><th>逾期未报</th>');
    expect(mail.to).not.toContain('idle@gov.example');
  });

  it('a retried send for the same week sends nothing more', async () => {
    const again = await activities().sendLeaderSummaries(WEEK);
    expect(again).toEqual({ leaders: 1, queued: 0, alreadyQueued: 1 });
    // Once the outbox holds nothing unsent, a second email would have arrived.
    await waitFor('the outbox to empty', async () => (await t.db.outboxDelivery.count({ where: { status: 'pending' } })) + (await t.db.outboxMessage.count({ where: { status: 'pending' } })) === 0, { timeoutMs: 10_000, everyMs: 50 });
    expect(capture.messages()).toHaveLength(1);
    expect(await t.db.outboxMessage.count({ where: { step: 'leader-summary' } })).toBe(1);
  });

  it('the next week brings the next email', async () => {
    const next = { periodKey: '2027-01-25', since: WEEK.asOf, asOf: '2027-01-25T08:00:00+08:00' };
    expect(await activities().sendLeaderSummaries(next)).toEqual({ leaders: 1, queued: 1, alreadyQueued: 0 });
    await capture.waitFor(() => capture.messages().length === 2, 10_000, 'the second week’s summary');
    expect(capture.messages()[1]!.text).toContain('本期催办督办：无');
  });
});
