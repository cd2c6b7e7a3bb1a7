import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { decideExtension } from '../../services/measures/decide-extension';
import { requestExtension } from '../../services/measures/request-extension';
import { launchPlan } from '../../services/plans/launch-plan';
import { planStatus } from '../../services/plans/plan-status';
import { submitProgress } from '../../services/progress/submit-progress';
import { reviewReport } from '../../services/reviews/review-report';
import type { MailCapture, TCapturedMail } from '../../stack/mail-capture';
import { measureStateQuery, measureWorkflowId, type TMeasureOutcome } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'measure-year';
const VIRTUAL_START = shanghaiMidnight('2026-01-05');

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;

// The assignment notice below checks its links against this address.
const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: VIRTUAL_START, publicUrl: 'https://duban.example.gov.cn' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

/** What the services run on in this world. */
const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

const summary = (m: TCapturedMail) => `${m.to.join(',')} | ${m.subject}`;

async function settle(expectedCount: number) {
  await capture.waitFor(() => capture.messages().length >= expectedCount, 20_000, `${expectedCount} emails`);
  // Nothing else should follow: once the measures settle, a stray email would have arrived.
  await world.settled();
  return capture.messages().map(summary);
}

describe.sequential('a measure through the whole year on the time-skipping server', () => {
  let planId: string;
  let m1: string;
  let m2: string;
  const mails: string[] = [];

  it('assigns each unit and emails its contact a notice with the measure, role, targets, due dates and a link', async () => {
    const seeded = await seedPlan(t.db, reg, [
      {
        ref: '一/(一)',
        title: '完善质量激励政策',
        due: '2026-06-30',
        parties: [
          { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
          { role: 'cooperating', name: '市财政局', unitId: reg.units.czj.id },
        ],
        targets: [{ indicator: '质量奖获奖企业', value: 5, unit: '家' }],
      },
      { ref: '一/(二)', title: '开展质量提升专项行动', due: '2026-06-30', parties: [{ role: 'lead', name: '市市场监管局', unitId: reg.units.scjg.id }] },
    ]);
    planId = seeded.plan.id;
    [m1, m2] = seeded.measureIds as [string, string];
    const clock = await world.startClock();
    const launched = await launchPlan(t.db, world.client, planId, {
      taskQueue: TASK_QUEUE,
      startDate: '2026-01-05',
      clock: { dayMs: DAY_MS, ...clock },
    });
    expect(launched).toMatchObject({ measures: 2, started: 2, alreadyRunning: 0 });

    mails.push(
      `fgw@example.gov.cn | 【督办】任务交办：“完善质量激励政策”（牵头单位）`,
      `czj@example.gov.cn | 【督办】任务交办：“完善质量激励政策”（配合单位）`,
      `scjg@example.gov.cn | 【督办】任务交办：“开展质量提升专项行动”（牵头单位）`,
    );
    expect((await settle(3)).sort()).toEqual([...mails].sort());
    const notice = capture.messages().find((m) => m.to[0] === 'fgw@example.gov.cn')!;
    const assignment = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m1, unitId: reg.units.fgw.id } } });
    expect(notice.text).toContain('质量奖获奖企业达到5家');
    expect(notice.text).toContain('2026年上半年：2026年7月15日前');
    expect(notice.text).toContain(`https://duban.example.gov.cn/items/${assignment.id}`);
    expect(notice.html).toContain(`href="https://duban.example.gov.cn/items/${assignment.id}"`);

    const again = await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE });
    expect(again).toMatchObject({ started: 0, alreadyRunning: 2 });
    expect(await t.db.assignment.count()).toBe(3);
  });

  it('reminds three working days before 07-15, to the units that have not reported', async () => {
    await world.advanceTo('2026-07-10');
    mails.push(
      `fgw@example.gov.cn | 【督办】报送提醒：“完善质量激励政策”2026年上半年进展报告请于2026年7月15日前报送`,
      `czj@example.gov.cn | 【督办】报送提醒：“完善质量激励政策”2026年上半年进展报告请于2026年7月15日前报送`,
      `scjg@example.gov.cn | 【督办】报送提醒：“开展质量提升专项行动”2026年上半年进展报告请于2026年7月15日前报送`,
    );
    expect((await settle(6)).slice(3).sort()).toEqual(mails.slice(3).sort());
  });

  it('takes a cooperating unit’s report and an approved extension', async () => {
    const czjAssignment = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m1, unitId: reg.units.czj.id } } });
    const answer = await submitProgress(services(), {
      assignmentId: czjAssignment.id,
      status: 'in_progress',
      percent: 60,
      narrative: '已拨付奖励资金 300 万元。',
      targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id,
      idempotencyKey: 'czj-h1-report-1',
    });
    expect(answer).toMatchObject({ period: '2026-H1', due: '2026-07-15', workingDaysLate: 0 });

    const scjgAssignment = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m2, unitId: reg.units.scjg.id } } });
    const ext = await requestExtension(services(), {
      assignmentId: scjgAssignment.id,
      requestedDue: '2026-07-31',
      reason: '专项检查尚未结束',
      requestedBy: reg.contacts.scjg.id,
      idempotencyKey: 'scjg-ext-h1',
    });
    expect(ext).toMatchObject({ status: 'pending', originalDue: '2026-07-15' });
    // The coordinating office is told, with what is asked and where to decide it; replies reach the unit.
    mails.push(`office@example.gov.cn | 【督办】延期申请待审批：市市场监管局“开展质量提升专项行动”2026年上半年进展报告申请延至2026年7月31日`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));
    const request = capture.messages().at(-1)!;
    expect(request.text).toContain('申请将“开展质量提升专项行动”任务2026年上半年进展报告的报送期限由2026年7月15日延至2026年7月31日，请审批。');
    expect(request.text).toContain('申请理由：专项检查尚未结束');
    expect(request.text).toContain('申请人：陈联络');
    expect(request.text).toContain(`审批延期申请：https://duban.example.gov.cn/plans/${planId}/measures/${m2}#extensions`);

    const decided = await decideExtension(services(), reg.contacts.office, { extensionId: ext.extensionId }, { approve: true, requestId: 'decide-scjg-ext-h1' });
    expect(decided.status).toBe('approved');
    // …and the unit hears the date it now reports by.
    mails.push(`scjg@example.gov.cn | 【督办】延期申请已同意：“开展质量提升专项行动”2026年上半年进展报告延至2026年7月31日前报送`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));
    expect(capture.messages().at(-1)!.text).toContain('报送期限由2026年7月15日延至2026年7月31日。请于2026年7月31日前报送。');
    expect(await t.db.extension.findFirstOrThrow({ where: { assignmentId: scjgAssignment.id } })).toMatchObject({ status: 'approved', decidedById: reg.contacts.office.id });
  });

  it('sends the due notice, then 催办 to the contact and a 督办单 to the supervising leader', async () => {
    await world.advanceTo('2026-07-15');
    mails.push(`fgw@example.gov.cn | 【督办】今日到期：“完善质量激励政策”2026年上半年进展报告请于今日报送`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));

    await world.advanceTo('2026-07-16');
    mails.push(`fgw@example.gov.cn | 【督办】催办：市发展改革委“完善质量激励政策”2026年上半年进展报告已逾期1个工作日`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));

    await world.advanceTo('2026-07-20');
    mails.push(`leader.wang@example.gov.cn | 【督办】督办单：市发展改革委“完善质量激励政策”2026年上半年进展报告已逾期3个工作日`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));
    const sheet = capture.messages().at(-1)!;
    expect(sheet.text).toContain('王副市长同志');
    expect(sheet.text).toContain('应报事项：2026年上半年进展报告');
    expect(sheet.text).toContain('报送期限：2026年7月15日前');
    expect(sheet.text).toContain('逾期时间：3个工作日');
    expect(sheet.text).toContain('尚缺材料：2026年上半年进展报告；指标“质量奖获奖企业”的报送数值');
    expect(sheet.text).toContain(`查看任务详情：https://duban.example.gov.cn/items/`);

    const escalations = await t.db.escalation.findMany({ orderBy: { sentAt: 'asc' }, include: { assignment: { include: { unit: true } } } });
    expect(escalations.map((e) => [e.assignment.unit.name, e.level, e.period, e.workingDaysLate, e.recipients])).toEqual([
      ['市发展改革委', 'urge', '2026-H1', 1, ['fgw@example.gov.cn']],
      ['市发展改革委', 'supervise', '2026-H1', 3, ['leader.wang@example.gov.cn']],
    ]);
    const status = await planStatus(t.db, planId);
    expect(status.measures.find((m) => m.id === m1)!.units.map((u) => [u.unitName, u.state, u.colour])).toEqual([
      ['市发展改革委', 'escalated:supervise', 'red'],
      ['市财政局', 'in_progress', 'yellow'], // 60% reported after the measure’s own due date: behind 序时进度
    ]);
  });

  it('completes when the lead reports done late, and chases no one after', async () => {
    await world.advanceTo('2026-07-21');
    const fgw = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m1, unitId: reg.units.fgw.id } } });
    const answer = await submitProgress(services(), {
      assignmentId: fgw.id,
      status: 'done',
      percent: 100,
      narrative: '激励政策已印发实施。',
      targetValues: [{ targetId: (await t.db.target.findFirstOrThrow({ where: { measureId: m1 } })).id, value: 6 }],
      attachments: [], submittedBy: reg.contacts.fgw.id,
      idempotencyKey: 'fgw-h1-done',
    });
    expect(answer).toMatchObject({ period: '2026-H1', workingDaysLate: 4, awaitingReview: true });
    await reviewReport(services(), reg.contacts.office, answer.reportId, { decision: 'accept', requestId: 'accept-fgw-h1' });
    const outcome = (await world.outcome(measureWorkflowId(planId, m1))) as TMeasureOutcome;
    expect(outcome).toEqual({ status: 'done', reports: 2, escalations: 2 });
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: m1 } })).toMatchObject({ status: 'done', colour: 'green' });
    await recordHistories(env.client, measureWorkflowId(planId, m1), 'escalated-then-done');
  });

  it('reminds the unit with the extension before its new date, and completes on a report by that date', async () => {
    await world.advanceTo('2026-07-28');
    mails.push(`scjg@example.gov.cn | 【督办】报送提醒：“开展质量提升专项行动”2026年上半年进展报告请于2026年7月31日前报送`);
    expect((await settle(mails.length)).slice(-1)).toEqual(mails.slice(-1));
    const view = await env.client.workflow.getHandle(measureWorkflowId(planId, m2)).query(measureStateQuery);
    expect(view.assignmentsDue).toEqual([expect.objectContaining({ period: '2026-H1', due: '2026-07-31', reported: false })]);

    await world.advanceTo('2026-07-30');
    const scjg = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m2, unitId: reg.units.scjg.id } } });
    const answer = await submitProgress(services(), {
      assignmentId: scjg.id,
      status: 'done',
      percent: 100,
      narrative: '专项行动已完成。',
      targetValues: [], attachments: [], submittedBy: reg.contacts.scjg.id,
      idempotencyKey: 'scjg-h1-done',
    });
    expect(answer).toMatchObject({ period: '2026-H1', due: '2026-07-31', workingDaysLate: 0, awaitingReview: true });
    await reviewReport(services(), reg.contacts.office, answer.reportId, { decision: 'accept', requestId: 'accept-scjg-h1' });
    expect(await world.outcome(measureWorkflowId(planId, m2))).toEqual({ status: 'done', reports: 1, escalations: 0 });
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: scjg.id } });
    expect(report.dueAt.toISOString()).toBe('2026-07-31T15:59:59.999Z');
    await recordHistories(env.client, measureWorkflowId(planId, m2), 'extension-requested-decided');
  });

  it('sent exactly the emails above, each once, and recorded the colour changes', async () => {
    await world.advanceTo('2026-09-30');
    expect(await settle(mails.length)).toEqual(expect.arrayContaining(mails));
    expect(capture.messages()).toHaveLength(mails.length);
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(mails.length);
    const changes = await t.db.colourChange.findMany({ where: { measureId: m1, assignmentId: null }, orderBy: { at: 'asc' } });
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['green→yellow', 'yellow→red', 'red→green']);
  });
});
