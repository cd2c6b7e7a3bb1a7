import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemindLateReviews } from '../../../activities/reviews/remind-late-reviews';
import { createMailer, type Mailer } from '../../../mail/mailer';
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
let dispatcher: TDispatcher;

beforeAll(async () => {
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({})]);
  mailer = createMailer(capture.smtpUrl, '督办系统 <duban@example.gov.cn>');
  reg = await seedSmallRegistry(t.db);
  dispatcher = startOutboxDispatcher({ db: t.db, channels: [emailChannel(mailer)], log: { warn: () => {} }, pollMs: 100 });
});
afterAll(async () => {
  await dispatcher?.stop();
  mailer?.close();
  await capture?.close();
  await t?.close();
});

const remind = (day: string) =>
  createRemindLateReviews({ db: t.db, config: { publicUrl: 'https://duban.example.gov.cn' }, outbox: { gatherMs: 0, written: () => dispatcher.wake() } }).remindLateReviews({ day });

/** A launched plan of the office with one measure per unit given, each with a report submitted at `submitted` (Shanghai time). */
async function planWithReports(title: string, reports: { unit: 'fgw' | 'czj'; submitted: string; review: 'pending' | 'accepted' }[], cycle: object = {}) {
  const { plan, measureIds } = await seedPlan(
    t.db,
    reg,
    reports.map((r, i) => ({ ref: `${i + 1}`, title: `${title}${i + 1}`, due: '2026-12-31', parties: [{ role: 'lead' as const, name: r.unit, unitId: reg.units[r.unit].id }] })),
    { cycle: { acknowledgeDays: 0, ...cycle } },
  );
  await t.db.plan.update({ where: { id: plan.id }, data: { status: 'launched' } });
  for (const [i, r] of reports.entries()) {
    const a = await t.db.assignment.create({ data: { measureId: measureIds[i]!, unitId: reg.units[r.unit].id, role: 'lead' } });
    await t.db.progressReport.create({
      data: {
        assignmentId: a.id,
        period: 'final',
        dueAt: new Date('2026-12-31T00:00:00+08:00'),
        status: 'done',
        percent: 100,
        narrative: '已完成。',
        submittedAt: new Date(`${r.submitted}:00+08:00`),
        submittedById: reg.contacts[r.unit].id,
        idempotencyKey: `${title}-${i}`,
        review: r.review,
      },
    });
  }
  return plan.id;
}

const officeMails = () => capture.messages().filter((m) => m.to.includes(reg.contacts.office.email) && m.subject.startsWith('【督办】审核提醒'));
const until = (done: () => boolean, what: string, timeoutMs = 10_000) => waitFor(what, done, { timeoutMs, everyMs: 25 });

describe('the office’s review deadline (审核时限)', () => {
  it('reports waiting more than two working days remind the office once a working day, in one letter, oldest first', async () => {
    const planId = await planWithReports('待审', [
      { unit: 'czj', submitted: '2026-09-08T09:30', review: 'pending' },
      { unit: 'fgw', submitted: '2026-09-07T16:00', review: 'pending' },
      { unit: 'fgw', submitted: '2026-09-01T10:00', review: 'accepted' },
    ]);
    // Within the deadline: two working days after Monday's report.
    expect(await remind('2026-09-09')).toEqual({ offices: 0, queued: 0 });
    // Thursday: Monday's report is late, Tuesday's not yet.
    expect(await remind('2026-09-10')).toEqual({ offices: 1, queued: 1 });
    await until(() => officeMails().length === 1, 'Thursday’s reminder');
    expect(officeMails()[0]!.subject).toBe('【督办】审核提醒：1份报告超过审核时限待审核');
    expect(officeMails()[0]!.text).toContain('1. 2 待审2 · 市发展改革委');
    expect(officeMails()[0]!.text).not.toContain('待审1');

    // Friday: both, Monday's first; asked again the same day (a retry, a second worker), nothing more is written.
    expect(await remind('2026-09-11')).toEqual({ offices: 1, queued: 1 });
    expect(await remind('2026-09-11')).toEqual({ offices: 1, queued: 0 });
    await until(() => officeMails().length === 2, 'Friday’s reminder');
    const friday = officeMails()[1]!;
    expect(friday.subject).toBe('【督办】审核提醒：2份报告超过审核时限待审核');
    expect(friday.text).toContain('市质量强市办：截至2026年9月11日，以下2份报告已超过审核时限，仍在等待审核。');
    expect(friday.text.indexOf('待审2 · 市发展改革委')).toBeLessThan(friday.text.indexOf('待审1 · 市财政局'));
    expect(friday.text).toContain('已等待：4个工作日（审核时限2个工作日）');
    expect(friday.text).toContain(`https://duban.example.gov.cn/plans/${planId}#reviews`);
    expect(friday.text).not.toContain('待审3');

    // Saturday is no working day: no reminder.
    expect(await remind('2026-09-12')).toEqual({ offices: 0, queued: 0 });
    // Accepted, a report leaves the queue and the letters.
    await t.db.progressReport.updateMany({ where: { idempotencyKey: { startsWith: '待审' } }, data: { review: 'accepted' } });
    expect(await remind('2026-09-14')).toEqual({ offices: 0, queued: 0 });
  });

  it('a plan that sets no review deadline (reviewDays 0) never reminds; another plan’s deadline is its own', async () => {
    // Nothing else waiting: whatever an earlier test left is accepted.
    await t.db.progressReport.updateMany({ where: { review: 'pending' }, data: { review: 'accepted' } });
    await planWithReports('不限', [{ unit: 'fgw', submitted: '2026-10-12T10:00', review: 'pending' }], { reviewDays: 0 });
    await planWithReports('五日', [{ unit: 'czj', submitted: '2026-10-12T10:00', review: 'pending' }], { reviewDays: 5 });
    expect(await remind('2026-10-16')).toEqual({ offices: 0, queued: 0 });
    expect(await remind('2026-10-20')).toEqual({ offices: 1, queued: 1 });
    await until(() => officeMails().some((m) => m.text.includes('五日1')), 'the reminder');
    const mail = officeMails().find((m) => m.text.includes('五日1'))!;
    expect(mail.text).toContain('已等待：6个工作日（审核时限5个工作日）');
    expect(mail.text).not.toContain('不限1');
  });
});
