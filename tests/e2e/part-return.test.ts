import { afterAll, beforeAll, expect, test } from 'vitest';
import { shanghaiDate } from '../../calendar/working-days';
import { launchDraftPlan, signIn } from '../api/support';
import { startBrowserStack, type TBrowserStack } from '../support/browser-stack';
import { seriousViolations } from './browser';

// The lead unit's 退回 runs through the measure workflow: a Temporal dev server and a worker stand behind the forms.
let stack: TBrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack({ name: 'part-return', workflows: true });
}, 300_000);

afterAll(() => stack?.close());

test('退回 by the lead unit in the browser: a cooperating unit’s part is returned with a reason and a rework time; the cooperating unit sees why and by when', async () => {
  const { db, server, w, signedIn } = stack;
  const coordinatorSession = await signIn(server.app, w.coordinator.email);
  // A leads, B cooperates; cooperating units report their part to the lead unit (the default).
  const { of } = await launchDraftPlan({ app: server.app, db }, w, coordinatorSession, '2026年质量监管工作要点（牵头单位退回）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];

  const b = await signedIn(w.memberB.email, { width: 390, height: 844 });
  await b.page.goto(`${server.url}/items/${coop.id}`);
  await b.page.fill('#percent', '60');
  await b.page.fill('#narrative', '配合抽检完成六成。');
  await Promise.all([b.page.waitForURL((u) => u.searchParams.get('done') === 'reportAccepted'), b.page.locator('#report button[type=submit]').click()]);
  await expect.poll(() => b.page.locator('[data-review="to-lead"]').count()).toBe(1);

  const a = await signedIn(w.memberA.email, { width: 1280, height: 900 });
  await a.page.goto(`${server.url}/items/${lead.id}`);
  const part = a.page.locator('#parts li[data-part]');
  await expect.poll(() => part.count()).toBe(1);
  // A reason is required: refused in one line beside it, the days typed kept.
  await part.getByLabel('整改时限（工作日）').fill('3');
  await part.getByRole('button', { name: '退回' }).click();
  await expect.poll(() => a.page.locator('#parts').textContent()).toContain('请填写退回理由');
  expect(await a.page.locator('#parts li[data-part]').getByLabel('整改时限（工作日）').inputValue()).toBe('3');
  await a.page.locator('#parts li[data-part]').getByLabel('退回理由').fill('缺少抽检报告原件');
  await Promise.all([a.page.waitForURL((u) => u.searchParams.get('done') === 'partReturned'), a.page.locator('#parts li[data-part]').getByRole('button', { name: '退回' }).click()]);
  expect(await a.page.locator('#parts .flash').textContent()).toBe('已退回，配合单位已收到退回理由和重新报送期限');
  expect(await a.page.locator('#parts li[data-part] form').count()).toBe(0);
  expect(await seriousViolations(a.page)).toEqual([]);

  const returned = await db.progressReport.findFirstOrThrow({ where: { assignmentId: coop.id, review: 'returned' } });
  const reworkDue = shanghaiDate(returned.reworkDue!);
  await b.page.goto(`${server.url}/items/${coop.id}`);
  expect(await b.page.locator('[data-review="returned"]').first().textContent()).toBe(`牵头单位退回：缺少抽检报告原件。请于 ${reworkDue} 前重新报送`);
  expect((await db.assignment.findUniqueOrThrow({ where: { id: coop.id } })).status).toBe('in_progress');
  expect(await seriousViolations(b.page)).toEqual([]);
}, 180_000);
