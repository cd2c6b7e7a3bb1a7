import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBrowserStack, type TBrowserStack } from '../support/browser-stack';
import { screenshot, seriousViolations } from './browser';

// No workflow service: the forms render and refuse without one, which is what this test reads.
let stack: TBrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack({ name: 'ack' });
}, 120_000);

afterAll(() => stack?.close());

test('the 签收 form on a phone, by keyboard alone: every control labelled, and a refusal keeps what was typed', async () => {
  const { ctx, page } = await stack.signedIn(stack.w.memberA.email, { width: 390, height: 844 });
  await page.goto(`${stack.server.url}/items/${stack.w.assignmentA.id}`);
  await expect.poll(() => page.locator('#acknowledge h2').textContent()).toBe('签收任务');
  expect(await seriousViolations(page)).toEqual([]);

  // Tab from the 责任领导's name through its phone and email to the 经办人's name, typing as one goes.
  await page.getByLabel('姓名').first().focus();
  await page.keyboard.type('钱局长');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0571-87000003');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('ack-handler-name');
  await page.keyboard.type('孙科长');
  // Enter sends it; with no workflow service the page comes back saying so, the form as it was typed.
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/acknowledge')), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator('#acknowledge-problems').textContent()).toContain('督办服务暂时不可用，未能提交；填写的内容已保留');
  expect(await page.inputValue('#ack-responsible-name')).toBe('钱局长');
  expect(await page.inputValue('#ack-responsible-phone')).toBe('0571-87000003');
  expect(await page.inputValue('#ack-handler-name')).toBe('孙科长');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'acknowledge-phone');

  // The unit's own page with its standing passes too.
  await page.goto(`${stack.server.url}/items`);
  await expect.poll(() => page.locator('#standing h2').textContent()).toBe('本单位考核情况');
  expect(await seriousViolations(page)).toEqual([]);
  await ctx.close();
}, 120_000);

test('the 落实情况 form under a 批示, by keyboard alone on a phone: labelled, and a refusal keeps the reply as typed', async () => {
  // A 批示 sent to the unit, as the measure workflow projects one (no workflow service runs here).
  const instruction = await stack.db.instruction.create({
    data: {
      id: 'instr-e2e-1',
      measureId: stack.w.measure.id,
      leaderId: stack.w.leaderA.id,
      writtenById: stack.w.leaderA.id,
      text: '请加大抽检力度，重点关注儿童用品。',
      replyBy: new Date('2027-01-29T00:00:00Z'),
      at: new Date('2027-01-20T02:00:00Z'),
      replies: { create: [{ assignmentId: stack.w.assignmentA.id }] },
    },
  });
  const { ctx, page } = await stack.signedIn(stack.w.memberA.email, { width: 390, height: 844 });
  await page.goto(`${stack.server.url}/items/${stack.w.assignmentA.id}`);
  const reply = page.locator(`#reply-${instruction.id}`);
  await expect.poll(() => reply.locator(`label[for="reply-text-${instruction.id}"]`).textContent()).toBe('落实情况');
  expect(await seriousViolations(page)).toEqual([]);

  // Tab from the reply box through its links to its button and press Enter: with no workflow service the page comes back saying so.
  await page.getByLabel('落实情况', { exact: true }).focus();
  await page.keyboard.type('已组织专项抽检两轮。');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`reply-links-${instruction.id}`);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('回复落实情况');
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/reply')), page.keyboard.press('Enter')]);
  await expect.poll(() => page.locator(`#reply-problems-${instruction.id}`).textContent()).toContain('督办服务暂时不可用，未能提交；填写的内容已保留');
  expect(await page.inputValue(`#reply-text-${instruction.id}`)).toBe('已组织专项抽检两轮。');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'instruction-reply-phone');
  await ctx.close();
}, 120_000);

test('the 批示 page for a coordinator writing on a leader’s behalf: every control labelled, reached by keyboard', async () => {
  const { ctx, page } = await stack.signedIn(stack.w.coordinator.email, { width: 390, height: 844 });
  await page.goto(`${stack.server.url}/measures/${stack.w.measure.id}/instruct`);
  await expect.poll(() => page.locator('#instruct label[for="instruct-leader"]').textContent()).toBe('批示领导');
  expect(await seriousViolations(page)).toEqual([]);
  // From the leader through the text and the date to the first unit's box.
  await page.locator('#instruct-leader').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.type('请加大抽检力度。');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('instruct-replyBy');
  // Chromium's date input takes a Tab per part (year, month, day, its picker) before the next control.
  for (let n = 0; n < 6 && (await page.evaluate(() => document.activeElement?.id)) === 'instruct-replyBy'; n++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`instruct-unit-${stack.w.unitA.id}`);
  // No leader chosen yet: the browser asks for one before the form can be sent.
  expect(await page.evaluate(() => (document.getElementById('instruct-leader') as HTMLSelectElement).validity.valueMissing)).toBe(true);
  await screenshot(page, 'instruct-phone');
  await ctx.close();
}, 120_000);
