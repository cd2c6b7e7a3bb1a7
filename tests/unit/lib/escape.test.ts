import fc from 'fast-check';
import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { attachment, csvField, cssString, escapeHtml, headerLine, plainText, readsAsFormula, safeUrl } from '../../../lib/escape';

const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** What the HTML parser itself changes in any text: CR LF and CR become LF, NUL is dropped or replaced. */
const asParsed = (s: string) => s.replace(/\r\n?/g, '\n').replace(BIDI, '');

const textOf = (n: DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.DocumentFragment): string =>
  n.nodeName === '#text' ? (n as DefaultTreeAdapterTypes.TextNode).value : 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
// Text a parser reads back unchanged apart from line ends: no NUL, no lone surrogate, no other C0 or C1 control.
const typed = fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ''));

describe('escapeHtml', () => {
  it('is read back by an HTML parser as the same text, in content and in a quoted attribute, whatever the text', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const fragment = parseFragment(`<p title="${escapeHtml(s)}">${escapeHtml(s)}</p>`);
        const p = fragment.childNodes[0] as DefaultTreeAdapterTypes.Element;
        expect(fragment.childNodes).toHaveLength(1);
        expect(p.childNodes.every((c) => c.nodeName === '#text')).toBe(true);
        expect(textOf(p)).toBe(asParsed(s));
        expect(p.attrs).toEqual([{ name: 'title', value: asParsed(s) }]);
      }),
    );
  });
});

describe('cssString', () => {
  it.each([
    ['</style><img src=x onerror=alert(1)>', '"\\3c /style\\3e \\3c img src=x onerror=alert(1)\\3e "'],
    ['大气 · 考核结果（截至 2027-01-20）', '"大气 · 考核结果（截至 2027-01-20）"'],
    ['a"b\\c\'d', '"a\\22 b\\5c c\\27 d"'],
    ['两行\r\n标题', '"两行 标题"'],
  ])('%j → %s', (text, css) => expect(cssString(text)).toBe(css));

  it('never lets a style element end, whatever the text', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const doc = parse(`<style>@page { @top-center { content: ${cssString(s)}; } }</style><p>end</p>`);
        const body = (doc.childNodes[0] as DefaultTreeAdapterTypes.Element).childNodes[1] as DefaultTreeAdapterTypes.Element;
        expect(body.childNodes.map((n) => n.nodeName)).toEqual(['p']);
      }),
    );
  });
});

describe('one line, plain text, spreadsheets, file names and links', () => {
  it.each([
    ['催办\r\nBcc: victim@evil.example', '催办 Bcc: victim@evil.example'],
    ['单位\u202Egpj.exe', '单位gpj.exe'],
    ['a\tb\u0085c', 'a b c'],
  ])('headerLine(%j) is %j', (text, line) => expect(headerLine(text)).toBe(line));

  it('plainText ends lines with LF', () => expect(plainText('一\r\n二\r三\n四')).toBe('一\n二\n三\n四'));

  it.each([
    ['=HYPERLINK("x")', true],
    ['+1', true],
    ['-2+3', true],
    ['@SUM(1)', true],
    ['\t=1', true],
    ['\r=1', true],
    ['-1.00', false],
    ['已完成=100%', false],
  ])('readsAsFormula(%j) is %s', (text, formula) => expect(readsAsFormula(text)).toBe(formula));

  it.each([
    [null, ''],
    [12.5, '12.5'],
    ['-1.00', '-1.00'],
    ['市财政局', '"市财政局"'],
    ['=cmd|\' /C calc\'!A0', '"\'=cmd|\' /C calc\'!A0"'],
    ['说"好",再议', '"说""好"",再议"'],
  ])('csvField(%j) is %s', (cell, field) => expect(csvField(cell)).toBe(field));

  it('attachment: a name without folders, controls or disguise, cut to fit, in RFC 8187', () => {
    const header = attachment('../方案\u202Egpj.exe\r\n"考核"结果.xlsx', 'report-1.xlsx');
    expect(header).toBe(`attachment; filename="report-1.xlsx"; filename*=UTF-8''${encodeURIComponent('.. 方案gpj.exe 考核 结果.xlsx')}`);
    const long = decodeURIComponent(/UTF-8''(.*)$/.exec(attachment(`${'长'.repeat(300)}.csv`, 'r.csv'))![1]!);
    expect([Array.from(long).length, long.endsWith('….csv')]).toEqual([120, true]);
    expect(attachment("it's (1)*.csv", 'a b.csv')).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''it%27s%20%281%29%20.csv`);
  });

  it.each([
    ['https://example.gov.cn/a.pdf', 'https://example.gov.cn/a.pdf'],
    ['mailto:office@example.gov.cn', 'mailto:office@example.gov.cn'],
    ['/items/abc', '/items/abc'],
    ['javascript:alert(1)', null],
    [' JavaScript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['//evil.example/x', null],
    ['/\\evil.example', null],
    ['not a url', null],
  ])('safeUrl(%j) is %j', (url, safe) => expect(safeUrl(url)).toBe(safe));
});
