import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBrowserStack, type TBrowserStack } from '../support/browser-stack';
import { sampleJpeg, samplePdf } from '../support/sample-files';
import { screenshot, seriousViolations } from './browser';

// Uploading and opening files needs no workflow service.
let stack: TBrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack({ name: 'files' });
  writeFileSync(path.join(stack.dir, '自查报告.pdf'), await samplePdf('自查报告'));
  writeFileSync(path.join(stack.dir, '现场照片.jpg'), sampleJpeg(64, 48, 3));
}, 120_000);

afterAll(() => stack?.close());

test('a unit uploads a PDF and a photo from a phone, by keyboard; the office opens both; another unit’s contact gets 404', async () => {
  const { server, w, dir, signedIn } = stack;
  const unit = await signedIn(w.memberA.email, { width: 390, height: 844 });
  const page = unit.page;
  await page.goto(`${server.url}/items/${w.assignmentA.id}`);
  const card = page.locator('#evidence');
  await expect.poll(() => card.textContent()).toContain('严禁上传涉密材料');
  expect(await seriousViolations(page)).toEqual([]);

  const links = page.locator('#evidence a[data-file]');
  for (const [i, name] of ['自查报告.pdf', '现场照片.jpg'].entries()) {
    // By keyboard alone: the labelled file input takes the file, Tab reaches the upload button, Enter sends it.
    const input = page.getByLabel('选择要上传的文件');
    await input.setInputFiles(path.join(dir, name));
    await input.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('上传');
    // The second upload starts on a page whose address already says fileUploaded: wait for the POST's redirect
    // to be answered and for the page it loads to list the new file, not for the address.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 303),
      page.keyboard.press('Enter'),
    ]);
    await expect.poll(() => links.count()).toBe(i + 1);
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('#evidence .flash').textContent()).toContain('文件已上传');
  }
  expect(await links.allTextContents()).toEqual(['自查报告.pdf', '现场照片.jpg']);
  // The report form offers both, ticked, to go with the next report.
  expect(await page.locator('#report input[name=fileIds]:checked').count()).toBe(2);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'evidence-phone');
  const ids = await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-file')!));

  // The office opens both: the PDF and the photo in the browser itself.
  const office = await signedIn(w.coordinator.email, { width: 1280, height: 900 });
  const opened = [];
  for (const id of ids) {
    const res = await office.ctx.request.get(`${server.url}/api/files/${id}`);
    opened.push({ status: res.status(), type: res.headers()['content-type'], disposition: res.headers()['content-disposition']?.split(';')[0] });
  }
  expect(opened).toEqual([
    { status: 200, type: 'application/pdf', disposition: 'inline' },
    { status: 200, type: 'image/jpeg', disposition: 'inline' },
  ]);
  await office.page.goto(`${server.url}/api/files/${ids[1]}`);
  expect(await office.page.evaluate(() => (document.querySelector('img') as HTMLImageElement | null)?.naturalWidth)).toBe(64);

  // Another unit's contact finds nothing there.
  const other = await signedIn(w.memberB.email, { width: 390, height: 844 });
  for (const id of ids) expect((await other.ctx.request.get(`${server.url}/api/files/${id}`)).status()).toBe(404);

  await Promise.all([unit.ctx.close(), office.ctx.close(), other.ctx.close()]);
}, 120_000);
