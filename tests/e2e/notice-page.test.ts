import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNotice } from '../../services/notices/create-notice';
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
  stack = await startBrowserStack({ name: 'notice' });
  ({ database, server, browser, w } = stack);
}, 120_000);

afterAll(() => stack?.close());

test('the 通报 page by keyboard alone: every control labelled, an edit saved with Enter shows in the preview', async () => {
  const draft = await createNotice({ db: database.db, now: () => new Date() }, w.plan.id, { period: '2026' }, { id: w.coordinator.id, label: 'web' });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true });
  const page = await ctx.newPage();
  await signInThroughForm(page, server.url, w.coordinator.email, PASSWORD);
  await page.goto(`${server.url}/plans/${w.plan.id}/notices/${draft.id}`);
  await expect.poll(() => page.locator('h1').first().textContent()).toContain('通报（第 1 版）');
  expect(await seriousViolations(page)).toEqual([]);

  // From the 发文机关标志 to the 主送 line (past the title), typing as one goes; Enter in a field saves.
  await page.getByLabel('发文机关标志').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('区督查室文件');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('n-recipients');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('区财政局、区教育局');
  await Promise.all([page.waitForURL((u) => u.search.includes('done=saved')), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('h1').first().textContent()).toContain('通报（第 2 版）');
  expect(await page.locator('#notice-preview').textContent()).toContain('区财政局、区教育局：');
  expect(await page.locator('#notice-preview').textContent()).toContain('区督查室文件');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'notice-page');
  await ctx.close();
});
