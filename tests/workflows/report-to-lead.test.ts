import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { loadItem } from '../../api/views/item';
import { planAudit } from '../../api/views/plan-audit';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { listReviews } from '../../services/reviews/list-reviews';
import { returnPart } from '../../services/reviews/return-part';
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

describe.sequential('退回 by the lead unit: a cooperating unit’s part goes back with a reason and a rework time; the unit is chased against it, sends it again, and the lead’s report includes the new part', () => {
  const parts = { czj: '', scjg1: '', scjg2: '' };
  const back = (reportId: string, requestId: string, by = reg.contacts.fgw) => returnPart(services(), by, reportId, { reason: '缺少资金拨付凭证', reworkDays: 2, requestId });

  it('launches the measure; the cooperating units send their parts to the lead unit', async () => {
    await launch('三', { acknowledgeDays: 0, reportTo: 'lead' }, NOTICES);
    await world.advanceTo('2026-01-06');
    parts.czj = (await submitProgress(services(), report('czj', 'czj-part-r1', { status: 'in_progress', percent: 40, narrative: '资金正在安排。' }))).reportId;
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市财政局“制定质量提升行动方案”']);
    parts.scjg1 = (await submitProgress(services(), report('scjg', 'scjg-part-r1', { status: 'in_progress', percent: 30 }))).reportId;
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市市场监管局“制定质量提升行动方案”']);
    parts.scjg2 = (await submitProgress(services(), report('scjg', 'scjg-part-r2', { status: 'in_progress', percent: 50 }))).reportId;
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市市场监管局“制定质量提升行动方案”']);
  });

  it('only the lead unit’s side returns a part, only a unit’s latest part, once; nothing is recorded for a refusal', async () => {
    await world.advanceTo('2026-01-07');
    const audits = () => t.db.auditEvent.count({ where: { planId, action: 'measure.return-part' } });
    // The office reviews through its own queue; the cooperating units are not the lead's side: the part is not found.
    for (const who of [reg.contacts.office, reg.contacts.czj, reg.contacts.scjg]) await expect(back(parts.czj, 'return-by-other', who)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The lead unit's own report is no part.
    const own = await submitProgress(services(), report('fgw', 'fgw-own-r1', { status: 'in_progress', percent: 10 }));
    await expect(back(own.reportId, 'return-own')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A part its unit has since sent again: the newer one is the one to return.
    await expect(back(parts.scjg1, 'return-old')).rejects.toMatchObject({ code: 'CONFLICT', type: 'PartSuperseded' });
    expect(await audits()).toBe(0);
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: parts.scjg1 } })).toMatchObject({ review: null });
  });

  it('退回: the part no longer counts, its unit is back at work, told why and by when, and reminded against the rework date', async () => {
    const returned = await back(parts.czj, 'return-czj-1');
    // Wednesday 01-07 + 2 working days: Friday 01-09.
    expect(returned).toMatchObject({ reportId: parts.czj, review: 'returned', reworkDue: '2026-01-09' });
    expect(await newMails(2)).toEqual([
      'czj@example.gov.cn | 【督办】报送提醒：“制定质量提升行动方案”2026年上半年进展报告请于2026年1月9日前报送',
      'czj@example.gov.cn | 【督办】牵头单位退回：市财政局“制定质量提升行动方案”2026年上半年进展报告',
    ]);
    const letter = capture.messages().find((m) => m.subject.startsWith('【督办】牵头单位退回'))!;
    expect(letter.text).toContain('牵头单位退回：缺少资金拨付凭证。请于 2026年1月9日 前重新报送');
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: parts.czj } })).toMatchObject({
      review: 'returned',
      reviewReason: '缺少资金拨付凭证',
      reviewedById: reg.contacts.fgw.id,
      reworkDue: new Date('2026-01-08T16:00:00Z'),
    });
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: ids.czj } })).toMatchObject({ status: 'in_progress' });
    const trail = await planAudit(t.db, { id: planId, title: '' }, { limit: 1, format: 'json' }, 'zh');
    expect(trail.entries[0]).toMatchObject({ action: 'measure.return-part', label: '牵头单位退回配合单位材料', reason: '缺少资金拨付凭证', details: ['牵头单位退回，2026-01-09 前重报'] });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.return-part' } })).toMatchObject({ actorId: reg.contacts.fgw.id, actorLabel: 'unit' });
    await expect(back(parts.czj, 'return-czj-2')).rejects.toMatchObject({ code: 'CONFLICT', type: 'PartReturned' });
    // The returned part no longer counts for its unit; the rubric's 退回 deduction is the office's, and does not take it.
    const scoring = (await loadScoringInput(t.db, planId, new Date(shanghaiMidnight('2026-01-08')))).input;
    expect(scoring.reports.map((r) => r.id)).not.toContain(parts.czj);
    expect(scoring.reports.map((r) => r.id)).toContain(parts.scjg2);
    expect(scoring.assessment!.returns).toEqual([]);
    // The cooperating unit's page says why and by when; the lead's report form no longer offers the part.
    const theirs = await loadItem(t.db, { ...reg.contacts.czj, csrfToken: '' } as never, ids.czj);
    expect(theirs.reports[0]).toMatchObject({ id: parts.czj, toLead: true, review: 'returned', reviewReason: '缺少资金拨付凭证', reworkDue: '2026-01-09' });
    await expect(submitProgress(services(), { ...report('fgw', 'fgw-with-returned', { status: 'in_progress', percent: 20 }), parts: [parts.czj] })).rejects.toThrow('不是配合单位报送本牵头单位且未被退回的内容');

    await world.advanceTo('2026-01-09');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】今日到期：“制定质量提升行动方案”2026年上半年进展报告请于今日报送']);
    await world.advanceTo('2026-01-12');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】催办：市财政局“制定质量提升行动方案”2026年上半年进展报告已逾期1个工作日']);
  });

  it('sent again, the new part reaches the lead, whose report includes it; the chase stops', async () => {
    await world.advanceTo('2026-01-13');
    const again = await submitProgress(services(), report('czj', 'czj-part-r2', { narrative: '资金已拨付，凭证附后。' }));
    expect(again).toMatchObject({ period: '2026-H1', due: '2026-01-09', workingDaysLate: 2, awaitingReview: false });
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】配合单位报送：市财政局“制定质量提升行动方案”']);
    const lead = await submitProgress(services(), { ...report('fgw', 'fgw-done-r1', { narrative: '方案已印发。' }), parts: [again.reportId, parts.scjg2] });
    expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: lead.reportId } })).toMatchObject({ parts: [again.reportId, parts.scjg2] });
    await reviewReport(services(), reg.contacts.office, lead.reportId, { decision: 'accept', requestId: 'accept-lead-r1' });
    expect(await world.outcome(measureWorkflowId(planId, measureId))).toMatchObject({ status: 'done' });
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    await recordHistories(env.client, measureWorkflowId(planId, measureId), 'report-to-lead-part-returned');
  });
});
