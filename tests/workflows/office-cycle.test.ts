import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { computeScores } from '../../scoring/compute-scores';
import { acknowledgeAssignment } from '../../services/assignments/acknowledge-assignment';
import { executeMeasureUpdate } from '../../services/measures/measure-update';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { listReviews } from '../../services/reviews/list-reviews';
import { reviewReport } from '../../services/reviews/review-report';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import type { MailCapture } from '../../stack/mail-capture';
import { acknowledgeAssignmentUpdate, measureStateQuery, measureWorkflowId } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'office-cycle';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;
let planId: string;
let measureId: string;
let assignmentId: string;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05'), mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

const mails = mailTurns(() => world);
const newMails = mails.next;

const report = (key: string) => ({
  assignmentId,
  status: 'done' as const,
  percent: 100,
  narrative: '质量提升行动方案已印发实施。',
  targetValues: [],
  attachments: [],
  submittedBy: reg.contacts.fgw.id,
  idempotencyKey: key,
});
const scoredReports = async (at: string) => (await loadScoringInput(t.db, planId, new Date(shanghaiMidnight(at)))).input.reports.map((r) => r.id);

describe.sequential('签收, then 审核: a report that says done waits for the office, which returns it once and accepts it', () => {
  it('assigns the measure', async () => {
    const seeded = await seedPlan(t.db, reg, [
      { ref: '一/(一)', title: '制定质量提升行动方案', due: '2026-06-30', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] },
    ], { cycle: {} });
    planId = seeded.plan.id;
    measureId = seeded.measureIds[0]!;
    const clock = await world.startClock();
    await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】任务交办：“制定质量提升行动方案”（牵头单位）']);
    assignmentId = (await t.db.assignment.findFirstOrThrow({ where: { measureId } })).id;
  });

  it('签收: the unit acknowledges once, naming its 责任领导 and 经办人', async () => {
    await world.advanceTo('2026-01-06');
    const ack = await acknowledgeAssignment(services(), reg.contacts.fgw, assignmentId, { responsible: { name: '王主任', phone: '0571-1234567' }, handler: { name: '张联络' } });
    expect(ack).toEqual({ assignmentId, acknowledgedAt: expect.stringMatching(/^2026-01-0[56]T/) });
    const view = await env.client.workflow.getHandle(measureWorkflowId(planId, measureId)).query(measureStateQuery);
    expect(view.assignments[0]!.acknowledgedAt).toBe(Date.parse(ack.acknowledgedAt));
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ acknowledgedById: reg.contacts.fgw.id, ackResponsible: { name: '王主任', phone: '0571-1234567' } });
    // Someone else's acknowledgement of it afterwards is refused by the measure, and changes nothing.
    await expect(
      executeMeasureUpdate(env.client, measureWorkflowId(planId, measureId), acknowledgeAssignmentUpdate, { assignmentId, responsible: { name: '别人' }, requestedBy: reg.contacts.office.id, idempotencyKey: 'acknowledge' }),
    ).rejects.toMatchObject({ type: 'AlreadyAcknowledged' });
  });

  it('a done report waits for review: not counted, the unit neither chased nor turned red meanwhile', async () => {
    await world.advanceTo('2026-07-08');
    const answer = await submitProgress(services(), report('fgw-done-1'));
    expect(answer).toMatchObject({ period: '2026-H1', due: '2026-07-15', workingDaysLate: 0, measureStatus: 'active', awaitingReview: true });
    const queue = await listReviews(t.db, reg.contacts.office, { planId, limit: 50 });
    expect(queue.items.map((i) => [i.reportId, i.unit.name, i.period])).toEqual([[answer.reportId, '市发展改革委', '2026-H1']]);
    expect((await listReviews(t.db, reg.contacts.office, { planId, unitId: reg.units.czj.id, limit: 50 })).items).toEqual([]);
    // Another report meanwhile is refused: the review says which period the next one is for.
    await expect(submitProgress(services(), { ...report('fgw-again'), status: 'in_progress', percent: 90 })).rejects.toMatchObject({ type: 'ReportAwaitingReview' });

    // Past the due date and the 催办 day: no reminder, no 催办, still green; the report does not count.
    await world.advanceTo('2026-07-17');
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    // A running clock would have turned it red two days past its due date.
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ status: 'in_progress', colour: expect.not.stringMatching('red') });
    expect(await scoredReports('2026-07-17')).toEqual([]);
  });

  it('refuses a review by someone not coordinating the plan, a return without a reason, and a second review', async () => {
    const [waiting] = (await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items;
    await expect(reviewReport(services(), reg.contacts.fgw, waiting!.reportId, { decision: 'accept', requestId: 'not-mine-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      reviewReport(services(), reg.contacts.office, waiting!.reportId, { decision: 'return', requestId: 'no-reason-1' } as never),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    await expect(reviewReport(services(), reg.contacts.office, 'no-such-report', { decision: 'accept', requestId: 'nothing-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('退回: the unit is back at work, reminded and chased against the rework deadline', async () => {
    const [waiting] = (await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items;
    const returned = await reviewReport(services(), reg.contacts.office, waiting!.reportId, { decision: 'return', reason: '缺少印发文件佐证', reworkDays: 2, requestId: 'return-1' });
    expect(returned).toMatchObject({ review: 'returned', reworkDue: '2026-07-21' });
    await expect(reviewReport(services(), reg.contacts.office, waiting!.reportId, { decision: 'accept', requestId: 'accept-late' })).rejects.toMatchObject({
      type: 'ReportNotAwaitingReview',
    });
    // Friday 07-17 + 2 working days: Tuesday 07-21. Its reminder is due already, so it goes at once.
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】报送提醒：“制定质量提升行动方案”2026年上半年进展报告请于2026年7月21日前报送']);
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: waiting!.reportId } })).toMatchObject({
      review: 'returned',
      reviewReason: '缺少印发文件佐证',
      reviewedById: reg.contacts.office.id,
    });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.review-report' } })).toMatchObject({ actorId: reg.contacts.office.id });
    await world.advanceTo('2026-07-21');
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】今日到期：“制定质量提升行动方案”2026年上半年进展报告请于今日报送']);
    await world.advanceTo('2026-07-22');
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】催办：市发展改革委“制定质量提升行动方案”2026年上半年进展报告已逾期1个工作日']);
  });

  it('通过: the second report counts from its acceptance, judged by when it was submitted; the measure is done', async () => {
    await world.advanceTo('2026-07-23');
    const again = await submitProgress(services(), report('fgw-done-2'));
    expect(again).toMatchObject({ period: '2026-H1', due: '2026-07-21', workingDaysLate: 2, awaitingReview: true });
    await world.advanceTo('2026-07-27');
    expect(await reviewReport(services(), reg.contacts.office, again.reportId, { decision: 'accept', requestId: 'accept-2' })).toMatchObject({ review: 'accepted', reworkDue: null });
    expect(await world.outcome(measureWorkflowId(planId, measureId))).toEqual({ status: 'done', reports: 2, escalations: 1 });
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ status: 'done' });
    // 办结: recorded with who accepted it and when.
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: measureId } })).toMatchObject({ status: 'done', closedById: reg.contacts.office.id, closedAt: expect.any(Date), closeReason: null });
    expect((await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items).toEqual([]);
    // Scores as of a day before the acceptance do not count it; as of the acceptance they do, late against the rework date.
    expect(await scoredReports('2026-07-24')).toEqual([]);
    expect(await scoredReports('2026-07-28')).toEqual([again.reportId]);
    const { input, rubric, calendar } = await loadScoringInput(t.db, planId, new Date(shanghaiMidnight('2026-07-28')));
    const scored = computeScores(input, rubric, calendar).assignments.find((s) => s.subjectId === assignmentId)!;
    expect(scored.breakdown.map((l) => l.explanation).join('\n')).toContain('2026-07-23 报送');
    await recordHistories(env.client, measureWorkflowId(planId, measureId), 'acknowledged-reviewed-returned-accepted');
    expect(capture.messages()).toHaveLength(mails.seen());
  });
});
