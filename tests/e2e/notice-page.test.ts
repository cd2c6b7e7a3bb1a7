import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApiServer, type TApiServer } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { createMailer, type Mailer } from '../../mail/mailer';
import { createNotice } from '../../services/notices/create-notice';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { PASSWORD, seedWorld, type TWorld } from '../api/support';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { launchChromium, screenshot, signInThroughForm } from './browser';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let database: TestDatabase;
let capture: MailCapture;
let mailer: Mailer;
let server: TApiServer;
let browser: Browser;
let w: TWorld;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'duban-e2e-notice-'));
  [database, capture] = await Promise.all([createTestDatabase(), startMailCapture({ smtpPort: 0, webPort: 0 })]);
  w = await seedWorld(database.db);
  const config = loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: 'http://duban.e2e', DUBAN_DATA_DIR: path.join(dir, 'data') });
  mailer = createMailer(capture.smtpUrl, config.MAIL_FROM);
  server = await startApiServer({ db: database.db, temporal: null, config, mailer, mailCaptureUrl: capture.webUrl, logger: false, port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  mailer?.close();
  await capture?.close();
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run());
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

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
