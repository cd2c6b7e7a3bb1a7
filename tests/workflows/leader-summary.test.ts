import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflows } from '../../worker/bundle';
import { describe, expect } from 'vitest';
import { createLeaderSummaryActivities } from '../../activities/scoring/send-leader-summaries';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { startLeaderSummaries } from '../../services/reports/start-leader-summaries';
import { LEADER_SUMMARY_WORKFLOW_ID, nextSummaryQuery } from '../../workflows/leader-summary/definitions';
import { seedSmallPlan } from '../activities/scoring/seed-small-plan';
import { HISTORIES_DIR } from '../support/histories';
import { workflowWorldTest } from '../support/fixtures';

const TASK_QUEUE = 'leader-summary-test';
/** The virtual clock starts on Thursday 2027-01-14 at 10:00 in Shanghai. */
const VIRTUAL_START = shanghaiMidnight('2027-01-14') + 10 * 3_600_000;

const it = workflowWorldTest({
  taskQueue: TASK_QUEUE,
  virtualStart: VIRTUAL_START,
  worker: async ({ db, config, outbox }) => ({
    // Only this workflow: the bundle fails here, not in a worker, if it imports anything non-deterministic.
    workflowBundle: await bundleWorkflows(createRequire(import.meta.url).resolve('../../workflows/leader-summary/workflow.ts')),
    activities: createLeaderSummaryActivities({ db, config, outbox }),
  }),
});

let firstRunId: string;

it.beforeAll(async ({ world }) => {
  await seedSmallPlan(world.t.db);
});

describe.sequential('the leaders’ summary workflow on the time-skipping server', () => {
  it('starts once, however often it is asked to, and waits for Monday 08:00 in Shanghai', async ({ world }) => {
    const { env, capture } = world;
    const clock = await world.startClock();
    const first = await startLeaderSummaries(env.client, { taskQueue: TASK_QUEUE, input: { clock } });
    const second = await startLeaderSummaries(env.client, { taskQueue: TASK_QUEUE, input: { clock } });
    expect([first.started, second.started]).toEqual([true, false]);
    const handle = env.client.workflow.getHandle(LEADER_SUMMARY_WORKFLOW_ID);
    expect(await handle.query(nextSummaryQuery)).toEqual({ at: '2027-01-18T00:00:00.000Z', periodKey: '2027-01-18' });
    firstRunId = (await handle.describe()).runId;
    expect(capture.messages()).toHaveLength(0);
  });

  it('sends each leader one summary at the boundary, then one a week later, continuing as new between them', async ({ world }) => {
    const { env, capture } = world;
    await env.sleep(4 * DAY_MS); // to Monday 01-18 10:00
    const mail = await capture.waitFor((m) => m.subject.includes('截至2027年1月18日'), 20_000, 'the 01-18 summary');
    expect(mail.to).toEqual(['leader@gov.example']);
    expect(mail.text).toContain('2027年1月12日 09:00 提请协调 · 市环保局');
    const handle = env.client.workflow.getHandle(LEADER_SUMMARY_WORKFLOW_ID);
    expect((await handle.query(nextSummaryQuery)).periodKey).toBe('2027-01-25');

    await env.sleep(7 * DAY_MS); // to Monday 01-25 10:00
    await capture.waitFor((m) => m.subject.includes('截至2027年1月25日'), 20_000, 'the 01-25 summary');
    await world.settled([LEADER_SUMMARY_WORKFLOW_ID]);
    expect(capture.messages().map((m) => m.subject)).toEqual([
      '【督办】王副市长同志分管单位督办情况（截至2027年1月18日）',
      '【督办】王副市长同志分管单位督办情况（截至2027年1月25日）',
    ]);
    const now = await handle.describe();
    expect(now.status.name).toBe('RUNNING');
    expect(now.runId).not.toBe(firstRunId);
    await recordRuns(env, handle.workflowId);
  });
});

/**
 * With DUBAN_RECORD_HISTORIES=1, keeps the completed runs (each summary, then continue-as-new) for the replay suite,
 * in their own folder so the measure replay suite's list of paths is untouched. Record before changing the workflow.
 */
async function recordRuns(env: TestWorkflowEnvironment, workflowId: string) {
  if (process.env.DUBAN_RECORD_HISTORIES !== '1') return;
  const dir = path.join(HISTORIES_DIR, 'leader-summary');
  mkdirSync(dir, { recursive: true });
  const runs = [];
  let runId = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  }
    // historyToJSON trips over the two protobufjs copies installed under @temporalio/common and @temporalio/proto;
  // the generated class's own toJSON writes the same proto3 JSON, which historyFromJSON reads back.
  runs.forEach((h, i) =>
    writeFileSync(path.join(dir, `weekly.run${i + 1}.json`), JSON.stringify(temporal.api.history.v1.History.fromObject(h).toJSON(), null, 2)),
  );
}
