import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DAY_MS } from '../../domain/clock';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { withSession } from '../api/support';
import { appTest as test } from '../support/fixtures';
import { printDocx } from '../support/print-docx';

/**
 * The 通报 as issued — numbered, archived, downloaded as a unit downloads it — printed by LibreOffice, read back as a
 * reader sees the paper: the 文号 under the office's 发文机关代字, the units praised and criticised, the date.
 */
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'duban-issued-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** pdftotext spaces Chinese from numerals (2027 年 1 月 15 日) as LibreOffice sets them: compare without spaces. */
const solid = (line: string) => line.replace(/\s+/g, '');

describe('the issued 通报 printed', () => {
  test('shows its 文号 with the office’s prefix above the title, the 表扬 and 批评 names with their reasons, and the date it was signed', async ({ t, w, coordinator, memberA }) => {
    expect((await t.app.inject({ method: 'PUT', url: `/api/units/${w.office.id}/notice-prefix`, payload: { noticePrefix: '苏质量办' }, headers: withSession(coordinator) })).statusCode).toBe(200);
    await finaliseResults({ db: t.db, now: () => new Date(Date.now() + DAY_MS) }, w.plan.id, { year: 2026 }, { id: null, label: 'web' });
    const base = `/api/plans/${w.plan.id}/notices`;
    const created = await t.app.inject({ method: 'POST', url: base, payload: { period: '2026' }, headers: withSession(coordinator) });
    expect(created.statusCode, created.body).toBe(201);
    const { id, notice } = created.json();
    const edited = {
      ...notice,
      title: '关于2026年度质量工作\n推进情况的通报',
      sections: [
        { heading: '总体情况', paragraphs: ['2026年，各责任单位按计划推进质量工作。'] },
        { kind: 'praise', heading: '通报表扬', paragraphs: ['以下单位予以通报表扬：'], units: [{ unit: '区教育局', reason: '各项进展均按期报送' }] },
        { kind: 'criticism', heading: '通报批评', paragraphs: ['以下单位予以通报批评：'], units: [{ unit: '区财政局', reason: '1次进展逾期未报，被督办1次' }] },
      ],
      issuer: '区督查室',
      signedOn: '2027-01-15',
      printedBy: '区督查室',
      printedOn: '2027-01-15',
    };
    expect((await t.app.inject({ method: 'PUT', url: `${base}/${id}`, payload: { notice: edited }, headers: withSession(coordinator) })).statusCode).toBe(200);
    const issued = await t.app.inject({ method: 'POST', url: `${base}/${id}/issue`, payload: {}, headers: withSession(coordinator) });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().docNumber).toBe('苏质量办〔2027〕1号');

    // As the criticised unit receives it: the archived file, not a fresh rendering.
    const file = await t.app.inject({ url: `/api/notices/${id}.docx`, headers: withSession(memberA) });
    expect(file.statusCode).toBe(200);
    const { pages } = await printDocx(work, 'issued', file.rawPayload);
    const lines = pages.flat().map(solid);
    const at = (text: string) => {
      const i = lines.findIndex((l) => l.includes(text));
      expect(i, `${text} is printed`).toBeGreaterThanOrEqual(0);
      return i;
    };
    // The 文号 is on the first page, above the title; nothing of the draft's placeholder is left.
    expect(pages[0]!.map(solid)).toContain('苏质量办〔2027〕1号');
    expect(at('苏质量办〔2027〕1号')).toBeLessThan(at('关于2026年度质量工作'));
    expect(lines.join('')).not.toContain('文号待定');
    expect(at('1.区教育局：各项进展均按期报送。')).toBeGreaterThan(at('通报表扬'));
    expect(at('1.区财政局：1次进展逾期未报，被督办1次。')).toBeGreaterThan(at('通报批评'));
    // 落款 and 成文日期 close the body, the date in the standard's form, after the last name; the 印发 block follows.
    const signed = lines.indexOf('区督查室');
    expect(signed).toBeGreaterThan(at('1.区财政局'));
    expect(lines[signed + 1]).toBe('2027年1月15日');
    expect(lines[signed + 2]).toBe('区督查室2027年1月15日印发');
    expect(pages.at(-1)!.at(-1)).toMatch(new RegExp(`^\\s*—\\s*${pages.length}\\s*—\\s*$`));
  }, 240_000);
});
