import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderNoticeDocx } from '../../../report/render-notice-docx';
import { attr, child, elements, paragraphs, readDocx, type TDocx, type TParagraph } from '../../support/read-docx';
import { HOSTILE, hostileNotice, suzhouNotice } from '../../support/notice-fixtures';

const mm = (twips: string | null) => (Number(twips) / 1440) * 25.4;
const MASTHEAD = '苏州市质量强市工作领导小组办公室文件';
const TITLE = '关于2026年度质量工作考核结果的通报';

describe('the 通报 as a Word file (GB/T 9704-2012)', () => {
  let docx: TDocx;
  let body: TParagraph[];
  const find = (text: string) => body.find((p) => p.text === text)!;
  beforeAll(async () => {
    docx = await readDocx(await renderNoticeDocx(suzhouNotice()));
    body = paragraphs(docx.document);
  });

  it('holds the notice’s text in the order of the standard: 版头, 标题, 主送, 正文, 署名, 成文日期, 版记', () => {
    expect(body.map((p) => p.text).filter((t) => t !== '')).toEqual([
      MASTHEAD,
      '苏质强办〔2026〕3号',
      TITLE,
      '各市、区人民政府（管委会），市各有关部门和单位：',
      '根据《苏州市质量工作考核管理办法》和《苏州市2026年度质量工作考核方案》，市质量强市工作领导小组办公室对各市、区人民政府和相关部门2026年度质量工作开展了考核。现将考核结果通报如下。',
      '一、通报表扬',
      '经考核，以下单位全年各项报告按期报送并通过审核，质量工作成效明显，予以通报表扬：',
      '1.张家港市人民政府：全年12项措施均按期办结，质量强市指标全部达到年度目标。',
      '2.市市场监管局：牵头的8项措施按期报送、无一退回，制造业产品质量合格率达到94.2%。',
      '二、通报批评',
      '以下单位有措施被督办或超期未办，予以通报批评：',
      '1.市交通运输局：“公路工程质量提升”一项超期45个工作日未办结，经两次督办仍未报送进展。',
      '三、工作要求',
      '希望受到表扬的单位再接再厉，受到批评的单位认真整改，并于2027年1月15日前将整改情况报市质量强市工作领导小组办公室。',
      '苏州市质量强市工作领导小组办公室',
      '2026年12月7日',
      '抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。',
      '苏州市质量强市工作领导小组办公室\t2026年12月8日印发',
    ]);
  });

  it('is A4 with margins of 37, 35, 28 and 26 mm', () => {
    const sectPr = elements(docx.document, 'sectPr')[0]!;
    const pgSz = child(sectPr, 'pgSz')!;
    expect([mm(attr(pgSz, 'w')), mm(attr(pgSz, 'h'))].map((v) => Math.round(v))).toEqual([210, 297]);
    const pgMar = child(sectPr, 'pgMar')!;
    const margins = ['top', 'bottom', 'left', 'right'].map((side) => mm(attr(pgMar, side)));
    [37, 35, 28, 26].forEach((want, i) => expect(margins[i]).toBeCloseTo(want, 1));
  });

  it('sets every line of the body on an exact 579-twip pitch, 22 of which fill the 225 mm 版心', () => {
    const sectPr = elements(docx.document, 'sectPr')[0]!;
    const grid = child(sectPr, 'docGrid')!;
    expect([attr(grid, 'type'), attr(grid, 'linePitch')]).toEqual(['lines', '579']);
    const height = Number(attr(child(sectPr, 'pgSz'), 'h')) - Number(attr(child(sectPr, 'pgMar'), 'top')) - Number(attr(child(sectPr, 'pgMar'), 'bottom'));
    expect(Math.floor(height / 579)).toBe(22);
    // Everything from the 文号 to the 版记: the masthead has a line of its own for its larger type, and the
    // paragraph after the 版记 that anchors it prints nothing.
    for (const p of body.slice(1, -1)) {
      const spacing = child(child(p.el, 'pPr')!, 'spacing')!;
      expect([attr(spacing, 'line'), attr(spacing, 'lineRule'), p.text]).toEqual(['579', 'exact', p.text]);
    }
  });

  it('fits 28 characters of 3号 type a line: every body run is set 0.25 pt tighter', () => {
    const sectPr = elements(docx.document, 'sectPr')[0]!;
    const width = Number(attr(child(sectPr, 'pgSz'), 'w')) - Number(attr(child(sectPr, 'pgMar'), 'left')) - Number(attr(child(sectPr, 'pgMar'), 'right'));
    const bodyRuns = body.flatMap((p) => p.runs).filter((r) => r.size === 32);
    expect(new Set(bodyRuns.map((r) => r.spacing))).toEqual(new Set([-5]));
    // In twips: 16 pt = 320, tightened by 5.
    expect(28 * (320 - 5)).toBeLessThanOrEqual(width);
    expect(29 * (320 - 5)).toBeGreaterThan(width);
  });

  it('names the Chinese face on every run (eastAsia), in the sizes of the standard', () => {
    const runsOf = (text: string) => find(text).runs;
    for (const r of runsOf(MASTHEAD)) expect([r.eastAsia, r.color]).toEqual(['方正小标宋简体', 'FF0000']);
    for (const r of runsOf(TITLE)) expect([r.eastAsia, r.size]).toEqual(['方正小标宋简体', 44]);
    for (const r of runsOf('一、通报表扬')) expect([r.eastAsia, r.size]).toEqual(['黑体', 32]);
    for (const text of ['苏质强办〔2026〕3号', '各市、区人民政府（管委会），市各有关部门和单位：', '苏州市质量强市工作领导小组办公室', '2026年12月7日'])
      for (const r of runsOf(text)) expect([r.eastAsia, r.size]).toEqual(['仿宋_GB2312', 32]);
    for (const p of body.filter((p) => p.framed)) for (const r of p.runs) expect([r.eastAsia, r.size]).toEqual(['仿宋_GB2312', 28]);
    const everyRun = [...body, ...Object.values(docx.footers).flatMap((f) => paragraphs(f))].flatMap((p) => p.runs);
    expect(everyRun.length).toBeGreaterThan(20);
    for (const r of everyRun) {
      expect(r.eastAsia).not.toBeNull();
      expect(r.ascii).toBe(r.eastAsia);
    }
  });

  it('defaults new text to 3号仿宋 on the pitch, in the document defaults and the Normal style', () => {
    const defaults = elements(docx.styles, 'docDefaults')[0]!;
    const normal = elements(docx.styles, 'style').find((s) => attr(s, 'styleId') === 'Normal')!;
    for (const holder of [defaults, normal]) {
      expect(attr(elements(holder, 'rFonts')[0], 'eastAsia')).toBe('仿宋_GB2312');
      expect(attr(elements(holder, 'sz')[0], 'val')).toBe('32');
      expect(attr(elements(holder, 'spacing').find((s) => attr(s, 'line')), 'line')).toBe('579');
    }
  });

  it('numbers pages "— 1 —" in 4号宋体, odd pages on the right and even pages on the left, one character in', () => {
    expect(attr(elements(docx.settings, 'evenAndOddHeaders')[0], 'val')).not.toBe('false');
    const footer = (type: string) => {
      const [p] = paragraphs(docx.footers[type]!);
      const pPr = child(p!.el, 'pPr')!;
      return { text: p!.text, align: attr(child(pPr, 'jc'), 'val'), ind: child(pPr, 'ind'), runs: p!.runs };
    };
    const odd = footer('default');
    const even = footer('even');
    expect([odd.text, odd.align, attr(odd.ind, 'right')]).toEqual(['— {PAGE} —', 'right', '280']);
    expect([even.text, even.align, attr(even.ind, 'left')]).toEqual(['— {PAGE} —', 'left', '280']);
    for (const r of [...odd.runs, ...even.runs].filter((r) => r.size !== null)) expect([r.eastAsia, r.size]).toEqual(['宋体', 28]);
  });

  it('lists each named font in the font table with the font that stands in for it', () => {
    const fonts = new Map(
      elements(docx.fontTable, 'font').map((f) => [attr(f, 'name'), { alt: attr(child(f, 'altName'), 'val'), charset: attr(child(f, 'charset'), 'val') }]),
    );
    expect(fonts.get('仿宋_GB2312')).toEqual({ alt: '仿宋,FangSong', charset: '86' });
    expect(fonts.get('方正小标宋简体')?.alt).toContain('宋体');
    expect(fonts.get('黑体')?.alt).toBe('SimHei');
    expect(fonts.get('宋体')?.alt).toBe('SimSun');
  });

  it('sets the 版记 in a table as wide as the 版心, floating at the foot of the text area, between rules', () => {
    const [table] = elements(docx.document, 'tbl');
    const pos = elements(table!, 'tblpPr')[0]!;
    expect([attr(pos, 'vertAnchor'), attr(pos, 'tblpYSpec'), attr(pos, 'horzAnchor'), attr(pos, 'tblpX')]).toEqual(['margin', 'bottom', 'page', '1587']);
    expect(attr(elements(table!, 'tblW')[0], 'w')).toBe(String(11906 - 1587 - 1474));
    const borders = elements(table!, 'tblBorders')[0]!;
    expect(['top', 'insideH', 'bottom'].map((side) => attr(child(borders, side), 'sz'))).toEqual(['8', '6', '8']);
  });
});

describe('hostile text in the Word file stays text', () => {
  it.each(Object.entries(HOSTILE))('a hostile %s (markup, entities, XML-special characters) reads back exactly as typed', async (field, text) => {
    const read = paragraphs((await readDocx(await renderNoticeDocx(hostileNotice()))).document).map((p) => p.text);
    const expected: Record<string, string> = {
      unit: `1.${HOSTILE.unit}：${HOSTILE.reason}。`,
      reason: `1.${HOSTILE.unit}：${HOSTILE.reason}。`,
      title: HOSTILE.title,
      issuer: HOSTILE.issuer,
      paragraph: HOSTILE.paragraph,
    };
    expect(expected[field]).toContain(text);
    expect(read).toContain(expected[field]);
  });

  it('leaves every part of the package well-formed XML, the title in its properties included', async () => {
    const zip = await JSZip.loadAsync(await renderNoticeDocx(hostileNotice()));
    const parts = Object.keys(zip.files).filter((name) => /\.(xml|rels)$/.test(name));
    expect(parts).toContain('docProps/core.xml');
    for (const name of parts) {
      const errors: string[] = [];
      new DOMParser({ errorHandler: { error: (e) => errors.push(e), fatalError: (e) => errors.push(e) } }).parseFromString(await zip.file(name)!.async('string'), 'text/xml');
      expect([name, errors]).toEqual([name, []]);
    }
    const core = new DOMParser().parseFromString(await zip.file('docProps/core.xml')!.async('string'), 'text/xml');
    expect(core.getElementsByTagName('dc:title').item(0)?.textContent).toBe(HOSTILE.title);
  });

  it('adds no paragraph, run or field of its own: the hostile notice has the shape of a plain one', async () => {
    const shape = async (buf: Buffer) => {
      const doc = (await readDocx(buf)).document;
      return ['p', 'r', 't', 'fldChar', 'instrText', 'tbl'].map((n) => elements(doc, n).length);
    };
    const hostile = hostileNotice();
    const plain = mapStrings(hostile, (s) => s.replace(/[<>&"'\\{}[\]/!]/g, 'x'));
    expect(JSON.stringify(plain)).not.toMatch(/[<>&]/);
    expect(await shape(await renderNoticeDocx(hostile))).toEqual(await shape(await renderNoticeDocx(plain)));
  });
});

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}
