import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../../parser/decode';
import { htmlToPlanText } from '../../../parser/docx-html';
import { formatNumber, numberedParagraphs, typeOutNumbers } from '../../../parser/docx-numbering';
import { typeOutDocxNumbering } from '../../../parser/docx-package';
import { parsePlan } from '../../../parser/parse-plan';
import type { TParsedPlan } from '../../../parser/schema';
import { docx, docxOf, wordParagraph, zip } from './fixtures';

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type TNumbering = { numId?: number; ilvl?: number; style?: string };

/** A paragraph numbered by its own numPr and/or its style, as Word writes one. */
function para(text: string, { numId, ilvl, style }: TNumbering = {}): string {
  const numPr = numId === undefined && ilvl === undefined ? '' : `<w:numPr>${ilvl === undefined ? '' : `<w:ilvl w:val="${ilvl}"/>`}${numId === undefined ? '' : `<w:numId w:val="${numId}"/>`}</w:numPr>`;
  const pStyle = style ? `<w:pStyle w:val="${style}"/>` : '';
  return `<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6"><w:pPr>${pStyle}${numPr}<w:jc w:val="both"/></w:pPr><w:r><w:t>${escapeXml(text)}</w:t></w:r></w:p>`;
}

function lvl(ilvl: number, numFmt: string, lvlText: string, extra = ''): string {
  return `<w:lvl w:ilvl="${ilvl}" w:tplc="04090019"><w:start w:val="1"/><w:numFmt w:val="${numFmt}"/><w:lvlText w:val="${lvlText}"/><w:lvlJc w:val="left"/>${extra}<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl>`;
}

const abstractNum = (id: number, ...levels: string[]) => `<w:abstractNum w:abstractNumId="${id}"><w:multiLevelType w:val="multilevel"/>${levels.join('')}</w:abstractNum>`;
const num = (numId: number, abstractId: number, overrides = '') => `<w:num w:numId="${numId}"><w:abstractNumId w:val="${abstractId}"/>${overrides}</w:num>`;
const numberingXml = (...parts: string[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:numbering ${NS}>${parts.join('')}</w:numbering>`;
const documentXml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document ${NS}><w:body>${body}<w:sectPr/></w:body></w:document>`;
const stylesXml = (styles: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${NS}><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>${styles}</w:styles>`;

/** The plan outline Chinese plans use: 一、 （一） 1. (1) */
const PLAN_LEVELS = abstractNum(
  0,
  lvl(0, 'chineseCounting', '%1、'),
  lvl(1, 'chineseCounting', '（%2）'),
  lvl(2, 'decimal', '%3.'),
  lvl(3, 'decimal', '(%4)'),
);

/** Each numbered paragraph as Word shows it: number and text. */
function shown(body: string, numbering: string, styles?: string): string[] {
  return numberedParagraphs({ document: documentXml(body), numbering, styles: styles ?? null }).map((p) => p.marker + p.text);
}

describe('the numbers Word shows for automatic numbering', () => {
  it('counts 一、（一）1. with each level restarting when a shallower one advances', () => {
    const body = [
      para('重点任务', { numId: 1, ilvl: 0 }),
      para('加强监管', { numId: 1, ilvl: 1 }),
      para('开展抽查', { numId: 1, ilvl: 2 }),
      para('一段说明，不编号。'),
      para('公开结果', { numId: 1, ilvl: 2 }),
      para('强化服务', { numId: 1, ilvl: 1 }),
      para('优化流程', { numId: 1, ilvl: 2 }),
      para('压缩时限', { numId: 1, ilvl: 3 }),
      para('保障措施', { numId: 1, ilvl: 0 }),
      para('加强领导', { numId: 1, ilvl: 1 }),
      para('明确分工', { numId: 1, ilvl: 2 }),
    ].join('');
    expect(shown(body, numberingXml(PLAN_LEVELS, num(1, 0)))).toEqual([
      '一、重点任务', '（一）加强监管', '1.开展抽查', '2.公开结果', '（二）强化服务', '1.优化流程', '(1)压缩时限', '二、保障措施', '（一）加强领导', '1.明确分工',
    ]);
  });

  it('starts each level at its w:start, and shows a level not used yet at its start value', () => {
    const numbering = numberingXml(
      abstractNum(0, lvl(0, 'chineseCounting', '%1、').replace('<w:start w:val="1"/>', '<w:start w:val="3"/>'), lvl(1, 'decimal', '%1.%2').replace('<w:start w:val="1"/>', '<w:start w:val="5"/>')),
      num(1, 0),
    );
    const body = [para('细化要求', { numId: 1, ilvl: 1 }), para('重点任务', { numId: 1, ilvl: 0 }), para('加强监管', { numId: 1, ilvl: 1 }), para('强化服务', { numId: 1, ilvl: 1 })].join('');
    expect(shown(body, numbering)).toEqual(['三.5 细化要求', '三、重点任务', '三.5 加强监管', '三.6 强化服务']);
  });

  it('counts a level at 0 when its definition gives no start, as the standard says', () => {
    const numbering = numberingXml(abstractNum(0, lvl(0, 'decimal', '%1.').replace('<w:start w:val="1"/>', '')), num(1, 0));
    expect(shown(para('甲', { numId: 1, ilvl: 0 }) + para('乙', { numId: 1, ilvl: 0 }), numbering)).toEqual(['0.甲', '1.乙']);
  });

  it('continues one list across instances of a definition, and restarts where an instance overrides its start', () => {
    const numbering = numberingXml(
      PLAN_LEVELS,
      num(1, 0),
      num(2, 0),
      num(3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
      num(4, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
    );
    const body = [
      para('第一项', { numId: 1, ilvl: 0 }),
      para('第二项', { numId: 1, ilvl: 0 }),
      para('接着编号', { numId: 2, ilvl: 0 }),
      para('重新编号', { numId: 3, ilvl: 0 }),
      para('重新编号之二', { numId: 3, ilvl: 0 }),
      para('从五开始', { numId: 4, ilvl: 0 }),
      para('回到原列表', { numId: 1, ilvl: 0 }),
    ].join('');
    expect(shown(body, numbering)).toEqual(['一、第一项', '二、第二项', '三、接着编号', '一、重新编号', '二、重新编号之二', '五、从五开始', '四、回到原列表']);
  });

  it('uses a level redefined inside w:lvlOverride', () => {
    const numbering = numberingXml(PLAN_LEVELS, num(1, 0, `<w:lvlOverride w:ilvl="0">${lvl(0, 'decimal', '第%1条')}</w:lvlOverride>`));
    expect(shown(para('总则', { numId: 1, ilvl: 0 }) + para('目标', { numId: 1, ilvl: 0 }), numbering)).toEqual(['第1条 总则', '第2条 目标']);
  });

  it('numbers paragraphs whose style carries the numbering, through basedOn, and not where numId 0 switches it off', () => {
    const styles = stylesXml(
      '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' +
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="task"><w:name w:val="任务"/><w:basedOn w:val="2"/><w:pPr><w:spacing w:line="560"/></w:pPr></w:style>',
    );
    const numbering = numberingXml(
      abstractNum(0, lvl(0, 'chineseCounting', '%1、', '<w:pStyle w:val="1"/>'), lvl(1, 'chineseCounting', '（%2）', '<w:pStyle w:val="2"/>')),
      num(1, 0),
    );
    const body = [
      para('重点任务', { style: '1' }),
      para('加强监管', { style: '2' }),
      para('强化服务', { style: 'task' }),
      para('本段不编号', { style: '2', numId: 0 }),
      para('保障措施', { style: '1' }),
      para('加强领导', { style: 'task' }),
    ].join('');
    expect(shown(body, numbering, styles)).toEqual(['一、重点任务', '（一）加强监管', '（二）强化服务', '二、保障措施', '（一）加强领导']);
  });

  it('follows a definition that only links to a list style to the style’s own levels', () => {
    const styles = stylesXml('<w:style w:type="numbering" w:customStyle="1" w:styleId="planList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>');
    const numbering = numberingXml(
      PLAN_LEVELS.replace('<w:multiLevelType w:val="multilevel"/>', '<w:styleLink w:val="planList"/>'),
      abstractNum(1).replace('</w:abstractNum>', '<w:numStyleLink w:val="planList"/></w:abstractNum>'),
      num(1, 0),
      num(2, 1),
    );
    expect(shown(para('重点任务', { numId: 2, ilvl: 0 }) + para('加强监管', { numId: 2, ilvl: 1 }), numbering, styles)).toEqual(['一、重点任务', '（一）加强监管']);
  });

  it('writes circled numbers ①②③', () => {
    const numbering = numberingXml(abstractNum(0, lvl(0, 'decimalEnclosedCircle', '%1')), num(1, 0));
    const body = ['扩大投资', '促进消费', '稳定外贸'].map((t) => para(t, { numId: 1, ilvl: 0 })).join('');
    expect(shown(body, numbering)).toEqual(['①扩大投资', '②促进消费', '③稳定外贸']);
  });

  it('shows nothing for a bullet list or a paragraph whose numId is 0', () => {
    const numbering = numberingXml(abstractNum(0, lvl(0, 'bullet', '\uF06C')), abstractNum(1, lvl(0, 'decimal', '%1.')), num(1, 0), num(2, 1));
    const body = [para('要点一', { numId: 1, ilvl: 0 }), para('要点二', { numId: 1, ilvl: 0 }), para('不编号', { numId: 0, ilvl: 0 }), para('编号', { numId: 2, ilvl: 0 })].join('');
    expect(shown(body, numbering)).toEqual(['1.编号']);
  });

  it('keeps counting through the rows of a table, and honours a level that never restarts', () => {
    const numbering = numberingXml(abstractNum(0, lvl(0, 'chineseCounting', '%1、'), lvl(1, 'decimal', '%2.', '<w:lvlRestart w:val="0"/>')), num(1, 0));
    const cell = (content: string) => `<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
    const table = `<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>${['甲任务', '乙任务']
      .map((t) => `<w:tr>${cell(para('', { numId: 1, ilvl: 1 }))}${cell(para(t))}</w:tr>`)
      .join('')}</w:tbl>`;
    const body = para('重点任务', { numId: 1, ilvl: 0 }) + table + para('保障措施', { numId: 1, ilvl: 0 }) + para('丙任务', { numId: 1, ilvl: 1 });
    expect(shown(body, numbering)).toEqual(['一、重点任务', '1.', '2.', '二、保障措施', '3.丙任务']);
  });

  it('counts a paragraph drawn twice for compatibility (mc:Choice and mc:Fallback) once', () => {
    const numbering = numberingXml(PLAN_LEVELS, num(1, 0));
    const twice = `<mc:AlternateContent><mc:Choice Requires="wps">${para('文本框', { numId: 1, ilvl: 0 })}</mc:Choice><mc:Fallback>${para('文本框', { numId: 1, ilvl: 0 })}</mc:Fallback></mc:AlternateContent>`;
    const body = para('重点任务', { numId: 1, ilvl: 0 }) + `<w:p><w:r>${twice}</w:r></w:p>` + para('保障措施', { numId: 1, ilvl: 0 });
    expect(shown(body, numbering)).toEqual(['一、重点任务', '二、文本框', '三、保障措施']);
  });

  it('reads a document that binds the WordprocessingML namespace to another prefix', () => {
    const numbering = numberingXml(PLAN_LEVELS, num(1, 0));
    const document = documentXml(para('重点任务', { numId: 1, ilvl: 0 })).replaceAll('w:', 'x:').replace('xmlns:w=', 'xmlns:x=');
    expect(numberedParagraphs({ document, numbering }).map((p) => p.marker + p.text)).toEqual(['一、重点任务']);
  });

  it.each([
    ['chineseCounting', [1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 1000, 1001, 12000], ['一', '九', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '一千', '一千零一', '一万二千']],
    ['chineseCountingThousand', [3, 12], ['三', '十二']],
    ['chineseLegalSimplified', [1, 11, 20], ['壹', '壹拾壹', '贰拾']],
    ['ideographDigital', [3, 10], ['三', '一〇']],
    ['ideographTraditional', [1, 2, 10], ['甲', '乙', '癸']],
    ['decimalEnclosedCircle', [1, 20, 21], ['①', '⑳', '21']],
    ['decimalEnclosedParen', [1, 3], ['⑴', '⑶']],
    ['decimalZero', [5, 12], ['05', '12']],
    ['decimalFullWidth', [12], ['１２']],
    ['lowerLetter', [1, 26, 27], ['a', 'z', 'aa']],
    ['upperLetter', [2, 28], ['B', 'BB']],
    ['lowerRoman', [4, 9, 14], ['iv', 'ix', 'xiv']],
    ['upperRoman', [1994], ['MCMXCIV']],
    ['decimal', [7], ['7']],
    ['someFormatNotKnownHere', [7], ['7']],
  ])('writes %s numbers', (format, values, expected) => {
    expect(values.map((n) => formatNumber(n, format))).toEqual(expected);
  });
});

describe('typing the numbers into document.xml', () => {
  const numbering = numberingXml(PLAN_LEVELS, num(1, 0));

  it('leaves a document with nothing numbered alone', () => {
    expect(typeOutNumbers({ document: documentXml(para('正文')), numbering })).toBeNull();
    expect(typeOutNumbers({ document: documentXml(para('要点', { numId: 1, ilvl: 0 })), numbering: null })).toBeNull();
  });

  it('puts the number first in its paragraph and switches the paragraph numbering off', () => {
    const body = [
      para('重点任务', { numId: 1, ilvl: 0 }),
      '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>加强监管</w:t></w:r></w:p>',
      '<w:p w14:paraId="3F2A"><w:pPr/><w:r><w:t>正文</w:t></w:r></w:p>',
      '<w:p/>',
    ].join('');
    const typed = typeOutNumbers({ document: documentXml(body), numbering })!;
    expect(typed).toContain('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">一、</w:t></w:r><w:r><w:t>重点任务</w:t></w:r>');
    expect(typed).toContain('<w:r><w:t xml:space="preserve">（一）</w:t></w:r><w:r><w:t>加强监管</w:t></w:r>');
    expect(typed).toContain('<w:p w14:paraId="3F2A"><w:pPr/><w:r><w:t>正文</w:t></w:r></w:p><w:p/>');
    // read again, nothing is numbered any more: the numbers are text
    expect(numberedParagraphs({ document: typed, numbering })).toEqual([]);
  });

  it('gives a paragraph numbered by its style, even an empty self-closing one, its own properties', () => {
    const styles = stylesXml('<w:style w:type="paragraph" w:styleId="1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>');
    const body = '<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>重点任务</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="1"/></w:pPr></w:p>';
    const typed = typeOutNumbers({ document: documentXml(body), numbering, styles })!;
    expect(typed).toContain('<w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">一、</w:t></w:r><w:r><w:t>重点任务</w:t></w:r>');
    expect(typed).toContain('<w:r><w:t xml:space="preserve">二、</w:t></w:r></w:p>');
    expect(numberedParagraphs({ document: typed, numbering, styles })).toEqual([]);
  });

  it('escapes a number text that holds XML characters', () => {
    const numbering = numberingXml(abstractNum(0, lvl(0, 'decimal', '&lt;%1&gt;')), num(1, 0));
    expect(typeOutNumbers({ document: documentXml(para('甲', { numId: 1, ilvl: 0 })), numbering })).toContain('<w:t xml:space="preserve">&lt;1&gt;</w:t>');
  });
});

/** A .docx with numbering and styles parts, related to the document as Word relates them. */
function numberedDocx(body: string, numbering: string, styles = stylesXml('')): Buffer {
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'word/document.xml')}</Relationships>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'styles', 'styles.xml')}${rel('rId2', 'numbering', 'numbering.xml')}</Relationships>`,
    'word/document.xml': documentXml(body),
    'word/numbering.xml': numbering,
    'word/styles.xml': styles,
  });
}

const TITLE = '某市2026年质量提升行动方案';
/** The plan as [level, text]: level null for a paragraph without a number. */
const PLAN: [number | null, string, string][] = [
  [null, TITLE, ''],
  [0, '总体要求', '一、'],
  [null, '以习近平新时代中国特色社会主义思想为指导，全面提升质量水平。', ''],
  [0, '重点任务', '二、'],
  [1, '加强质量监管。开展重点产品质量监督抽查，抽查合格率达到95%以上。（市市场监管局牵头，市公安局配合）', '（一）'],
  [1, '推进标准建设。制修订地方标准10项以上。（市发改委牵头，市财政局配合）', '（二）'],
  [2, '完善标准体系。（市市场监管局负责）', '1.'],
  [2, '开展对标达标。（市工业和信息化局负责）', '2.'],
  [0, '保障措施', '三、'],
  [1, '加强组织领导。（市政府办公室牵头，各区人民政府配合）', '（一）'],
  [1, '强化资金保障。（市财政局负责）', '（二）'],
];

function summary(plan: TParsedPlan) {
  return plan.measures.map(({ ref, title, text, lead, cooperating, responsibility, targets, deadlines }) => ({ ref, title, text, lead, cooperating, responsibility, targets, deadlines }));
}

describe('a .docx numbered automatically', () => {
  const numbering = numberingXml(PLAN_LEVELS, num(1, 0));
  const automatic = numberedDocx(PLAN.map(([level, text]) => para(text, level === null ? {} : { numId: 1, ilvl: level })).join(''), numbering);
  const typed = PLAN.map(([, text, marker]) => marker + text).join('\n');

  it('is read as its numbers show, so each item becomes a measure with its units', async () => {
    const text = await decodeDocument(automatic, 'plan.docx');
    expect(text).toBe(typed);
    const plan = parsePlan(text);
    expect(plan.title).toBe(TITLE);
    expect(plan.measures.map(({ ref, lead, cooperating, responsibility }) => ({ ref, lead, cooperating, responsibility }))).toEqual([
      { ref: '二/（一）', lead: ['市市场监管局'], cooperating: ['市公安局'], responsibility: 'lead' },
      { ref: '二/（二）', lead: ['市发改委'], cooperating: ['市财政局'], responsibility: 'lead' },
      { ref: '二/（二）/1', lead: ['市市场监管局'], cooperating: [], responsibility: 'lead' },
      { ref: '二/（二）/2', lead: ['市工业和信息化局'], cooperating: [], responsibility: 'lead' },
      { ref: '三/（一）', lead: ['市政府办公室'], cooperating: ['各区人民政府'], responsibility: 'lead' },
      { ref: '三/（二）', lead: ['市财政局'], cooperating: [], responsibility: 'lead' },
    ]);
    expect(plan.measures[0]!.targets).toMatchObject([{ comparator: '>=', value: 95, unit: '%' }]);
  });

  it('gives the same measures as the plan numbered by hand', async () => {
    const byHand = parsePlan(await decodeDocument(docx(typed), 'plan.docx'));
    const automaticPlan = parsePlan(await decodeDocument(automatic, 'plan.docx'));
    expect(summary(automaticPlan)).toEqual(summary(byHand));
    expect(automaticPlan.warnings).toEqual(byHand.warnings);
  });

  it('was read as nothing before the numbers were typed out', async () => {
    const html = (await mammoth.convertToHtml({ buffer: automatic })).value;
    expect(parsePlan(htmlToPlanText(html)).measures).toEqual([]);
  });

  it('reads 甲、乙、 of ideographTraditional numbering as items, as it reads 一、二、 of chineseCounting', async () => {
    const numberedAs = async (format: string) => {
      const levels = PLAN_LEVELS.replace(`<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>`, `<w:numFmt w:val="${format}"/><w:lvlText w:val="%1、"/>`);
      const body = PLAN.map(([level, text]) => para(text, level === null ? {} : { numId: 1, ilvl: level })).join('');
      return decodeDocument(numberedDocx(body, numberingXml(levels, num(1, 0))), 'plan.docx');
    };
    const stems = await numberedAs('ideographTraditional');
    expect(stems.split('\n').filter((l) => /^[甲乙丙]、/.test(l))).toEqual(['甲、总体要求', '乙、重点任务', '丙、保障措施']);
    const counted = parsePlan(await numberedAs('chineseCounting'));
    const inStems = (ref: string) => ref.replace(/^[一二三]/, (n) => '甲乙丙'['一二三'.indexOf(n)]!);
    expect(summary(parsePlan(stems))).toEqual(summary(counted).map((m) => ({ ...m, ref: inStems(m.ref) })));
    expect(parsePlan(stems).measures.map((m) => m.ref)).toEqual(['乙/（一）', '乙/（二）', '乙/（二）/1', '乙/（二）/2', '丙/（一）', '丙/（二）']);
  });

  it('reads 子、丑、 of ideographZodiac numbering as items, as it reads 一、二、 of chineseCounting', async () => {
    const numberedAs = async (format: string) => {
      const levels = PLAN_LEVELS.replace(`<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>`, `<w:numFmt w:val="${format}"/><w:lvlText w:val="%1、"/>`);
      const body = PLAN.map(([level, text]) => para(text, level === null ? {} : { numId: 1, ilvl: level })).join('');
      return decodeDocument(numberedDocx(body, numberingXml(levels, num(1, 0))), 'plan.docx');
    };
    const branches = await numberedAs('ideographZodiac');
    expect(branches.split('\n').filter((l) => /^[子丑寅]、/.test(l))).toEqual(['子、总体要求', '丑、重点任务', '寅、保障措施']);
    const counted = parsePlan(await numberedAs('chineseCounting'));
    const inBranches = (ref: string) => ref.replace(/^[一二三]/, (n) => '子丑寅'['一二三'.indexOf(n)]!);
    expect(summary(parsePlan(branches))).toEqual(summary(counted).map((m) => ({ ...m, ref: inBranches(m.ref) })));
    expect(parsePlan(branches).measures.map((m) => m.ref)).toEqual(['丑/（一）', '丑/（二）', '丑/（二）/1', '丑/（二）/2', '寅/（一）', '寅/（二）']);
  });

  it('reads a 分工表 whose 序号 column is numbered automatically', async () => {
    const rowNumbering = numberingXml(abstractNum(0, lvl(0, 'decimal', '%1')), num(1, 0));
    const cell = (content: string) => `<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
    const row = (first: string, ...rest: string[]) => `<w:tr>${cell(first)}${rest.map((t) => cell(para(t))).join('')}</w:tr>`;
    const table = `<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>${[
      row(para('序号'), '重点任务', '牵头单位', '配合单位'),
      row(para('', { numId: 1, ilvl: 0 }), '加强标准体系建设。', '市市场监管局', '市发展改革委'),
      row(para('', { numId: 1, ilvl: 0 }), '开展质量品牌提升行动。', '市工业和信息化局', ''),
    ].join('')}</w:tbl>`;
    const plan = parsePlan(await decodeDocument(numberedDocx(wordParagraph(TITLE) + table, rowNumbering), 'plan.docx'));
    expect(plan.measures.map(({ ref, title, lead, cooperating }) => ({ ref, title, lead, cooperating }))).toEqual([
      { ref: '1', title: '加强标准体系建设', lead: ['市市场监管局'], cooperating: ['市发展改革委'] },
      { ref: '2', title: '开展质量品牌提升行动', lead: ['市工业和信息化局'], cooperating: [] },
    ]);
  });

  it('reads a document without numbering exactly as before, from the very same bytes', async () => {
    const plain = docxOf(PLAN.map(([, text, marker]) => wordParagraph(marker + text)).join(''));
    const unused = numberedDocx(PLAN.map(([, text, marker]) => para(marker + text)).join(''), numbering);
    for (const buf of [plain, unused]) {
      expect(await typeOutDocxNumbering(buf)).toBe(buf);
      const before = htmlToPlanText((await mammoth.convertToHtml({ buffer: buf }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) })).value);
      expect(await decodeDocument(buf, 'plan.docx')).toBe(before);
    }
  });

  it('still refuses a damaged .docx with the reason, numbered or not', async () => {
    const refusal = /无法读取 \.docx 文件.*cannot read the \.docx file/;
    await expect(decodeDocument(automatic.subarray(0, Math.floor(automatic.length / 2)), 'plan.docx')).rejects.toThrow(refusal);
    const broken = zip({ 'word/numbering.xml': numbering, 'word/document.xml': '<w:document' });
    await expect(decodeDocument(broken, 'plan.docx')).rejects.toThrow(refusal);
    await expect(decodeDocument(Buffer.from('PK\u0003\u0004 not really a zip'), 'plan.docx')).rejects.toThrow(refusal);
  });
});
