import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { chaseUnits } from '../../services/measures/chase-units';
import { runMeasureAction } from '../../services/measures/run-measure-action';
import { closePlan } from '../../services/plans/close-plan';
import { launchPlan } from '../../services/plans/launch-plan';
import { planStatus } from '../../services/plans/plan-status';
import { submitProgress } from '../../services/progress/submit-progress';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'plan-close';
const VIRTUAL_START = shanghaiMidnight('2026-01-05');

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let reg: TSmallRegistry;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: VIRTUAL_START });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, reg } = world);
});

/** What the services run on in this world, "now" being the test server's (skipped) time. */
const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE }, now: () => new Date(NaN) });
const serverNow = async () => new Date(await env.currentTimeMs());
const office = { id: null, label: 'web' };

/**
 * A short plan (5 January to 27 February 2026) run past its end on the time-skipping server: one measure 办结, one
 * not; 定稿 of its only year after the end closes the plan, records the open measure as 未办结, ends its workflow,
 * and from then on the plan is read, never changed.
 */
describe.sequential('a plan closes at the end of its period', () => {
  let planId: string;
  let done: string;
  let open: string;

  it('launches a plan whose period ends on 27 February', async () => {
    const seeded = await seedPlan(t.db, reg, [
      { ref: '一', title: '完善质量激励政策', due: '2026-02-13', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] },
      { ref: '二', title: '开展质量提升专项行动', due: '2026-02-13', parties: [{ role: 'lead', name: '市市场监管局', unitId: reg.units.scjg.id }] },
    ]);
    planId = seeded.plan.id;
    [done, open] = seeded.measureIds as [string, string];
    await t.db.plan.update({ where: { id: planId }, data: { period: { from: '2026-01-05', to: '2026-02-27' } } });
    const clock = await world.startClock();
    const launched = await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
    expect(launched).toMatchObject({ measures: 2, started: 2 });
    await world.settled();
    await runMeasureAction(services(), reg.contacts.office, { measureId: done }, 'close', { reason: '并入市级专项', requestId: 'close-done' });
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: done } })).toMatchObject({ status: 'done' });
  });

  it('refuses to close before the period’s end, naming it', async () => {
    await world.advanceTo('2026-02-20');
    const now = await serverNow();
    await expect(closePlan({ ...services(), now: () => now }, planId, { reason: '提前结束' }, office)).rejects.toThrow('计划实施期限至 2026-02-27，期满后方可关闭');
    expect(await t.db.plan.findUniqueOrThrow({ where: { id: planId } })).toMatchObject({ status: 'launched', closedAt: null });
  });

  it('closes at 定稿 of its last year after the end: recorded, audited, the open measure 未办结 and its workflow ended', async () => {
    await world.advanceTo('2026-03-02');
    await world.settled();
    const now = await serverNow();
    const finalised = await finaliseResults({ ...services(), now: () => now }, planId, { year: 2026 }, { id: reg.contacts.office.id, label: 'web' });
    expect(finalised).toEqual({ year: 2026, version: 1, planClosed: true });
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan).toMatchObject({ status: 'closed', closedAt: now, closedById: reg.contacts.office.id, closeReason: '2026 年度考核结果定稿，计划实施期限（至 2026-02-27）已满' });
    const audit = await t.db.auditEvent.findMany({ where: { planId, action: { in: ['plan.closed', 'measure.unfinished_at_close'] } }, orderBy: { action: 'asc' } });
    expect(audit.map((a) => [a.action, a.subjectId, a.actorId])).toEqual([
      ['measure.unfinished_at_close', open, reg.contacts.office.id],
      ['plan.closed', planId, reg.contacts.office.id],
    ]);
    // 未办结: the open measure keeps `active` (neither 办结 nor 撤销); the done one stays done.
    expect((await t.db.measure.findMany({ where: { planId }, orderBy: { seq: 'asc' } })).map((m) => m.status)).toEqual(['done', 'active']);
    const handle = env.client.workflow.getHandle(measureWorkflowId(planId, open));
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 20_000, interval: 100 }).toBe('CANCELLED');
  });

  it('is read-only once closed: a report or a chase is refused with one line, a second close too; it is still read', async () => {
    const assignment = await t.db.assignment.findFirstOrThrow({ where: { measureId: open } });
    const refusal = '计划已于 2026-03-02 关闭，只能查看，不能再改';
    await expect(
      submitProgress(services(), {
        assignmentId: assignment.id,
        status: 'in_progress',
        percent: 80,
        narrative: '补报。',
        targetValues: [],
        attachments: [],
        submittedBy: reg.contacts.scjg.id,
        idempotencyKey: 'after-close',
      }),
    ).rejects.toThrow(refusal);
    await expect(chaseUnits(services(), reg.contacts.office, open, { unitIds: [reg.units.scjg.id], text: '请补报' })).rejects.toThrow(refusal);
    const now = await serverNow();
    await expect(closePlan({ ...services(), now: () => now }, planId, { reason: '再次关闭' }, office)).rejects.toThrow(refusal);
    const status = await planStatus(t.db, planId);
    expect(status.measures.map((m) => m.id).sort()).toEqual([done, open].sort());
    expect(await t.db.score.count({ where: { planId } })).toBeGreaterThan(0);
  });
});
