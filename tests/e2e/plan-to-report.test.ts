import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createActivities } from '../../activities';
import { hashPassword } from '../../api/auth/password';
import { startApiServer, type TApiServer } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { createMailer, type Mailer } from '../../mail/mailer';
import type { Db } from '../../prisma/client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createDevServerEnv, measureWorkflowBundle } from '../support/temporal';
import { eventually, launchChromium, screenshot, signInThroughForm } from './browser';

const PASSWORD = 'e2e password 2026';
const TASK_QUEUE = 'duban-e2e';
const PLAN_TEXT = `区2026年质量提升行动方案
一、重点任务
（一）加强质量监管。开展产品质量监督抽查，抽检合格率达到95%以上。（区财政局牵头，区教育局配合）
（二）推进标准建设。完成标准化试点验收。（区标准化研究院负责）
`;

let database: TestDatabase;
let db: Db;
let capture: MailCapture;
let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let mailer: Mailer;
let server: TApiServer;
let browser: Browser;
let coordinatorCtx: BrowserContext;
let planId = '';
let itemA = '';

beforeAll(async () => {
  [database, capture, env] = await Promise.all([createTestDatabase(), startMailCapture({ smtpPort: 0, webPort: 0 }), createDevServerEnv()]);
  db = database.db;
  const passwordHash = await hashPassword(PASSWORD);
  const office = await db.unit.create({ data: { name: '区督查室' } });
  const unitA = await db.unit.create({ data: { name: '区财政局' } });
  const unitB = await db.unit.create({ data: { name: '区教育局' } });
  await db.person.createMany({
    data: [
      { name: '李统筹', email: 'coordinator@e2e.local', role: 'coordinator', unitId: office.id, isContact: true, passwordHash },
      { name: '张财政', email: 'member.a@e2e.local', role: 'member', unitId: unitA.id, isContact: true, passwordHash },
      { name: '赵教育', email: 'member.b@e2e.local', role: 'member', unitId: unitB.id, isContact: true, passwordHash },
    ],
  });

  const config = loadConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'error', PUBLIC_URL: 'http://duban.e2e' });
  mailer = createMailer(capture.smtpUrl, config.MAIL_FROM);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await measureWorkflowBundle(),
    activities: createActivities({ db, mailer, config, temporal: env.client }),
  });
  workerRun = worker.run();
  server = await startApiServer({ db, temporal: env.client, config, mailer, mailCaptureUrl: capture.webUrl, logger: false, port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  coordinatorCtx = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  worker?.shutdown();
  await workerRun?.catch(() => {});
  await env?.teardown();
  mailer?.close();
  await capture?.close();
  await database?.close();
});

describe.sequential('a plan from import to a unit’s report, in a real browser', () => {
  test('1. a coordinator imports, reviews and launches a plan', async () => {
    const page = await coordinatorCtx.newPage();
    await signInThroughForm(page, server.url, 'coordinator@e2e.local', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/plans');

    await page.fill('#text', PLAN_TEXT);
    await Promise.all([page.waitForURL(/\/plans\/\w+\/review$/), page.click('form[action="/plans/import"] button[type=submit]')]);
    planId = /\/plans\/(\w+)\/review/.exec(page.url())![1]!;

    // The source is shown with each measure and its responsibility note highlighted.
    await expect.poll(() => page.locator('mark.annotation').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('mark.annotation').first().textContent()).toContain('区财政局牵头');
    await expect.poll(() => page.locator('#launch').isDisabled()).toBe(true);
    await screenshot(page, '1-review-with-warnings');

    // Fix the unit the registry does not know: measure (二)'s card opens its form because a warning is open.
    const card = page.locator('article[data-measure-ref="一/（二）"]');
    expect(await card.locator('.parties .unresolved').count()).toBe(1);
    await card.locator('textarea[name="lead"]').fill('区财政局');
    await Promise.all([page.waitForURL(/done=saved/), card.locator('button[type=submit]').click()]);
    expect(await page.locator('.flash').textContent()).toContain('已保存');

    // Accept whatever the parser still flags, one warning at a time.
    while ((await page.locator('.warnings li.state-open button').count()) > 0) {
      await Promise.all([page.waitForURL(/done=resolved/), page.locator('.warnings li.state-open button').first().click()]);
    }
    expect(await page.locator('#open-warnings').textContent()).toBe('0');
    expect(await page.locator('#launch').isDisabled()).toBe(false);
    await screenshot(page, '2-review-ready');

    // Launching answers at once; the dashboard then follows the launch until every measure is assigned.
    await Promise.all([page.waitForURL(new RegExp(`/plans/${planId}\\?done=launchStarted`)), page.click('#launch')]);
    expect(await page.locator('.flash').first().textContent()).toContain('已开始启动');

    // The workflows record the assignments; the dashboard links each unit's item.
    const assignment = await eventually('the lead unit’s assignment', () =>
      db.assignment.findFirst({ where: { measure: { planId, ref: '一/（一）' }, unit: { name: '区财政局' } } }),
    );
    itemA = assignment.id;
    await eventually('the dashboard to link the item, the launch over', async () => {
      await page.reload();
      return (await page.locator(`a[href="/items/${itemA}"]`).count()) > 0 && (await page.locator('#launch-progress').count()) === 0;
    });
    await screenshot(page, '3-dashboard-launched');
    await page.close();
  });

  test('2. a unit member reports progress', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInThroughForm(page, server.url, 'member.a@e2e.local', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/items');
    await expect.poll(() => page.locator(`a[href="/items/${itemA}"]`).count()).toBe(1);
    await screenshot(page, '4-my-items-phone');

    await page.click(`a[href="/items/${itemA}"]`);
    await page.selectOption('#status', 'in_progress');
    await page.fill('#percent', '60');
    await page.fill('#narrative', '已完成第一轮产品质量监督抽查，抽检批次120批。');
    await page.locator('input[name^="tv_"]').first().fill('96.5');
    await page.fill('#links', '抽查通报 | https://example.gov.cn/notice.pdf');
    await Promise.all([page.waitForURL(/done=reportAccepted/), page.click('#report button[type=submit]')]);
    expect(await page.locator('.flash').textContent()).toContain('进度已提交');
    expect(await page.locator('#history').textContent()).toContain('已完成第一轮产品质量监督抽查');
    await screenshot(page, '5-item-after-report-phone');

    const report = await db.progressReport.findFirstOrThrow({ where: { assignmentId: itemA } });
    expect(report).toMatchObject({ percent: 60, status: 'in_progress' });
    expect(report.attachments).toEqual([{ title: '抽查通报', url: 'https://example.gov.cn/notice.pdf' }]);
    await ctx.close();
  });

  test('3. the dashboard shows the report', async () => {
    const page = await coordinatorCtx.newPage();
    await page.goto(`${server.url}/plans/${planId}`);
    const row = page.locator('tr', { has: page.locator(`a[href="/items/${itemA}"]`) });
    await expect.poll(() => row.locator('.latest').textContent()).toContain('60% · 推进中');
    await screenshot(page, '6-dashboard-with-report');
    await page.close();
  });

  test('4. another unit’s member is refused the item', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInThroughForm(page, server.url, 'member.b@e2e.local', PASSWORD);
    const res = await page.goto(`${server.url}/items/${itemA}`);
    expect(res?.status()).toBe(404);
    const body = await page.locator('body').textContent();
    expect(body).not.toContain('加强质量监管');
    expect(body).not.toContain('已完成第一轮产品质量监督抽查');
    const api = await page.request.get(`${server.url}/api/assignments/${itemA}`);
    expect(api.status()).toBe(404);
    await screenshot(page, '7-other-unit-refused');
    await ctx.close();
  });

  test('5. a coordinator changes a due date from the measure page, and the unit’s item shows it', async () => {
    const page = await coordinatorCtx.newPage();
    await page.goto(`${server.url}/plans/${planId}`);
    const row = page.locator('tr', { has: page.locator(`a[href="/items/${itemA}"]`) });
    await Promise.all([page.waitForURL(/\/measures\/\w+$/), row.locator('a.manage').click()]);
    const option = page.locator('#due-date-period option').last();
    const period = (await option.getAttribute('value'))!;
    const oldDue = /（(\d{4}-\d{2}-\d{2})）/.exec((await option.textContent())!)![1]!;
    const newDue = new Date(Date.parse(`${oldDue}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.selectOption('#due-date-period', period);
    await page.fill('#due-date-due', newDue);
    await page.fill('#due-date-reason', '统一调整报送时间');
    await Promise.all([page.waitForURL(/done=saved/), page.click('#due-date button[type=submit]')]);
    expect(await page.locator('.flash').textContent()).toContain('已保存');
    expect(await page.locator(`#periods li[data-period="${period}"] .due`).textContent()).toBe(newDue);
    await screenshot(page, '8-measure-due-changed');

    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const unitPage = await ctx.newPage();
    await signInThroughForm(unitPage, server.url, 'member.a@e2e.local', PASSWORD);
    await unitPage.goto(`${server.url}/items/${itemA}`);
    expect(await unitPage.locator('#next-step').textContent()).toMatch(new RegExp(`^${newDue} 前提交 ${period} 进度报告（还有 \\d+ 个工作日）$`));
    await screenshot(unitPage, '9-item-new-due-phone');
    await ctx.close();
    await page.close();
  });

  test('6. a form the workflow refuses says why: a due date on a measure cancelled meanwhile', async () => {
    const stale = await coordinatorCtx.newPage();
    await stale.goto(`${server.url}/plans/${planId}`);
    const row = stale.locator('tr', { hasText: '推进标准建设' });
    await Promise.all([stale.waitForURL(/\/measures\/\w+$/), row.locator('a.manage').click()]);
    const measureUrl = stale.url();

    const page = await coordinatorCtx.newPage();
    await page.goto(measureUrl);
    await page.fill('#cancel-reason', '并入其他任务');
    await page.check('#cancel input[name=confirm]');
    await Promise.all([page.waitForURL(/done=saved/), page.click('#cancel button[type=submit]')]);
    expect(await page.locator('.card.muted').textContent()).toContain('任务不在进行中');
    await page.close();

    await stale.fill('#due-date-due', '2027-03-01');
    await stale.fill('#due-date-reason', '统一调整报送时间');
    const [res] = await Promise.all([stale.waitForResponse((r) => r.request().method() === 'POST'), stale.click('#due-date button[type=submit]')]);
    expect(res.status()).toBe(409);
    expect(await stale.locator('.error-message').getAttribute('data-code')).toBe('CONFLICT');
    expect(await stale.locator('.error-message').textContent()).toMatch(/撤销|cancelled|not running/);
    await screenshot(stale, '10-refused-after-cancel');
    await stale.close();
  });
});
