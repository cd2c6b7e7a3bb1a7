import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import type { TPlanStatus } from '../../services/plans/plan-status';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { runWorker } from '../../worker/main';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { NOTICE_2027 } from '../support/notices';
import { createDevServerEnv, measureWorkflowBundle } from '../support/temporal';

const run = promisify(execFile);
const DUBAN = path.join(import.meta.dirname, '..', '..', 'bin', 'duban.mjs');
const TASK_QUEUE = 'cli-demo-clock';

let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
const stopWorker = new AbortController();
let worker: Promise<void>;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  [t, env, capture] = await Promise.all([createTestDatabase(), createDevServerEnv(), startMailCapture({ smtpPort: 0, webPort: 0 })]);
  cliEnv = {
    ...process.env,
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DUBAN_DEMO_DAY_SECONDS: '2',
    PUBLIC_URL: 'http://demo.duban.test',
  };
  const workflowBundle = await measureWorkflowBundle();
  const ready = new Promise<void>((resolve) => {
    worker = runWorker({
      config: loadConfig(cliEnv),
      databaseUrl: t.url,
      smtpUrl: capture.smtpUrl,
      signal: stopWorker.signal,
      workflowBundle,
      onReady: resolve,
    });
  });
  await ready;
}, 300_000);

afterAll(async () => {
  stopWorker.abort();
  await worker;
  await env?.teardown();
  await capture?.close();
  await t?.close();
});

async function duban(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [DUBAN, ...args], { env: cliEnv });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe.sequential('the CLI on a dev server with the demo clock (a day lasts 2 s)', () => {
  it('launches, shows status, escalates within seconds, and takes a late report from a file', async () => {
    const reg = await seedSmallRegistry(t.db);
    const { plan } = await seedPlan(
      t.db,
      reg,
      [{ ref: '一', title: '编制质量发展规划', due: '2027-01-08', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] }],
      { year: 2027, schedule: { cadence: 'final' } },
    );

    const launched = await duban('plan', 'launch', plan.id, '--json');
    expect(launched.code).toBe(0);
    expect(JSON.parse(launched.stdout)).toMatchObject({ measures: 1, started: 1, alreadyRunning: 0 });
    expect(JSON.parse((await duban('plan', 'launch', plan.id, '--json')).stdout)).toMatchObject({ started: 0, alreadyRunning: 1 });

    // 2027-01-01 is a holiday: the reminder three working days before Friday 01-08 is Tuesday 01-05, about 9 s in.
    const subjects = ['【督办】任务交办：', '【督办】报送提醒：', '【督办】今日到期：', '【督办】催办：'];
    for (const s of subjects) await capture.waitFor((m) => m.subject.includes(s), 40_000, s);
    expect(capture.messages().map((m) => m.to.join(','))).toEqual(Array(4).fill('fgw@example.gov.cn'));

    const status = JSON.parse((await duban('plan', 'status', plan.id, '--json')).stdout) as TPlanStatus;
    const unit = status.measures[0]!.units[0]!;
    expect(unit).toMatchObject({ unitName: '市发展改革委', role: 'lead', state: expect.stringMatching(/^escalated:(urge|supervise)$/), colour: 'red' });

    const dir = mkdtempSync(path.join(tmpdir(), 'duban-progress-'));
    const file = path.join(dir, 'progress.json');
    writeFileSync(file, JSON.stringify({ status: 'done', percent: 100, narrative: '规划已印发。', submittedBy: 'fgw@example.gov.cn' }));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ status: 'done', percent: 80, narrative: '规划已印发。', submittedBy: 'fgw@example.gov.cn' }));
    const refused = await duban('progress', 'submit', '--assignment', unit.assignmentId, '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('已完成时进度应为 100');

    const submitted = await duban('progress', 'submit', '--assignment', unit.assignmentId, '--file', file, '--json');
    expect(submitted.code).toBe(0);
    const answer = JSON.parse(submitted.stdout);
    expect(answer).toMatchObject({ period: 'final', due: '2027-01-08' });
    expect(answer.workingDaysLate).toBeGreaterThanOrEqual(1);
    expect(JSON.parse((await duban('progress', 'submit', '--assignment', unit.assignmentId, '--file', file, '--json')).stdout)).toEqual(answer);
    // The final report waits for the office's review (审核); the plan's one coordinator accepts it from the command line.
    expect(answer.awaitingReview).toBe(true);
    const queue = JSON.parse((await duban('review', 'list', plan.id, '--json')).stdout) as { items: { reportId: string }[] };
    expect(queue.items.map((i) => i.reportId)).toEqual([answer.reportId]);
    const accepted = await duban('review', 'accept', answer.reportId);
    expect(accepted.code, accepted.stderr).toBe(0);

    await expect.poll(async () => (await t.db.measure.findUniqueOrThrow({ where: { id: status.measures[0]!.id } })).status, { timeout: 20_000 }).toBe('done');
    const after = JSON.parse((await duban('plan', 'status', plan.id, '--json')).stdout) as TPlanStatus;
    expect(after.measures[0]).toMatchObject({ status: 'done', colour: 'green', units: [expect.objectContaining({ state: 'done' })] });
  }, 180_000);

  it('sets next year’s calendar from the State Council’s notice, and the running measures hear of it', async () => {
    const reg = await seedSmallRegistry(t.db, '-cal');
    const { plan } = await seedPlan(
      t.db,
      reg,
      [{ ref: '一', title: '完善质量奖励制度', due: '2027-12-31', parties: [{ role: 'lead', name: reg.units.czj.name, unitId: reg.units.czj.id }] }],
      { year: 2027, schedule: { cadence: 'final' } },
    );
    expect((await duban('plan', 'launch', plan.id)).code).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-notice-'));
    const notice = path.join(dir, '2027年部分节假日安排的通知.txt');
    writeFileSync(notice, NOTICE_2027);
    const set = await duban('calendar', 'set', '2027', notice, '--json');
    expect(set.code, set.stderr).toBe(0);
    const change = JSON.parse(set.stdout);
    expect(change.view).toMatchObject({ year: 2027, set: true, provisional: false, source: '国务院办公厅关于2027年部分节假日安排的通知' });
    // Saved with its announcement: the worker's outbox starts the broadcast, which tells the running measure.
    await expect.poll(() => t.db.outboxDelivery.count({ where: { channel: 'signal', messageId: change.announcedBy, status: 'sent' } }), { timeout: 20_000 }).toBe(1);
    expect(await env.client.workflow.getHandle(change.announcedBy).result()).toEqual({ told: 1, closed: 0 });
    const shown = await duban('calendar', 'show', '2027');
    expect(shown.stdout.split('\n')[0]).toContain('2027 年工作日历：国务院办公厅关于2027年部分节假日安排的通知');
    expect(shown.stdout).toContain('  2027-02-20 上班 春节调休上班');
  }, 120_000);
});
