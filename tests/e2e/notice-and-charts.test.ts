import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printWidth } from '../../report/print-width';
import { renderColourChart } from '../../report/render-colour-chart';
import { renderIndicatorChart } from '../../report/render-indicator-chart';
import { renderNoticeDocx } from '../../report/render-notice-docx';
import { renderNoticeHtml } from '../../report/render-notice-html';
import { renderRankingChart } from '../../report/render-ranking-chart';
import { HOSTILE, hostileNotice, longNotice, suzhouNotice } from '../support/notice-fixtures';
import { printDocx } from '../support/print-docx';
import { paragraphs, readDocx } from '../support/read-docx';
import { launchChromium, screenshot, SCREENSHOT_DIR } from './browser';

const run = promisify(execFile);
let work: string;
let browser: Browser;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'duban-notice-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const printed = (name: string, docx: Buffer) => printDocx(work, name, docx);

const PAGE_NUMBER = /^\s*—\s*(\d+)\s*—\s*$/;

describe('the 通报 printed by LibreOffice', () => {
  let pages: string[][];
  let pdf: string;
  beforeAll(async () => {
    ({ pdf, pages } = await printed('long', await renderNoticeDocx(longNotice())));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', pdf, path.join(SCREENSHOT_DIR, 'notice-pdf-page')]);
    await run('pdftoppm', ['-r', '60', '-png', '-f', String(pages.length), '-l', String(pages.length), pdf, path.join(SCREENSHOT_DIR, 'notice-pdf-last')]);
  }, 180_000);

  it('holds 22 lines on every full page, each numbered "— N —" at its foot', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((lines, i) => expect(lines.at(-1)).toMatch(new RegExp(`^\\s*—\\s*${i + 1}\\s*—\\s*$`)));
    // The pages between the first (版头) and the last (落款, 版记) are body only.
    const full = pages.slice(1, -1).map((lines) => lines.filter((l) => !PAGE_NUMBER.test(l)));
    expect(full.map((lines) => lines.length)).toEqual(full.map(() => 22));
  });

  it('sets 28 characters on every line inside a paragraph', () => {
    const interior = pages.slice(1, -1).flatMap((lines) =>
      lines.filter((l, i) => {
        const next = lines[i + 1];
        // Not a paragraph's first line (indented), not its last (the next line starts a paragraph), not the page's
        // last; and all Chinese: LibreOffice puts space around numerals, which the file tells Word and WPS not to.
        return !/^\s/.test(l) && next !== undefined && !/^\s/.test(next) && !PAGE_NUMBER.test(next) && !/[0-9A-Za-z]/.test(l);
      }),
    );
    expect(interior.length).toBeGreaterThanOrEqual(15);
    for (const line of interior) expect([line, printWidth(line.replace(/\s/g, ''))]).toEqual([line, 28]);
  });

  it('puts odd page numbers on the right and even ones on the left, and the 版记 at the foot of the last page', async () => {
    const { stdout } = await run('pdftotext', ['-bbox', pdf, '-']);
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(stdout)![1]);
    const pageBlocks = stdout.split('<page ').slice(1);
    pageBlocks.forEach((block, i) => {
      const words = [...block.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({
        xMin: Number(m[1]),
        yMax: Number(m[4]),
        xMax: Number(m[3]),
        text: m[5]!,
      }));
      const number = words.filter((w) => w.text === String(i + 1) || w.text.includes(`—${i + 1}—`)).at(-1)!;
      if ((i + 1) % 2 === 1) expect(number.xMax).toBeGreaterThan(pageWidth / 2);
      else expect(number.xMin).toBeLessThan(pageWidth / 2);
    });
    // pdftotext splits a line where LibreOffice spaces Chinese from numerals: 2026 年 12 月 8 日印发.
    const last = pageBlocks.at(-1)!;
    const y = (word: string) => Number(new RegExp(`yMax="([\\d.]+)">${word}<`).exec(last)![1]);
    const pageHeight = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(stdout)![1]);
    // 印发 sits on the last line of the 版心, whose lower edge is 35 mm (99.2 pt) above the page's; the 署名 above it.
    expect(pageHeight - y('日印发')).toBeGreaterThan(99);
    expect(pageHeight - y('日印发')).toBeLessThan(99 + 29);
    expect(y('苏州市质量强市工作领导小组办公室')).toBeLessThan(y('抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协办'));
  });
});

describe('the html preview in Chromium', () => {
  // Served as a page would serve it: under the security issue's CSP, no script allowed but its own.
  async function open(html: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.route('http://duban.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'" },
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>通报预览</title></head><body style="margin:0;background:#eee">${html}</body></html>`,
      }),
    );
    await page.goto('http://duban.test/notice');
    return page;
  }

  it('shows the Word file’s text, line for line, on a desk and on a phone', async () => {
    const notice = suzhouNotice();
    const word = paragraphs((await readDocx(await renderNoticeDocx(notice))).document)
      .map((p) => p.text)
      .filter((t) => t !== '')
      .flatMap((t) => t.split('\t'));
    for (const [width, name] of [
      [900, 'notice-preview'],
      [390, 'notice-preview-phone'],
    ] as const) {
      const page = await open(renderNoticeHtml(notice), width);
      const shown = await page.$$eval('article p, article h1, article footer span', (els) =>
        els.filter((e) => e.children.length === 0 || e.tagName === 'H1').map((e) => (e as HTMLElement).innerText.replace(/\n/g, '')),
      );
      expect(shown).toEqual(word);
      // Nothing runs off the side of the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, name);
      await page.close();
    }
  });

  it('shows hostile names and texts as text: nothing runs, nothing becomes markup', async () => {
    const page = await open(renderNoticeHtml(hostileNotice()), 900);
    const text = await page.locator('article').innerText();
    for (const value of Object.values(HOSTILE)) expect(text).toContain(value);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('article script, article img, article style, article b, article i').count()).toBe(0);
    await screenshot(page, 'notice-preview-hostile');
    await page.close();
  });
});

describe('the charts in Chromium', () => {
  it('scale to a phone’s width, keep their labels readable, and carry no script', async () => {
    const charts = [
      renderRankingChart({
        title: '2026年度质量工作考核得分排名',
        maxScore: 100,
        units: ['张家港市', '常熟市', '太仓市', '昆山市', '吴江区', '市市场监管局', '市交通运输局'].map((name, i) => ({ name, score: 95 - i * 3.5, class: name.startsWith('市') ? '部门' : '区县' })),
      }),
      renderColourChart({
        title: '措施红黄绿灯变化',
        points: ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'].map((date, i) => ({ date, green: 40 - 3 * i, yellow: 5 + i, red: 2 * i })),
      }),
      renderIndicatorChart({
        title: '质量指标完成情况',
        indicators: [
          { name: '制造业产品质量合格率', unit: '%', comparator: 'gte', baseline: 92.1, target: 95, targetBy: '2026年', values: [{ period: '上半年', value: 93.6 }, { period: '下半年', value: 95.2 }] },
        ],
      }),
    ];
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.setContent(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="margin:8px">${charts.join('')}</body></html>`);
    const sizes = await page.$$eval('svg', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        const smallest = Math.min(...Array.from(svg.querySelectorAll('text')).map((t) => t.getBoundingClientRect().height).filter((h) => h > 0));
        return { width: box.width, smallest };
      }),
    );
    for (const s of sizes) {
      expect(s.width).toBeLessThanOrEqual(344);
      // 12 px type drawn at 344/400 of its size still stands about 10 px tall.
      expect(s.smallest).toBeGreaterThanOrEqual(9.5);
    }
    expect(await page.locator('script').count()).toBe(0);
    await screenshot(page, 'charts-phone');
    await page.close();
  });
});
