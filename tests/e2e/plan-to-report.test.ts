import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createActivities } from '../../activities';
import { hashPassword } from '../../services/auth/password';
import { startApiServer, type TApiServer } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startOutbox } from '../../outbox/start-outbox';
import type { Db } from '../../prisma/client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createDevServerEnv, measureWorkflowBundle } from '../support/temporal';
import { waitFor } from '../support/wait-for';
import { WORLD_GATHER_MS } from '../support/workflow-world';
import { launchChromium, screenshot, signInThroughForm } from './browser';

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
let outbox: ReturnType<typeof startOutbox>;
let server: TApiServer;
let browser: Browser;
let coordinatorCtx: BrowserContext;
let planId = '';
let itemA = '';

/** Whether an element is on the screen as the page now stands, scrolled where the browser put it. */
async function inView(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

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
  outbox = startOutbox({ db, mailer, temporal: { client: env.client, taskQueue: TASK_QUEUE }, log: Runtime.instance().logger, gatherMs: WORLD_GATHER_MS });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await measureWorkflowBundle(),
    activities: createActivities({ db, config, temporal: env.client, outbox: outbox.writer }),
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
  await outbox?.stop();
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
    // After the first, the address already says done=resolved: wait for the open warnings to drop instead.
    const open = page.locator('.warnings li.state-open button');
    for (let n = await open.count(); n > 0; n--) {
      await open.first().click();
      await expect.poll(() => open.count()).toBe(n - 1);
      await page.waitForLoadState('load');
    }
    expect(await page.locator('#open-warnings').textContent()).toBe('0');
    expect(await page.locator('#launch').isDisabled()).toBe(false);
    await screenshot(page, '2-review-ready');

    // Launching answers at once; the dashboard then follows the launch until every measure is assigned.
    await Promise.all([page.waitForURL(new RegExp(`/plans/${planId}\\?done=launchStarted`)), page.click('#launch')]);
    expect(await page.locator('.flash').first().textContent()).toContain('已开始启动');

    // The workflows record the assignments; the dashboard links each unit's item.
    const assignment = await waitFor('the lead unit’s assignment', () =>
      db.assignment.findFirst({ where: { measure: { planId, ref: '一/（一）' }, unit: { name: '区财政局' } } }), { timeoutMs: 60_000, everyMs: 250 },
    );
    itemA = assignment.id;
    await waitFor(
      'the dashboard to link the item, the launch over',
      async () => {
        await page.reload();
        return (await page.locator(`a[href="/items/${itemA}"]`).count()) > 0 && (await page.locator('#launch-progress').count()) === 0;
      },
      { timeoutMs: 60_000, everyMs: 250 },
    );
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
    // A link without its scheme passes the browser's checks (it is a textarea) but not the progress schema.
    await page.fill('#links', '抽查通报 | example.gov.cn/notice.pdf');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#report button[type=submit]')]);
    expect(refused.status()).toBe(422);
    await page.waitForSelector('#links-problem');
    expect(await page.locator('#links-problem').textContent()).toBe('第 1 行：链接须是完整网址，如 https://…');
    expect(await inView(page, '#report-problems')).toBe(true);
    expect(await page.inputValue('#status')).toBe('in_progress');
    expect(await page.inputValue('#percent')).toBe('60');
    expect(await page.inputValue('#narrative')).toBe('已完成第一轮产品质量监督抽查，抽检批次120批。');
    expect(await page.locator('input[name^="tv_"]').first().inputValue()).toBe('96.5');
    expect(await page.inputValue('#links')).toBe('抽查通报 | example.gov.cn/notice.pdf');
    await screenshot(page, '5a-report-refused-phone');

    await page.fill('#links', '抽查通报 | https://example.gov.cn/notice.pdf');
    await Promise.all([page.waitForURL(/done=reportAccepted/), page.click('#report button[type=submit]')]);
    expect(await page.locator('.flash').textContent()).toContain('进度已提交');
    // Landing at the history, the confirmation is on the screen, not 2,000 px above it.
    expect(await inView(page, '.flash')).toBe(true);
    expect(await page.locator('#history').textContent()).toContain('已完成第一轮产品质量监督抽查');
    expect(await page.locator('#history .reported-values').first().textContent()).toBe('抽检合格率：96.5% （目标 ≥ 95%）');
    await screenshot(page, '5-item-after-report-phone');

    // The refused post and the accepted one carried the same key: one report.
    const reports = await db.progressReport.findMany({ where: { assignmentId: itemA } });
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
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

  test('5. a coordinator changes the final due date from the measure page, and the unit’s item shows it', async () => {
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
    // The final period's new date is the measure's deadline; unit A reported that period in step 2, so it is asked for
    // its report of completion, not told the period is due.
    expect(await unitPage.locator('p.muted', { hasText: '完成时限' }).textContent()).toContain(`完成时限 ${newDue}`);
    expect(await unitPage.locator('#next-step').textContent()).toBe('各报送期均已报送；任务完成后请报送“已完成”');
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
  test('7. a unit asks for an extension; a refused request comes back on the form, and a pending one is not asked twice', async () => {
    const itemB = (await db.assignment.findFirstOrThrow({ where: { measure: { planId, ref: '一/（一）' }, unit: { name: '区教育局' } } })).id;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInThroughForm(page, server.url, 'member.b@e2e.local', PASSWORD);
    await page.goto(`${server.url}/items/${itemB}`);
    const due = /（期限 (\d{4}-\d{2}-\d{2})）|^(\d{4}-\d{2}-\d{2}) 前提交/.exec((await page.locator('#next-step').textContent())!)!.slice(1).find(Boolean)!;
    expect(await page.getAttribute('#requestedDue', 'min')).toBe(new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));

    // A page without the date limit (an older browser, a stale page) lets the due date itself through: the workflow refuses.
    await page.evaluate("document.querySelector('#requestedDue').removeAttribute('min')");
    await page.fill('#requestedDue', due);
    await page.fill('#reason', '需与区财政局联合开展抽检，时间顺延');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#extension button[type=submit]')]);
    expect(refused.status()).toBe(409);
    await page.waitForSelector('#requestedDue-problem');
    expect(await page.locator('#requestedDue-problem').textContent()).toBe(`须晚于当前报送期限 ${due}`);
    expect(await inView(page, '#extension-problems')).toBe(true);
    expect(await page.inputValue('#reason')).toBe('需与区财政局联合开展抽检，时间顺延');
    expect(await page.locator('body').textContent()).not.toMatch(/出错了|ask before|须在到期日/);
    await screenshot(page, '11-extension-refused-phone');

    // The same form, same key, a later date: the refusal recorded nothing, so this one is taken.
    const later = new Date(Date.parse(`${due}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#requestedDue', later);
    await Promise.all([page.waitForURL(/done=extensionRequested/), page.click('#extension button[type=submit]')]);
    expect(await inView(page, '.flash')).toBe(true);
    expect(await page.locator('.flash').textContent()).toBe('延期申请已提交');
    expect(await page.locator('#extensions').textContent()).toContain(`${due} → ${later} · 待审批`);
    expect(await page.locator('#extension-unavailable').textContent()).toBe('已有待审批的延期申请，审批后才能再次申请');
    expect(await page.locator('form[action$="/extension#extension"]').count()).toBe(0);
    expect(await db.extension.count({ where: { assignmentId: itemB } })).toBe(1);
    await screenshot(page, '12-extension-pending-phone');
    await ctx.close();
  });

  test('8. a wrong password shows the sign-in form again, the email kept, in the chosen language', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'member.a@e2e.local');
    await page.fill('#password', 'not the password');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form[action="/login"] button[type=submit]')]);
    expect(res.status()).toBe(401);
    await page.waitForSelector('#login-problem');
    expect(await page.locator('#login-problem').textContent()).toBe('邮箱或密码不正确，请重新输入');
    expect(await page.inputValue('#email')).toBe('member.a@e2e.local');
    expect(await page.locator('body').textContent()).not.toMatch(/wrong email|出错了/);
    // Then the right password from the same form signs in.
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/items');

    const en = await browser.newContext({ locale: 'en-US' });
    const enPage = await en.newPage();
    await enPage.goto(`${server.url}/login?lang=en`);
    await enPage.fill('#email', 'member.a@e2e.local');
    await enPage.fill('#password', 'not the password');
    await Promise.all([enPage.waitForResponse((r) => r.request().method() === 'POST'), enPage.click('form[action="/login"] button[type=submit]')]);
    await enPage.waitForSelector('#login-problem');
    expect(await enPage.locator('#login-problem').textContent()).toBe('Wrong email or password: try again');
    expect(await enPage.locator('body').textContent()).not.toContain('邮箱或密码不正确');
    await screenshot(page, '13-wrong-password-phone');
    await en.close();
    await ctx.close();
  });
});
