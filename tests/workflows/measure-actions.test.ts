import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { executeMeasureUpdate, MeasureActionError } from '../../services/measures/measure-update';
import { runMeasureAction } from '../../services/measures/run-measure-action';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { reviewReport } from '../../services/reviews/review-report';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import { computeScores } from '../../scoring/compute-scores';
import type { MailCapture } from '../../stack/mail-capture';
import { measureWorkflowId, submitProgressUpdate } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'measure-actions';
const VIRTUAL_START = shanghaiMidnight('2026-01-05');

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;
let planId: string;
let m3: string;
let m4: string;
let m5: string;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: VIRTUAL_START, mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

/** What the services run on in this world. */
const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

const mails = mailTurns(() => world);
const newMails = mails.next;

const assignmentOf = (measureId: string, unitId: string) => t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId, unitId } } });
const ACCEPTED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
const acceptedUpdates = async (measureId: string) =>
  (await env.client.workflow.getHandle(measureWorkflowId(planId, measureId)).fetchHistory()).events!.filter((e) => e.eventType === ACCEPTED).length;

describe.sequential('coordinator actions and submissions on running measures', () => {
  it('expands a group into its members and sends a measure with no stated unit to the coordinator’s office', async () => {
    const seeded = await seedPlan(t.db, reg, [
      {
        ref: '二/(一)',
        title: '推进标准化建设',
        due: '2026-06-30',
        responsibility: 'lead',
        parties: [
          { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
          { role: 'cooperating', name: '各成员单位', groupId: reg.group.id },
        ],
      },
      { ref: '二/(二)', title: '加强质量宣传', due: '2026-06-30', responsibility: 'unspecified' },
      { ref: '二/(三)', title: '建设检验检测平台', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
    ]);
    planId = seeded.plan.id;
    [m3, m4, m5] = seeded.measureIds as [string, string, string];
    const clock = await world.startClock();
    await launchPlan(t.db, world.client, planId, {
      taskQueue: TASK_QUEUE,
      startDate: '2026-01-05',
      clock: { dayMs: DAY_MS, ...clock },
    });
    // 市财政局 holds two of the plan's measures: its notices of the launch come as one 交办通知 listing both.
    expect(await newMails(4)).toEqual([
      'czj@example.gov.cn | 【督办】任务交办：《关于开展质量提升行动的实施方案》2项任务（牵头1项、配合1项）',
      'fgw@example.gov.cn | 【督办】任务交办：“推进标准化建设”（牵头单位）',
      'office@example.gov.cn | 【督办】任务交办：“加强质量宣传”（牵头单位）',
      'scjg@example.gov.cn | 【督办】任务交办：“推进标准化建设”（配合单位）',
    ]);
    const digest = capture.messages().find((m) => m.to[0] === 'czj@example.gov.cn')!;
    const [lead, cooperating] = [await assignmentOf(m5, reg.units.czj.id), await assignmentOf(m3, reg.units.czj.id)];
    // Listed in the order they fell due, which two measures assigned at once do not fix.
    expect(digest.text).toMatch(/^[12]\. 二\/\(一\) 推进标准化建设（配合单位）$/m);
    expect(digest.text).toMatch(/^[12]\. 二\/\(三\) 建设检验检测平台（牵头单位）$/m);
    for (const a of [lead, cooperating]) expect(digest.text).toContain(`任务页面：http://duban.test/items/${a.id}`);
  });

  it('refuses a bad report or a foreign assignment and leaves no trace in history', async () => {
    const czj = await assignmentOf(m3, reg.units.czj.id);
    await expect(
      executeMeasureUpdate(env.client, measureWorkflowId(planId, m3), submitProgressUpdate, {
        assignmentId: czj.id, status: 'in_progress', percent: 150, narrative: '进展', targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id, idempotencyKey: 'bad-percent-1',
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    const office = await assignmentOf(m4, reg.units.office.id);
    await expect(
      executeMeasureUpdate(env.client, measureWorkflowId(planId, m3), submitProgressUpdate, {
        assignmentId: office.id, status: 'in_progress', percent: 10, narrative: '进展', targetValues: [], attachments: [], submittedBy: reg.contacts.office.id, idempotencyKey: 'foreign-1',
      }),
    ).rejects.toMatchObject({ type: 'UnknownAssignment' });
    // The handler reads the payload as recorded (its validator does not run on replay): only the schema's output,
    // defaults filled and text trimmed, is taken.
    await expect(
      executeMeasureUpdate(env.client, measureWorkflowId(planId, m3), submitProgressUpdate, {
        assignmentId: czj.id, status: 'in_progress', percent: 10, narrative: ' 进展 ', targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id, idempotencyKey: 'untrimmed-1',
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput', message: expect.stringContaining('narrative') });
    await expect(
      submitProgress(services(), { assignmentId: czj.id, status: 'blocked', percent: 10, narrative: '受阻', targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id, idempotencyKey: 'no-reason-1' }),
    ).rejects.toBeInstanceOf(MeasureActionError);
    expect(await acceptedUpdates(m3)).toBe(0);
    expect(await t.db.progressReport.count()).toBe(0);
  });

  it('records one report for the same idempotency key sent twice at once, and answers both alike', async () => {
    const czj = await assignmentOf(m3, reg.units.czj.id);
    const report = { assignmentId: czj.id, status: 'in_progress' as const, percent: 50, narrative: '已完成标准制定草案。', targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id, idempotencyKey: 'czj-m3-h1' };
    const [a, b] = await Promise.all([submitProgress(services(), report), submitProgress(services(), report)]);
    expect(a).toEqual(b);
    expect(await submitProgress(services(), { ...report, percent: 70 })).toEqual(a);
    expect(await t.db.progressReport.count({ where: { assignmentId: czj.id } })).toBe(1);
    expect(await acceptedUpdates(m3)).toBe(1);
  });

  it('removes a cooperating unit, moves a due date, reassigns and adds units, each audited', async () => {
    const actor = reg.contacts.office.id;
    await runMeasureAction(services(), reg.contacts.office, { measureId: m3 }, 'remove-cooperating', { unitId: reg.units.scjg.id, reason: '职责调整', requestId: 'rm-scjg-m3' });
    await runMeasureAction(services(), reg.contacts.office, { measureId: m3 }, 'change-due', { period: '2026-H1', due: '2026-07-31', reason: '统一延至月底', requestId: 'due-m3-h1' });
    await expect(
      runMeasureAction(services(), reg.contacts.office, { measureId: m3 }, 'change-due', { period: '2026-Q1', due: '2026-07-31', reason: 'x', requestId: 'due-m3-q1' }),
    ).rejects.toMatchObject({ type: 'UnknownPeriod' });
    // A date already past would make the unit overdue at once: refused, naming the measure's today.
    await expect(
      runMeasureAction(services(), reg.contacts.office, { measureId: m3 }, 'change-due', { period: '2026-H1', due: '2026-01-02', reason: '误填', requestId: 'due-m3-past' }),
    ).rejects.toMatchObject({ type: 'DueDateBeforeToday', message: expect.stringMatching(/新期限 2026-01-02 早于今天（2026-0\d-\d\d）/) });
    const moved = await runMeasureAction(services(), reg.contacts.office, { measureId: m4 }, 'reassign', { fromUnitId: reg.units.office.id, toUnitId: reg.units.fgw.id, reason: '明确由发改委牵头', requestId: 'reassign-m4' });
    expect(await runMeasureAction(services(), reg.contacts.office, { measureId: m4 }, 'reassign', { fromUnitId: reg.units.office.id, toUnitId: reg.units.fgw.id, reason: '明确由发改委牵头', requestId: 'reassign-m4' })).toEqual(moved);
    await runMeasureAction(services(), reg.contacts.office, { measureId: m4 }, 'add-cooperating', { unitId: reg.units.scjg.id, reason: '增加配合', requestId: 'add-scjg-m4' });

    expect(await newMails(2)).toEqual([
      'fgw@example.gov.cn | 【督办】任务交办：“加强质量宣传”（牵头单位）',
      'scjg@example.gov.cn | 【督办】任务交办：“加强质量宣传”（配合单位）',
    ]);
    expect((await assignmentOf(m4, reg.units.office.id)).status).toBe('cancelled');
    expect((await assignmentOf(m3, reg.units.scjg.id)).status).toBe('cancelled');
    const audit = await t.db.auditEvent.findMany({ where: { planId }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([
      ['plan.launch', null],
      ['measure.remove-cooperating-unit', actor],
      ['measure.change-due-date', actor],
      ['measure.reassign-unit', actor],
      ['measure.add-cooperating-unit', actor],
    ]);
  });

  it('reminds by the moved date and not the removed unit; a cancelled measure stops', async () => {
    await world.advanceTo('2026-07-10');
    expect(await newMails(3)).toEqual([
      'czj@example.gov.cn | 【督办】报送提醒：“建设检验检测平台”2026年上半年进展报告请于2026年7月15日前报送',
      'fgw@example.gov.cn | 【督办】报送提醒：“加强质量宣传”2026年上半年进展报告请于2026年7月15日前报送',
      'scjg@example.gov.cn | 【督办】报送提醒：“加强质量宣传”2026年上半年进展报告请于2026年7月15日前报送',
    ]);
    await runMeasureAction(services(), reg.contacts.office, { measureId: m4 }, 'cancel', { reason: '任务并入其他措施', requestId: 'cancel-m4' });
    expect(await world.outcome(measureWorkflowId(planId, m4))).toMatchObject({ status: 'cancelled' });
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: m4 } })).toMatchObject({ status: 'cancelled' });
    await recordHistories(env.client, measureWorkflowId(planId, m4), 'reassigned-then-cancelled');
  });

  it('escalates an unreported measure up to the coordinator at 7 working days, then stops chasing', async () => {
    await world.advanceTo('2026-07-15');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】今日到期：“建设检验检测平台”2026年上半年进展报告请于今日报送']);
    await world.advanceTo('2026-07-16');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】催办：市财政局“建设检验检测平台”2026年上半年进展报告已逾期1个工作日']);
    await world.advanceTo('2026-07-20');
    expect(await newMails(1)).toEqual(['leader.li@example.gov.cn | 【督办】督办单：市财政局“建设检验检测平台”2026年上半年进展报告已逾期3个工作日']);
    await world.advanceTo('2026-07-24');
    expect(await newMails(1)).toEqual(['office@example.gov.cn | 【督办】提请协调：市财政局“建设检验检测平台”2026年上半年进展报告已逾期7个工作日']);
    const czj = await assignmentOf(m5, reg.units.czj.id);
    expect(czj.escalationLevel).toBe(3);
    expect((await t.db.escalation.findMany({ where: { assignmentId: czj.id }, orderBy: { sentAt: 'asc' } })).map((e) => e.level)).toEqual([
      'urge',
      'supervise',
      'coordinator',
    ]);
  });

  it('finishes the measure whose date moved when its lead reports by the new date', async () => {
    await world.advanceTo('2026-07-28');
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】报送提醒：“推进标准化建设”2026年上半年进展报告请于2026年7月31日前报送']);
    const fgw = await assignmentOf(m3, reg.units.fgw.id);
    const done = await submitProgress(services(), { assignmentId: fgw.id, status: 'done', percent: 100, narrative: '标准体系已建成。', targetValues: [], attachments: [], submittedBy: reg.contacts.fgw.id, idempotencyKey: 'fgw-m3-done' });
    await reviewReport(services(), reg.contacts.office, done.reportId, { decision: 'accept', requestId: 'accept-fgw-m3' });
    expect(await world.outcome(measureWorkflowId(planId, m3))).toEqual({ status: 'done', reports: 2, escalations: 0 });
    // Assessment holds the report to the moved date, as the workflow did.
    const { input, rubric, calendar } = await loadScoringInput(t.db, planId, new Date(shanghaiMidnight('2026-07-29')));
    const scored = computeScores(input, rubric, calendar).assignments.find((s) => s.subjectId === fgw.id)!;
    expect(scored.breakdown.map((l) => l.explanation).join('\n')).toContain('2026年上半年报告 2026-07-28 报送，按时（期限 2026-07-31）');
    await recordHistories(env.client, measureWorkflowId(planId, m3), 'due-moved-then-done');

    await world.advanceTo('2026-12-31');
    await runMeasureAction(services(), reg.contacts.office, { measureId: m5 }, 'cancel', { reason: '年度终了', requestId: 'cancel-m5' });
    expect(await world.outcome(measureWorkflowId(planId, m5))).toEqual({ status: 'cancelled', reports: 0, escalations: 3 });
    await recordHistories(env.client, measureWorkflowId(planId, m5), 'escalation-three-levels');
    expect(capture.messages()).toHaveLength(mails.seen());
  });
});
