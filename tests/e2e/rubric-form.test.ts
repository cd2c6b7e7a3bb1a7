import { afterAll, beforeAll, expect, test } from 'vitest';
import { PASSWORD } from '../api/support';
import { startBrowserStack, type TBrowserStack } from '../support/browser-stack';
import { screenshot, seriousViolations, signInThroughForm } from './browser';

let stack: TBrowserStack;
let database: TBrowserStack['database'];
let server: TBrowserStack['server'];
let browser: TBrowserStack['browser'];
let w: TBrowserStack['w'];

beforeAll(async () => {
  // The page needs no workflow service: its forms are database work.
  stack = await startBrowserStack({ name: 'rubric' });
  ({ database, server, browser, w } = stack);
}, 120_000);

afterAll(() => stack?.close());

test('the 考核方案 form by keyboard alone, without script: a row added, a problem shown beside its field, previewed, then saved', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true, javaScriptEnabled: true });
  const page = await ctx.newPage();
  await signInThroughForm(page, server.url, w.coordinator.email, PASSWORD);
  // From here on the page runs no script of its own: the form must work as plain HTML.
  await ctx.route('**/static/app.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  await page.goto(`${server.url}/plans/${w.plan.id}/rubric`);
  await expect.poll(() => page.locator('#rubric-edit h2').textContent()).toBe('修改考核方案');
  expect(await seriousViolations(page)).toEqual([]);

  // The 增加指标 button, pressed with the keyboard, adds a row.
  await page.getByRole('button', { name: '增加指标' }).focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('#r-indicators-0 legend').first().textContent()).toBe('指标 1');

  // Typing into the row and pressing Enter previews (never removes a row): the empty points are named beside their field.
  await page.getByLabel('指标名称').focus();
  await page.keyboard.type('抽检合格率');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('#r-indicators-0-points-problem').textContent()).toBe('请填写数字');
  expect(await page.locator('#rubric-problems').textContent()).toContain('指标 1 · 分值：请填写数字');
  expect(await page.inputValue('#r-indicators-0-name')).toBe('抽检合格率');
  expect(await seriousViolations(page)).toEqual([]);

  // Tab from the points to the target list, choose the plan's target, and preview with Enter from the points.
  await page.locator('#r-indicators-0-points').focus();
  await page.keyboard.type('10');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('r-indicators-0-targets');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+Tab');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('#rubric-preview h2').textContent()).toBe('预览：现行方案与新方案对比（未保存）');
  expect(await page.locator(`#rubric-preview tr[data-unit="${w.unitA.id}"] td.next`).first().textContent()).toMatch(/\/110 /);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'rubric-form-preview');

  await page.getByLabel('修改理由').fill('增加抽检合格率指标分');
  await page.locator('#rubric-save').focus();
  await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'saved'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('#rubric-parts h2').textContent()).toBe('现行方案（第 2 版）');
  expect(await page.locator('#rubric-parts').textContent()).toContain('指标分：抽检合格率');
  await ctx.close();
}, 120_000);

test('the indicator table’s correction form by keyboard: opened, refused beside its field, then saved beside the value', async () => {
  const target = w.measure.targets[0]!;
  await database.db.progressReport.updateMany({ where: { assignmentId: w.assignmentA.id }, data: { targetValues: [{ targetId: target.id, value: 93.5 }] } });
  const report = await database.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
  const key = `${report.id}-${target.id}`;
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', bypassCSP: true });
  const page = await ctx.newPage();
  await signInThroughForm(page, server.url, w.coordinator.email, PASSWORD);
  await ctx.route('**/static/app.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  await page.goto(`${server.url}/plans/${w.plan.id}/indicators`);
  expect(await seriousViolations(page)).toEqual([]);

  // The summary opens the form with the keyboard; Enter in the value field sends it without a reason.
  await page.locator(`#fix-${key} summary`).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#fix-value-${key}`).focus();
  await page.keyboard.type('96');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator(`#fix-reason-${key}-problem`).textContent()).toBe('请说明更正理由');
  expect(await page.inputValue(`#fix-value-${key}`)).toBe('96');
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator(`#fix-reason-${key}`).focus();
  await page.keyboard.type('统计局核定数');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'valueCorrected'), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator(`tr[data-target="${target.id}"] .correction`).first().textContent()).toContain('（更正，原报 93.5：统计局核定数）');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'indicator-correction-phone');
  await ctx.close();
}, 120_000);
