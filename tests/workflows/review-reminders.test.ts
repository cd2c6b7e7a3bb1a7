import { createRequire } from 'node:module';
import { describe, expect } from 'vitest';
import { createRemindAnnualSummaries } from '../../activities/assessment/remind-annual-summaries';
import { createRemindLateReviews } from '../../activities/reviews/remind-late-reviews';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { startReviewReminders } from '../../services/reviews/start-review-reminders';
import { bundleWorkflows } from '../../worker/bundle';
import { nextReviewReminderQuery, REVIEW_REMINDERS_WORKFLOW_ID } from '../../workflows/review-reminders/definitions';
import { workflowWorldTest } from '../support/fixtures';
import { recordHistories } from '../support/histories';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';

const TASK_QUEUE = 'review-reminders-test';
/** The virtual clock starts on Thursday 2027-01-14 at 10:00 in Shanghai. */
const VIRTUAL_START = shanghaiMidnight('2027-01-14') + 10 * 3_600_000;

const it = workflowWorldTest({
  taskQueue: TASK_QUEUE,
  virtualStart: VIRTUAL_START,
  worker: async ({ db, config, outbox }) => ({
    workflowBundle: await bundleWorkflows(createRequire(import.meta.url).resolve('../../workflows/review-reminders/workflow.ts')),
    activities: { ...createRemindLateReviews({ db, config, outbox }), ...createRemindAnnualSummaries({ db, config, outbox }) },
  }),
});

let office: string;
let czj: string;
let scjg: string;

it.beforeAll(async ({ world }) => {
  const { db } = world.t;
  const reg = await seedSmallRegistry(db);
  office = reg.contacts.office.email;
  czj = reg.contacts.czj.email;
  scjg = reg.contacts.scjg.email;
  const { plan, measureIds } = await seedPlan(db, reg, [{ ref: '1', title: '久候审核', due: '2027-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] }], {
    year: 2027,
    cycle: { acknowledgeDays: 0 },
  });
  await db.plan.update({ where: { id: plan.id }, data: { status: 'launched' } });
  const a = await db.assignment.create({ data: { measureId: measureIds[0]!, unitId: reg.units.czj.id, role: 'lead' } });
  // Submitted the Friday before: by Friday 01-15 it has waited five working days, past the default two.
  await db.progressReport.create({
    data: {
      assignmentId: a.id,
      period: 'final',
      dueAt: new Date('2027-06-30T00:00:00+08:00'),
      status: 'done',
      percent: 100,
      narrative: '已完成。',
      submittedAt: new Date('2027-01-08T15:00:00+08:00'),
      submittedById: reg.contacts.czj.id,
      idempotencyKey: 'late-review',
      review: 'pending',
    },
  });
  // A 2026 plan that asks for 全年工作总结 by 01-15 (天津's words): 2026's is due Friday 2027-01-15. 市市场监管局 has sent
  // its own, 市财政局 has not.
  const summaries = await seedPlan(db, reg, [{ ref: '1', title: '年度总结', due: '2026-12-31', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] }], { year: 2026 });
  await db.plan.update({ where: { id: summaries.plan.id }, data: { status: 'launched', title: '2026年质量工作计划', annualSummary: { due: '01-15' } } });
  for (const unitId of [reg.units.czj.id, reg.units.scjg.id]) await db.assignment.create({ data: { measureId: summaries.measureIds[0]!, unitId, role: 'lead' } });
  await db.annualSummary.create({
    data: { planId: summaries.plan.id, year: 2026, unitId: reg.units.scjg.id, summary: '已总结。', targets: '目标。', measures: '措施。', submittedAt: new Date('2027-01-10T10:00:00+08:00'), dueOn: new Date('2027-01-15T00:00:00Z') },
  });
});

describe.sequential('the offices’ review reminders on the time-skipping server', () => {
  it('starts once however many workers ask, and reminds the office at 09:00 on a working day; a Saturday sends nothing', async ({ world }) => {
    const { env, capture } = world;
    const clock = await world.startClock();
    const started = await Promise.all([1, 2].map(() => startReviewReminders(env.client, { taskQueue: TASK_QUEUE, input: { clock } })));
    expect(started.map((s) => s.started).sort()).toEqual([false, true]);
    const handle = env.client.workflow.getHandle(REVIEW_REMINDERS_WORKFLOW_ID);
    expect(await handle.query(nextReviewReminderQuery)).toEqual({ at: '2027-01-15T01:00:00.000Z', day: '2027-01-15' });
    const firstRun = (await handle.describe()).runId;

    await env.sleep(DAY_MS); // to Friday 01-15 10:00
    const mail = await capture.waitFor((m) => m.subject.startsWith('【督办】审核提醒'), 20_000, 'the office reminded');
    expect(mail.to).toEqual([office]);
    expect(mail.subject).toBe('【督办】审核提醒：1份报告超过审核时限待审核');
    expect(mail.text).toContain('1. 1 久候审核 · 市财政局');
    expect(mail.text).toContain('已等待：5个工作日（审核时限2个工作日）');
    // The same morning the 年度总结 falls due: only the unit that has not sent its summary is told.
    const due = await capture.waitFor((m) => m.subject.startsWith('【督办】今日到期：1份年度总结'), 20_000, 'the unit told its annual summary is due');
    expect(due.to).toEqual([czj]);
    expect(due.text).toContain('1. 《2026年质量工作计划》2026年度总结');
    expect(due.text).toContain('报送期限：2027年1月15日前');

    await env.sleep(DAY_MS); // to Saturday 01-16 10:00: the day's run found no working day
    await expect.poll(async () => (await handle.query(nextReviewReminderQuery)).day, { timeout: 20_000 }).toBe('2027-01-17');
    await world.settled([REVIEW_REMINDERS_WORKFLOW_ID]);
    expect(capture.messages().filter((m) => m.subject.startsWith('【督办】审核提醒'))).toHaveLength(1);
    expect(capture.messages().filter((m) => m.subject.includes('年度总结'))).toHaveLength(1);
    expect(capture.messages().some((m) => m.to.includes(scjg))).toBe(false);
    // Monday 01-18, the working day after the due date: the office is told whose summary is missing.
    await env.sleep(2 * DAY_MS);
    const missing = await capture.waitFor((m) => m.subject.startsWith('【督办】年度总结未报送'), 20_000, 'the office told of the missing summary');
    expect(missing.to).toEqual([office]);
    expect(missing.text).toContain('未报送单位：市财政局（共1个）');
    const now = await handle.describe();
    expect(now.status.name).toBe('RUNNING');
    expect(now.runId).not.toBe(firstRun);
    await recordHistories(env.client, REVIEW_REMINDERS_WORKFLOW_ID, 'review-reminders/daily');
  });
});
