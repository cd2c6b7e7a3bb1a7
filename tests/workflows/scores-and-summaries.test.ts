import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { runMeasureAction } from '../../services/measures/run-measure-action';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { reviewReport } from '../../services/reviews/review-report';
import { startLeaderSummaries } from '../../services/reports/start-leader-summaries';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import { computeScores } from '../../scoring/compute-scores';
import type { MailCapture } from '../../stack/mail-capture';
import { measureWorkflowId, type TMeasureOutcome } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { waitFor } from '../support/wait-for';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'scores-and-summaries';
/** Monday 2026-07-06, 10:00 in Shanghai: the half-year report falls due on Wednesday 07-15. */
const VIRTUAL_START = shanghaiMidnight('2026-07-06') + 10 * 3_600_000;

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;

// The worker as production builds it: every activity composed, every workflow of workflows/index.ts, so the
// measures and the leaders' summaries share it.
const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: VIRTUAL_START });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

/** What the services run on in this world. */
const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

/** Waits until the plan's stored scores are as of `asOf` or later; returns that instant. */
async function scoredAsOf(planId: string, asOf: Date): Promise<Date> {
  const row = await waitFor(`scores as of ${asOf.toISOString()}`, () => t.db.score.findFirst({ where: { planId, scope: 'plan', computedAt: { gte: asOf } } }), {
    timeoutMs: 20_000,
  });
  return row.computedAt;
}

/** The stored rows, and what the scoring function makes of the database as of their instant, in one shape. */
async function storedAndComputed(planId: string, asOf: Date) {
  const rows = await t.db.score.findMany({ where: { planId } });
  const { input, rubric, calendar } = await loadScoringInput(t.db, planId, asOf);
  const set = computeScores(input, rubric, calendar);
  const shape = (s: { scope: string; subjectId: string; points: number; maxPoints: number; grade: string; breakdown: unknown }) =>
    [`${s.scope}:${s.subjectId}`, { points: s.points, maxPoints: s.maxPoints, grade: s.grade, breakdown: s.breakdown }] as const;
  return {
    stored: Object.fromEntries(rows.map(shape)),
    computed: Object.fromEntries([...set.assignments, ...set.measures, ...set.units, set.plan].map(shape)),
    asOf: rows.map((r) => r.computedAt.toISOString()),
    rubricVersions: rows.map((r) => r.rubricVersion),
  };
}

describe.sequential('reports and period closes rescore the plan; leaders hear of overdue units', () => {
  let planId: string;
  let m1: string;
  let m2: string;

  /**
   * Advances to the first day after a close and waits for the plan's scores as of exactly that instant, checks them
   * against computeScores, and returns the explanation lines of 市财政局's overdue assignment.
   */
  async function scoredAtClose(dayAfter: string): Promise<string> {
    await world.advanceTo(dayAfter);
    const close = new Date(shanghaiMidnight(dayAfter));
    const asOf = await scoredAsOf(planId, close);
    expect(asOf).toEqual(close);
    const { stored, computed } = await storedAndComputed(planId, asOf);
    expect(stored).toEqual(computed);
    const czj = await t.db.assignment.findFirstOrThrow({ where: { measureId: m2 } });
    return (stored[`assignment:${czj.id}`]!.breakdown as { explanation: string }[]).map((l) => l.explanation).join('\n');
  }

  it('launches the plan and the leaders’ summaries on the same worker, with no scores yet', async () => {
    const seeded = await seedPlan(t.db, reg, [
      {
        ref: '一/(一)',
        title: '完善质量激励政策',
        due: '2026-06-30',
        parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }],
        targets: [{ indicator: '质量奖获奖企业', value: 5, unit: '家' }],
      },
      { ref: '一/(二)', title: '落实质量奖励资金', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
    ]);
    planId = seeded.plan.id;
    [m1, m2] = seeded.measureIds as [string, string];
    const clock = await world.startClock();
    // Launched on 07-06, its 06-30 due dates are past: as is, they are due at the next reporting date, 07-15.
    expect(await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-07-06', clock, dates: { asIs: true } })).toMatchObject({ started: 2 });
    expect((await startLeaderSummaries(env.client, { taskQueue: TASK_QUEUE, input: { clock } })).started).toBe(true);
    await capture.waitFor(() => capture.messages().length >= 2, 20_000, 'two notices');
    expect(await t.db.score.count()).toBe(0);
  });

  it('a report through the update leads to scores for every assignment, measure, unit and the plan, as computeScores gives them', async () => {
    await world.advanceTo('2026-07-10');
    const fgw = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m1, unitId: reg.units.fgw.id } } });
    const target = await t.db.target.findFirstOrThrow({ where: { measureId: m1 } });
    await submitProgress(services(), {
      assignmentId: fgw.id,
      status: 'in_progress',
      percent: 60,
      narrative: '激励政策已起草，正在征求意见。',
      targetValues: [{ targetId: target.id, value: 3 }],
      attachments: [], submittedBy: reg.contacts.fgw.id,
      idempotencyKey: 'fgw-h1-progress',
    });
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: fgw.id } });
    const asOf = await scoredAsOf(planId, report.submittedAt);

    const { stored, computed, asOf: instants, rubricVersions } = await storedAndComputed(planId, asOf);
    expect(Object.keys(stored).sort()).toEqual(
      [`assignment:${fgw.id}`, `assignment:${(await t.db.assignment.findFirstOrThrow({ where: { measureId: m2 } })).id}`, `measure:${m1}`, `measure:${m2}`, `unit:${reg.units.fgw.id}`, `unit:${reg.units.czj.id}`, `plan:${planId}`].sort(),
    );
    expect(stored).toEqual(computed);
    expect(new Set(instants)).toEqual(new Set([asOf.toISOString()]));
    expect(new Set(rubricVersions)).toEqual(new Set([1]));
    // The report is what the fgw assignment's score explains: its value against the target.
    const lines = (stored[`assignment:${fgw.id}`]!.breakdown as { explanation: string }[]).map((l) => l.explanation).join('\n');
    expect(lines).toContain('目标达成：「质量奖获奖企业」目标 ≥5家，市发展改革委 2026年上半年报告值 3家，未达标，完成比例 60% 计 12 分（本项满分 20）');
  });

  it('a done report rescores again, after the measure is closed', async () => {
    await world.advanceTo('2026-07-14');
    const fgw = await t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: m1, unitId: reg.units.fgw.id } } });
    const before = (await t.db.score.findUniqueOrThrow({ where: { planId_year_scope_subjectId: { planId, year: 0, scope: 'measure', subjectId: m1 } } })).points;
    const answer = await submitProgress(services(), {
      assignmentId: fgw.id,
      status: 'done',
      percent: 100,
      narrative: '激励政策已印发。',
      targetValues: [{ targetId: (await t.db.target.findFirstOrThrow({ where: { measureId: m1 } })).id, value: 6 }],
      attachments: [], submittedBy: reg.contacts.fgw.id,
      idempotencyKey: 'fgw-h1-done',
    });
    // Completion counts once the office accepts the report (审核): the plan is rescored as of the acceptance.
    await reviewReport(services(), reg.contacts.office, answer.reportId, { decision: 'accept', requestId: 'accept-fgw-h1' });
    expect((await world.outcome(measureWorkflowId(planId, m1))) as TMeasureOutcome).toEqual({ status: 'done', reports: 2, escalations: 0 });
    const done = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: fgw.id, status: 'done' } });
    const asOf = await scoredAsOf(planId, done.reviewedAt!);
    const { stored, computed } = await storedAndComputed(planId, asOf);
    expect(stored).toEqual(computed);
    expect(stored[`measure:${m1}`]!.points).toBeGreaterThan(before);
  });

  it('when the period closes unreported, the plan is rescored as of the close, counting the report overdue', async () => {
    expect(await scoredAtClose('2026-07-16')).toContain('报送及时性：2026年上半年报告逾期未报（期限 2026-07-15，已逾期 1 个工作日），得 0 分（本期满分 30）');
  });

  it('the Monday summary tells the leader of the overdue unit what is overdue, and the other leader that nothing is', async () => {
    await world.advanceTo('2026-07-20');
    const li = await capture.waitFor((m) => m.to[0] === reg.leaders.b.email && m.subject.includes('截至2026年7月20日'), 20_000, 'the 07-20 summary to 李副市长');
    expect(li.subject).toBe('【督办】李副市长同志分管单位督办情况（截至2026年7月20日）');
    expect(li.text).toContain('逾期未报（1项）');
    expect(li.text).toContain('一/(二) 落实质量奖励资金 · 市财政局（牵头）：2026年上半年进展报告应于2026年7月15日前报送，已逾期3个工作日');
    const wang = await capture.waitFor((m) => m.to[0] === reg.leaders.a.email && m.subject.includes('截至2026年7月20日'), 20_000, 'the 07-20 summary to 王副市长');
    expect(wang.text).toContain('逾期未报：无');
  });

  it('a final due date moved past its close is scored again at its new close', async () => {
    await runMeasureAction(services(), reg.contacts.office, { measureId: m2 }, 'change-due', { period: '2026-H1', due: '2026-07-22', reason: '经协调，报送期限顺延', requestId: 'due-m2-h1' });
    expect(await scoredAtClose('2026-07-23')).toContain('报送及时性：2026年上半年报告逾期未报（期限 2026-07-22，已逾期 1 个工作日），得 0 分（本期满分 30）');
  });

  it('cancelling the overdue measure rescores the plan without it', async () => {
    await world.advanceTo('2026-07-24');
    const before = await t.db.score.findUniqueOrThrow({ where: { planId_year_scope_subjectId: { planId, year: 0, scope: 'plan', subjectId: planId } } });
    const czj = await t.db.assignment.findFirstOrThrow({ where: { measureId: m2 } });
    await runMeasureAction(services(), reg.contacts.office, { measureId: m2 }, 'cancel', { reason: '该项任务已并入其他专项', requestId: 'cancel-m2' });
    expect(((await world.outcome(measureWorkflowId(planId, m2))) as TMeasureOutcome).status).toBe('cancelled');
    const asOf = await scoredAsOf(planId, new Date(before.computedAt.getTime() + 1));
    const { stored, computed } = await storedAndComputed(planId, asOf);
    expect(stored).toEqual(computed);
    expect(stored[`measure:${m2}`]).toBeUndefined();
    expect(stored[`assignment:${czj.id}`]).toBeUndefined();
    expect(stored[`plan:${planId}`]!.points).toBeGreaterThan(before.points);
    await recordHistories(env.client, measureWorkflowId(planId, m2), 'close-owed-then-cancelled');
  });
});
