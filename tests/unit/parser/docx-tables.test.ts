import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../../parser/decode';
import { parsePlan } from '../../../parser/parse-plan';
import type { TParsedPlan } from '../../../parser/schema';
import { docx, docxOf, fixturesDir, sharedPlansDir, wordParagraph, wordTable, type TWordCell } from './fixtures';

const NOTICE = [
  '某市人民政府关于印发《某市2026年质量提升行动方案》的通知',
  '各区人民政府，市政府各部门：',
  '现将《某市2026年质量提升行动方案》印发给你们，请认真贯彻落实。',
  '某市人民政府',
  '2026年1月20日',
];

const startsMerge = (text: string): TWordCell => ({ paragraphs: [text], properties: '<w:vMerge w:val="restart"/>' });
const continuesMerge: TWordCell = { paragraphs: [''], properties: '<w:vMerge/>' };

/** A notice with its 重点任务分工表: a title row spread over the table, 领域 merged down its rows. */
const TASK_TABLE = wordTable([
  [{ paragraphs: ['附件：重点任务分工表'], properties: '<w:gridSpan w:val="6"/>' }],
  ['序号', '领 域', '重点任务', '牵头单位', '配合单位', '完成时限'],
  ['1', startsMerge('质量基础'), '加强标准体系建设，制修订地方标准10项以上。', '市市场监管局', '市发展改革委\n市工业和信息化局', '2026年12月底前'],
  ['2', continuesMerge, '开展质量品牌提升行动', '市市场监管局', '', '2026年6月底前'],
  ['3', continuesMerge, '推进计量能力建设\n新建社会公用计量标准8项', '', '', '2026年底'],
  ['4', startsMerge('品牌建设'), '实施品牌培育工程。', '市发改委牵头，市财政局配合', '', '2026年9月底前'],
  ['5', continuesMerge, '强化质量监管。', '', '', ''],
]);

function summary(plan: TParsedPlan) {
  return plan.measures.map(({ ref, title, lead, cooperating, responsibility, deadlines }) => ({ ref, title, lead, cooperating, responsibility, deadlines }));
}

describe('a .docx whose measures live in a task table', () => {
  it('makes every row a measure with its units and deadline, under the title the notice gives', async () => {
    const text = await decodeDocument(docxOf(NOTICE.map(wordParagraph).join('') + TASK_TABLE), 'plan.docx');
    const plan = parsePlan(text);
    expect(plan.title).toBe('某市2026年质量提升行动方案');
    expect(plan.issuer).toBe('某市人民政府');
    expect(plan.issuedOn).toBe('2026-01-20');
    expect(summary(plan)).toEqual([
      { ref: '1', title: '加强标准体系建设', lead: ['市市场监管局'], cooperating: ['市发展改革委', '市工业和信息化局'], responsibility: 'lead', deadlines: ['2026-12-31'] },
      { ref: '2', title: '开展质量品牌提升行动', lead: ['市市场监管局'], cooperating: [], responsibility: 'lead', deadlines: ['2026-06-30'] },
      { ref: '3', title: '推进计量能力建设', lead: [], cooperating: [], responsibility: 'unspecified', deadlines: ['2026-12-31'] },
      { ref: '4', title: '实施品牌培育工程', lead: ['市发改委'], cooperating: ['市财政局'], responsibility: 'lead', deadlines: ['2026-09-30'] },
      { ref: '5', title: '强化质量监管', lead: [], cooperating: [], responsibility: 'unspecified', deadlines: [] },
    ]);
    expect(plan.measures.map((m) => m.text)).toEqual([
      '加强标准体系建设，制修订地方标准10项以上。（牵头单位：市市场监管局；配合单位：市发展改革委、市工业和信息化局；完成时限：2026年12月底前）',
      '开展质量品牌提升行动。（牵头单位：市市场监管局；完成时限：2026年6月底前）',
      '推进计量能力建设；新建社会公用计量标准8项。完成时限：2026年底。',
      '实施品牌培育工程。（市发改委牵头，市财政局配合；完成时限：2026年9月底前）',
      '强化质量监管。',
    ]);
    expect(plan.measures[0]!.targets).toMatchObject([{ value: 10, unit: '项', by: '2026-12-31' }]);
    expect(plan.measures[2]!.targets).toMatchObject([{ value: 8, unit: '项', by: '2026' }]);
    expect(plan.warnings.filter((w) => w.code === 'NO_RESPONSIBILITY').map((w) => w.ref)).toEqual(['3', '5']);
  });

  it('writes the merged title row once and each 领域 once, above its rows', async () => {
    const text = await decodeDocument(docxOf(NOTICE.map(wordParagraph).join('') + TASK_TABLE), 'plan.docx');
    const lines = text.split('\n');
    expect(lines.slice(NOTICE.length, NOTICE.length + 3)).toEqual([
      '附件：重点任务分工表',
      '质量基础',
      '1. 加强标准体系建设，制修订地方标准10项以上。（牵头单位：市市场监管局；配合单位：市发展改革委、市工业和信息化局；完成时限：2026年12月底前）',
    ]);
    expect(lines.filter((l) => l === '质量基础' || l === '品牌建设')).toEqual(['质量基础', '品牌建设']);
  });

  it('reads the text around the table, entities and line breaks as Word shows them', async () => {
    const body =
      wordParagraph('一、重点任务') +
      '<w:p><w:r><w:t>（一）加强监管。开展抽查&amp;检测，合格率&gt;95%。</w:t><w:br/><w:t>（市质监局负责）</w:t></w:r></w:p>' +
      wordTable([['指标', '2025年', '2026年'], ['合格率', '93%', '95%']]) +
      wordParagraph('（二）强化服务。（市商务局负责）');
    const text = await decodeDocument(docxOf(body), 'plan.docx');
    expect(text).toBe(
      ['一、重点任务', '（一）加强监管。开展抽查&检测，合格率>95%。', '（市质监局负责）', '指标\u30002025年\u30002026年', '合格率\u300093%\u300095%', '（二）强化服务。（市商务局负责）'].join('\n'),
    );
    expect(parsePlan(text).measures.map((m) => m.lead)).toEqual([['市质监局'], ['市商务局']]);
  });

  it('keeps the paragraph after a task table out of the table’s last row, in the document and in a layout table', async () => {
    const table = wordTable([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['1', '加强标准体系建设。', '市市场监管局', '2026年底前'],
      ['2', '强化质量监管。', '', ''],
    ]);
    const closing = wordParagraph('各部门要加强协调配合，确保2027年6月底前全面完成，产品合格率达到95%以上。');
    const layout = (inner: string) => `<w:tbl><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr/>${inner}</w:tc></w:tr></w:tbl>`;
    for (const body of [table + closing, layout(table + closing)]) {
      const text = await decodeDocument(docxOf(wordParagraph('某市2026年质量提升重点任务') + body), 'plan.docx');
      expect(text).toContain('各部门要加强协调配合');
      const plan = parsePlan(text);
      expect(plan.measures.map(({ ref, text, deadlines, targets }) => ({ ref, text, deadlines, targets }))).toEqual([
        { ref: '1', text: '加强标准体系建设。（牵头单位：市市场监管局；完成时限：2026年底前）', deadlines: ['2026-12-31'], targets: [] },
        { ref: '2', text: '强化质量监管。', deadlines: [], targets: [] },
      ]);
    }
  });

  it('keeps a row under a merged 序号 that names no units in the measure of the row it continues', async () => {
    const table = wordTable([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      [startsMerge('1'), '开展专项整治。', '市市场监管局', '2026年6月底前'],
      [continuesMerge, '开展第二轮抽查，抽查企业200家以上。', '', '2026年12月底前'],
      ['2', '加强督查。', '市政府办', ''],
    ]);
    const plan = parsePlan(await decodeDocument(docxOf(wordParagraph('某市2026年质量提升重点任务') + table), 'plan.docx'));
    expect(plan.measures.map(({ ref, title, text, lead, deadlines, targets }) => ({ ref, title, text, lead, deadlines, targets: targets.map((t) => t.value) }))).toEqual([
      {
        ref: '1',
        title: '开展专项整治',
        text: '开展第二轮抽查，抽查企业200家以上。（牵头单位：市市场监管局；完成时限：2026年6月底前；完成时限：2026年12月底前）',
        lead: ['市市场监管局'],
        deadlines: ['2026-06-30', '2026-12-31'],
        targets: [200],
      },
      { ref: '2', title: '加强督查', text: '加强督查。（牵头单位：市政府办）', lead: ['市政府办'], deadlines: [], targets: [] },
    ]);
  });

  it('reads a task table nested in a layout table', async () => {
    const inner = wordTable([['序号', '重点任务', '责任单位'], ['1', '压缩企业开办时间。', '区市场监管局、区税务局']]);
    const body = wordParagraph('某区2026年营商环境优化重点任务') + `<w:tbl><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr/>${wordParagraph('说明：下表列出全部任务。')}${inner}${wordParagraph('')}</w:tc></w:tr></w:tbl>`;
    const plan = parsePlan(await decodeDocument(docxOf(body), 'plan.docx'));
    expect(summary(plan)).toEqual([
      { ref: '1', title: '压缩企业开办时间', lead: ['区市场监管局', '区税务局'], cooperating: [], responsibility: 'shared', deadlines: [] },
    ]);
  });
});

describe('a .docx without tables', () => {
  const plans = [
    ...readdirSync(sharedPlansDir).filter((f) => f.endsWith('.txt')).map((f) => sharedPlansDir + f),
    ...readdirSync(fixturesDir).filter((f) => f.endsWith('.txt') && f !== 'gbk.txt').map((f) => fixturesDir + f),
  ];

  it.each(plans)('parses exactly as its text: %s', async (file) => {
    const text = readFileSync(file, 'utf8');
    const fromWord = parsePlan(await decodeDocument(docx(text), 'plan.docx'));
    const fromText = parsePlan(text);
    const withoutSpans = (plan: TParsedPlan) => ({
      ...plan,
      measures: plan.measures.map(({ span: _span, annotation, ...m }) => ({ ...m, annotation: annotation?.text ?? null })),
    });
    expect(withoutSpans(fromWord)).toEqual(withoutSpans(fromText));
  });
});
