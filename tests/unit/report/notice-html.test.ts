import { describe, expect, it } from 'vitest';
import { renderNoticeDocx } from '../../../report/render-notice-docx';
import { renderNoticeHtml } from '../../../report/render-notice-html';
import { paragraphs, readDocx } from '../../support/read-docx';
import { HOSTILE, hostileNotice, suzhouNotice } from '../../support/notice-fixtures';

const decode = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
/** The text of each block the preview prints (its paragraphs, the title, the two ends of the 印发 line). */
const blocks = (html: string) => [...html.matchAll(/<(p|h1|span)\b[^>]*>([^<]*(?:<br>[^<]*)*)<\/\1>/g)].map((m) => decode(m[2]!.replace(/<br>/g, '')));

describe('the 通报’s html preview', () => {
  it('prints the same text as the Word file, line for line', async () => {
    const notice = suzhouNotice();
    const word = paragraphs((await readDocx(await renderNoticeDocx(notice))).document)
      .map((p) => p.text)
      .filter((t) => t !== '')
      .flatMap((t) => t.split('\t'));
    expect(word).toHaveLength(19);
    expect(blocks(renderNoticeHtml(notice))).toEqual(word);
  });

  it('carries no script, no event handler, no style sheet and no address: inline styles only, as the CSP allows', () => {
    const html = renderNoticeHtml(hostileNotice());
    expect(html).not.toMatch(/<script|<style|<img|<iframe|<link|javascript:|url\(/i);
    // Every attribute is the preview's own: class, lang, style.
    const names = new Set([...html.matchAll(/\s([a-z-]+)="/gi)].map((m) => m[1]));
    expect(names).toEqual(new Set(['class', 'lang', 'style']));
  });

  it.each(Object.entries(HOSTILE))('a hostile %s stays text: escaped, and printed exactly as typed', (_, text) => {
    const html = renderNoticeHtml(hostileNotice());
    expect(blocks(html).some((b) => b.includes(text))).toBe(true);
    if (/[<>"'&]/.test(text)) expect(html).not.toContain(text);
  });
});
