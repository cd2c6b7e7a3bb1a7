import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { shanghaiDate } from '../../calendar/working-days';
import { launchDraftPlan, signIn } from '../api/support';
import { startBrowserStack, type TBrowserStack } from '../support/browser-stack';
import { samplePdf } from '../support/sample-files';
import { waitFor } from '../support/wait-for';
import { screenshot, seriousViolations } from './browser';

// 退回整改 runs through the measure workflow: a Temporal dev server and a worker stand behind the forms.
let stack: TBrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack({ name: 'rework', workflows: true });
  writeFileSync(path.join(stack.dir, '抽检报告.pdf'), await samplePdf('抽检报告'));
}, 300_000);

afterAll(() => stack?.close());

/** The unit's report form filled and sent as done, waiting for the page to say it was taken. */
async function reportDone(page: Page, narrative: string): Promise<void> {
  await page.selectOption('#status', 'done');
  await page.fill('#percent', '100');
  await page.fill('#narrative', narrative);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'reportAccepted'), page.locator('#report button[type=submit]').click()]);
}

test('退回整改 in the browser: a done report with a file is returned with a reason and a rework time, resubmitted, accepted, and the measure shows 办结', async () => {
  const { db, server, w, dir, signedIn } = stack;
  const coordinatorSession = await signIn(server.app, w.coordinator.email);
  const { plan, assignments } = await launchDraftPlan({ app: server.app, db }, w, coordinatorSession, '2026年质量监管工作要点（退回整改）', [{ title: '开展质量安全抽检', units: ['A'] }]);
  const item = assignments[0]!;
  const measureId = plan.measures[0]!.id;

  // The unit uploads its evidence on a phone and reports the item done with it.
  const unit = await signedIn(w.memberA.email, { width: 390, height: 844 });
  await unit.page.goto(`${server.url}/items/${item.id}`);
  await unit.page.getByLabel('选择要上传的文件').setInputFiles(path.join(dir, '抽检报告.pdf'));
  await Promise.all([unit.page.waitForURL((u) => u.searchParams.get('done') === 'fileUploaded'), unit.page.locator('#evidence button[type=submit]').click()]);
  expect(await unit.page.locator('#report input[name=fileIds]:checked').count()).toBe(1);
  await reportDone(unit.page, '抽检任务全部完成，共抽检120批次。');
  await expect.poll(() => unit.page.locator('[data-review="pending"]').first().textContent()).toBe('待督查室审核：审核通过后计入');

  // The office finds it in the queue on the plan's dashboard, with its file, and returns it.
  const office = await signedIn(w.coordinator.email, { width: 1280, height: 900 });
  await office.page.goto(`${server.url}/plans/${plan.id}`);
  const waiting = office.page.locator('#reviews li[data-report]');
  await expect.poll(() => waiting.count()).toBe(1);
  expect(await waiting.locator('.attachments a').allTextContents()).toEqual([expect.stringContaining('抽检报告.pdf')]);
  expect(await seriousViolations(office.page)).toEqual([]);
  await waiting.getByLabel('退回理由').fill('缺少抽检报告原件');
  await waiting.getByLabel('整改时限（工作日）').fill('3');
  await Promise.all([office.page.waitForURL((u) => u.searchParams.get('done') === 'saved'), waiting.getByRole('button', { name: '退回' }).click()]);
  await expect.poll(() => office.page.locator('#reviews li[data-report]').count()).toBe(0);

  // The unit sees why and by when, and the item is back in progress.
  const returned = await db.progressReport.findFirstOrThrow({ where: { assignmentId: item.id, review: 'returned' } });
  const reworkDue = shanghaiDate(returned.reworkDue!);
  expect(reworkDue > shanghaiDate(returned.reviewedAt!)).toBe(true);
  await unit.page.goto(`${server.url}/items/${item.id}`);
  await expect.poll(() => unit.page.locator('[data-review="returned"]').first().textContent()).toBe(`已退回：缺少抽检报告原件。请于 ${reworkDue} 前重新报送`);
  expect((await db.assignment.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('in_progress');
  expect(await seriousViolations(unit.page)).toEqual([]);
  await screenshot(unit.page, 'rework-returned-phone');

  // It reports again; the office accepts.
  await reportDone(unit.page, '已补充抽检报告原件，抽检任务全部完成。');
  await office.page.goto(`${server.url}/plans/${plan.id}`);
  await expect.poll(() => waiting.count()).toBe(1);
  expect(await waiting.locator('blockquote').textContent()).toBe('已补充抽检报告原件，抽检任务全部完成。');
  await Promise.all([office.page.waitForURL((u) => u.searchParams.get('done') === 'saved'), waiting.getByRole('button', { name: '通过' }).click()]);

  // 办结: the measure page names who accepted it and when.
  const closed = await waitFor('the measure closed', async () => {
    const m = await db.measure.findUniqueOrThrow({ where: { id: measureId } });
    return m.status === 'done' && m.closedAt ? m : null;
  }, { timeoutMs: 60_000 });
  expect(closed.closedById).toBe(w.coordinator.id);
  await office.page.goto(`${server.url}/plans/${plan.id}/measures/${measureId}`);
  const at = new Date(closed.closedAt!.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  expect(await office.page.locator('#measure-closed').textContent()).toBe(`已办结：李统筹 于 ${at} 审核通过`);
  await screenshot(office.page, 'rework-closed');
  // The unit's history shows the accepted report beside the returned one.
  await unit.page.goto(`${server.url}/items/${item.id}`);
  expect(await unit.page.locator('[data-review="accepted"]').count()).toBe(1);
  expect(await unit.page.locator('[data-review="returned"]').count()).toBe(1);

  await Promise.all([unit.ctx.close(), office.ctx.close()]);
}, 240_000);
