import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { loadItem } from '../../api/views/item';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { listReviews } from '../../services/reviews/list-reviews';
import { reviewReport } from '../../services/reviews/review-report';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import type { MailCapture } from '../../stack/mail-capture';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'report-to-lead';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05'), mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });
const mails = mailTurns(() => world);
const newMails = mails.next;

type TUnitKey = 'fgw' | 'czj' | 'scjg';
const ids: Record<TUnitKey, string> = { fgw: '', czj: '', scjg: '' };
let planId = '';
let measureId = '';

const report = (unit: TUnitKey, key: string, over: { status?: 'in_progress' | 'done'; percent?: number; narrative?: string } = {}) => ({
  assignmentId: ids[unit],
  status: over.status ?? 'done',
  percent: over.percent ?? 100,
  narrative: over.narrative ?? '已完成。',
  targetValues: [],
  attachments: [],
  submittedBy: reg.contacts[unit].id,
  idempotencyKey: key,
});
const scoredReports = async (at: string) => (await loadScoringInput(t.db, planId, new Date(shanghaiMidnight(at)))).input.reports.map((r) => r.id).sort();

/** One measure: 市发展改革委 leads, 市财政局 and 市市场监管局 cooperate; launched on 2026-01-05 under the given cycle. */
async function launch(ref: string, cycle: object, notices: string[]) {
  const seeded = await seedPlan(t.db, reg, [
    {
      ref,
      title: '制定质量提升行动方案',
      due: '2026-06-30',
      parties: [
        { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
        { role: 'cooperating', name: '市财政局', unitId: reg.units.czj.id },
        { role: 'cooperating', name: '市市场监管局', unitId: reg.units.scjg.id },
      ],
    },
  ], { cycle });
  planId = seeded.plan.id;
  measureId = seeded.measureIds[0]!;
  await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...(await world.startClock()) } });
  expect(await newMails(notices.length)).toEqual(notices);
  const rows = await t.db.assignment.findMany({ where: { measureId } });
  for (const unit of ['fgw', 'czj', 'scjg'] as const) ids[unit] = rows.find((a) => a.unitId === reg.units[unit].id)!.id;
}

const NOTICES = [
  'czj@example.gov.cn | 【督办】任务交办：“制定质量提升行动方案”（配合单位）',
  'fgw@example.gov.cn | 【督办】任务交办：“制定质量提升行动方案”（牵头单位）',
  'scjg@example.gov.cn | 【督办】任务交办：“制定质量提升行动方案”（配合单位）',
];

describe.sequential('reportTo = lead: cooperating units report their part to the lead unit, which consolidates them; the office accepts the lead’s report', () => {
  const parts = { czj: '', scjg: '' };

  it('launches the measure, every unit told', async () => {
    await launch('一', { acknowledgeDays: 0, reportTo: 'lead' }, NOTICES);
  });

  it('the parts go to the lead unit: counted at once, on time, nothing in the office’s queue; the lead unit told of each', async () => {
    // Before the lead unit's reminder (five working days before 07-15): the only mail is about the parts.
    await world.advanceTo('2026-07-06');
    // The lead unit is told of each part. Parts within the outbox's gathering time of each other go as one letter
    // (tests/activities/progress/record-progress-report.test.ts); here each letter is awaited before the next part is
    // sent, so each is its own letter whatever the machine's speed.
    const czj = await submitProgress(services(), report('czj', 'czj-part-1', { narrative: '专项资金已安排到位。' }));
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市财政局“制定质量提升行动方案”']);
    const scjg = await submitProgress(services(), report('scjg', 'scjg-part-1', { status: 'in_progress', percent: 80, narrative: '质量抽检完成八成。' }));
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市市场监管局“制定质量提升行动方案”']);
    expect(czj).toMatchObject({ period: '2026-H1', due: '2026-07-15', workingDaysLate: 0, awaitingReview: false });
    expect(scjg).toMatchObject({ awaitingReview: false });
    [parts.czj, parts.scjg] = [czj.reportId, scjg.reportId];
    expect((await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items).toEqual([]);
    const letters = capture.messages().slice(-2).map((m) => m.text).join('\n');
    expect(letters).toContain('配合单位：市财政局');
    expect(letters).toContain('工作进展：质量抽检完成八成。');
    // Each cooperating unit's report counts for its own score from when it reached the lead.
    expect(await scoredReports('2026-07-07')).toEqual([parts.czj, parts.scjg].sort());
  });

  it('the lead unit sees the parts on its item page; a cooperating unit does not see the others’', async () => {
    const item = await loadItem(t.db, { ...reg.contacts.fgw, csrfToken: '' } as never, ids.fgw);
    expect(item.cooperatingParts.map((p) => [p.unit, p.status, p.percent, p.narrative, p.toLead])).toEqual(
      expect.arrayContaining([
        ['市财政局', 'done', 100, '专项资金已安排到位。', true],
        ['市市场监管局', 'in_progress', 80, '质量抽检完成八成。', true],
      ]),
    );
    const theirs = await loadItem(t.db, { ...reg.contacts.czj, csrfToken: '' } as never, ids.czj);
    expect(theirs.cooperatingParts).toEqual([]);
    expect(theirs.reports[0]).toMatchObject({ toLead: true, review: 'none' });
  });

  it('the lead unit’s report consolidates the parts and waits for the office; accepted, the measure is done', async () => {
    await world.advanceTo('2026-07-07');
    // The lead unit chooses which parts its report includes: here the finance bureau's, not the unfinished one.
    const lead = await submitProgress(services(), { ...report('fgw', 'fgw-done-1', { narrative: '方案已印发，汇总财政部门报送。' }), parts: [parts.czj] });
    expect(lead).toMatchObject({ period: '2026-H1', workingDaysLate: 0, awaitingReview: true });
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: lead.reportId } })).toMatchObject({ toLead: false, parts: [parts.czj] });
    expect((await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items.map((i) => [i.reportId, i.unit.name])).toEqual([[lead.reportId, '市发展改革委']]);
    await world.advanceTo('2026-07-09');
    await reviewReport(services(), reg.contacts.office, lead.reportId, { decision: 'accept', requestId: 'accept-lead-1' });
    expect(await world.outcome(measureWorkflowId(planId, measureId))).toEqual({ status: 'done', reports: 3, escalations: 0 });
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: measureId } })).toMatchObject({ status: 'done', closedById: reg.contacts.office.id });
    const item = await loadItem(t.db, { ...reg.contacts.fgw, csrfToken: '' } as never, ids.fgw);
    expect(item.reports[0]).toMatchObject({ review: 'accepted', parts: [parts.czj] });
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    await recordHistories(env.client, measureWorkflowId(planId, measureId), 'report-to-lead-consolidated-accepted');
  });
});

describe.sequential('reportTo = office: every unit reports to the office, as before', () => {
  it('a cooperating unit’s done report waits in the office’s queue, and the lead unit is told nothing', async () => {
    await launch('二', { acknowledgeDays: 0, reportTo: 'office' }, NOTICES);
    const czj = await submitProgress(services(), report('czj', 'czj-office-1'));
    expect(czj).toMatchObject({ awaitingReview: true });
    expect((await listReviews(t.db, reg.contacts.office, { planId, limit: 50 })).items.map((i) => [i.reportId, i.unit.name])).toEqual([[czj.reportId, '市财政局']]);
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: czj.reportId } })).toMatchObject({ toLead: false, parts: null });
    const lead = await submitProgress(services(), report('fgw', 'fgw-office-1'));
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: lead.reportId } })).toMatchObject({ parts: null });
    expect((await loadItem(t.db, { ...reg.contacts.fgw, csrfToken: '' } as never, ids.fgw)).cooperatingParts).toEqual([]);
    await world.settled();
    expect(await t.db.outboxMessage.count({ where: { step: 'part-received', planId } })).toBe(0);
  });
});
