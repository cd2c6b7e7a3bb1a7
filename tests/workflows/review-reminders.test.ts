import { createRequire } from 'node:module';
import { describe, expect } from 'vitest';
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
    activities: createRemindLateReviews({ db, config, outbox }),
  }),
});

let office: string;

it.beforeAll(async ({ world }) => {
  const { db } = world.t;
  const reg = await seedSmallRegistry(db);
  office = reg.contacts.office.email;
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

    await env.sleep(DAY_MS); // to Saturday 01-16 10:00: the day's run found no working day
    await expect.poll(async () => (await handle.query(nextReviewReminderQuery)).day, { timeout: 20_000 }).toBe('2027-01-17');
    await world.settled([REVIEW_REMINDERS_WORKFLOW_ID]);
    expect(capture.messages().filter((m) => m.subject.startsWith('【督办】审核提醒'))).toHaveLength(1);
    const now = await handle.describe();
    expect(now.status.name).toBe('RUNNING');
    expect(now.runId).not.toBe(firstRun);
    await recordHistories(env.client, REVIEW_REMINDERS_WORKFLOW_ID, 'review-reminders/daily');
  });
});
