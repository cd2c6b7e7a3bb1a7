import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import type { TProgressSubmission } from '../../domain/progress';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { reviewReport } from '../../services/reviews/review-report';
import { measureStateQuery, measureWorkflowId } from '../../workflows/measure/definitions';
import { waitFor } from '../support/wait-for';
import type { TestDatabase } from '../support/db';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'idempotency';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let reg: TSmallRegistry;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, reg } = world);
});

/** What the services run on in this world. */
const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

describe.sequential('a report’s idempotency key belongs to its unit and submitter', () => {
  let workflowId: string;
  let lead: { id: string; by: string };
  let coop: { id: string; by: string };
  const report = (who: { id: string; by: string }, idempotencyKey: string, fields: Partial<TProgressSubmission> = {}) =>
    submitProgress(services(), { assignmentId: who.id, status: 'in_progress', percent: 20, narrative: '按计划推进。', targetValues: [], attachments: [], submittedBy: who.by, idempotencyKey, ...fields });
  const reportsUnder = (idempotencyKey: string) => t.db.progressReport.count({ where: { idempotencyKey } });
  const view = () => env.client.workflow.getHandle(workflowId).query(measureStateQuery);
  const firsts: Record<string, Awaited<ReturnType<typeof report>>> = {};

  it('launches a measure led by one unit with another cooperating', async () => {
    const { plan, measureIds } = await seedPlan(t.db, reg, [
      {
        ref: '三',
        title: '健全质量监管体系',
        due: '2026-12-31',
        parties: [
          { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
          { role: 'cooperating', name: '市财政局', unitId: reg.units.czj.id },
        ],
      },
    ]);
    workflowId = measureWorkflowId(plan.id, measureIds[0]!);
    const clock = await world.startClock();
    await launchPlan(t.db, world.client, plan.id, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
    await waitFor('both assignments', async () => (await t.db.assignment.count({ where: { measureId: measureIds[0]! } })) === 2, { timeoutMs: 30_000 });
    const of = (unitId: string) => t.db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId: measureIds[0]!, unitId } } });
    lead = { id: (await of(reg.units.fgw.id)).id, by: reg.contacts.fgw.id };
    coop = { id: (await of(reg.units.czj.id)).id, by: reg.contacts.czj.id };
  });

  it('two units that send the same key each get their own report, and each repeat its own first answer', async () => {
    firsts.lead = await report(lead, '2026-H1-report');
    firsts.coop = await report(coop, '2026-H1-report');
    expect(firsts.coop.reportId).not.toBe(firsts.lead.reportId);
    expect(await reportsUnder('2026-H1-report')).toBe(2);
    expect(await report(lead, '2026-H1-report', { percent: 90 })).toEqual(firsts.lead);
    expect(await report(coop, '2026-H1-report', { percent: 90 })).toEqual(firsts.coop);
    expect(await reportsUnder('2026-H1-report')).toBe(2);
    expect((await view()).reports.map((r) => r.reportId).sort()).toEqual([firsts.lead.reportId, firsts.coop.reportId].sort());
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty'])('a key named %s is a key like any other', async (key) => {
    const first = await report(lead, key);
    expect(first).toMatchObject({ reportId: expect.any(String), period: '2026-H1', due: '2026-07-15', measureStatus: 'active' });
    expect(await report(lead, key, { percent: 90 })).toEqual(first);
    expect(await t.db.progressReport.findMany({ where: { idempotencyKey: key }, select: { id: true } })).toEqual([{ id: first.reportId }]);
  });

  it('carries into the next period what the rules need of its reports, and a late repeat still gets the first report', async () => {
    const before = await env.client.workflow.getHandle(workflowId).describe();
    // Both units reported for H1, so nothing wakes the measure at its close: it notices the close at its next step,
    // H2's reminder three working days before 2027-01-15.
    await world.advanceTo('2027-01-12');
    await waitFor('the next period’s run', async () => (await env.client.workflow.getHandle(workflowId).describe()).runId !== before.runId, { timeoutMs: 30_000 });
    // Four reports from the lead for H1 and one from the cooperating unit: the next run keeps each unit's latest.
    expect((await view()).reports.map((r) => [r.assignmentId, r.period])).toEqual([
      [coop.id, '2026-H1'],
      [lead.id, '2026-H1'],
    ]);
    // Answers from a year ago are not carried; the repeat is answered with the report the database holds.
    expect(await report(lead, '2026-H1-report', { percent: 95 })).toEqual(firsts.lead);
    expect(await reportsUnder('2026-H1-report')).toBe(2);
    expect((await view()).reports).toHaveLength(2);
  });

  it('counts every report it received when it completes', async () => {
    await report(coop, '2026-H2-report');
    const done = await report(lead, '2026-H2-done', { status: 'done', percent: 100 });
    // The office accepts the final report (审核), which closes the measure.
    await reviewReport(services(), reg.contacts.office, done.reportId, { decision: 'accept', requestId: 'accept-2026-H2' });
    expect(await world.outcome(workflowId)).toEqual({ status: 'done', reports: 7, escalations: 0 });
  });
});
