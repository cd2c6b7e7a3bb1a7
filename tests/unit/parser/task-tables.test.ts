import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseSource, parsePlan } from '../../../parser/parse-plan';
import { ZParsedPlanSchema } from '../../../parser/schema';
import type { TParsedPlan } from '../../../parser/schema';
import { renderTable, renderTableInText, renderTaskTable, TABLE_END, type TTableCell } from '../../../parser/task-tables';

const HEADER = ['序号', '领域', '重点任务', '牵头单位', '配合单位', '完成时限'];

/** The measures a table's rendering parses into, as a reviewer would read them. */
function measuresOf(rows: TTableCell[][]) {
  const plan = parsePlan(renderTable(rows).join('\n'));
  return plan.measures.map(({ ref, title, text, lead, cooperating, responsibility, deadlines }) => ({
    ref, title, text, lead, cooperating, responsibility, deadlines,
  }));
}

describe('a task table written as plan text', () => {
  it('makes each row a numbered item whose annotation names its lead and cooperating units and its deadline', () => {
    const lines = renderTable([
      HEADER,
      ['1', '质量基础', '加强标准体系建设，制修订地方标准10项以上。', '市市场监管局', '市发展改革委、市工业和信息化局', '2026年12月底前'],
    ]);
    expect(lines).toEqual([
      '质量基础',
      '1. 加强标准体系建设，制修订地方标准10项以上。（牵头单位：市市场监管局；配合单位：市发展改革委、市工业和信息化局；完成时限：2026年12月底前）',
    ]);
    const plan = parsePlan(lines.join('\n'));
    expect(plan.measures).toHaveLength(1);
    expect(plan.measures[0]).toMatchObject({
      ref: '1',
      title: '加强标准体系建设',
      lead: ['市市场监管局'],
      cooperating: ['市发展改革委', '市工业和信息化局'],
      responsibility: 'lead',
      deadlines: ['2026-12-31'],
    });
    expect(plan.measures[0]!.targets).toMatchObject([{ value: 10, unit: '项', comparator: '>=' }]);
  });

  it('keeps a one-sentence task in the measure text and titles it with the task', () => {
    expect(measuresOf([HEADER, ['2', '', '开展质量品牌提升行动', '市市场监管局', '', '2026年6月底前']])).toEqual([
      {
        ref: '2',
        title: '开展质量品牌提升行动',
        text: '开展质量品牌提升行动。（牵头单位：市市场监管局；完成时限：2026年6月底前）',
        lead: ['市市场监管局'],
        cooperating: [],
        responsibility: 'lead',
        deadlines: ['2026-06-30'],
      },
    ]);
  });

  it.each([
    ['spaces inside the headings', ['序 号', '重 点 任 务', '牵 头 单 位', '配 合 单 位', '完 成 时 限']],
    ['headings broken over lines', ['序号', '重点\n任务', '牵头\n单位', '配合\n单位', '完成\n时限']],
    ['部门 for 单位 and 完成时间', ['序号', '工作任务', '牵头部门', '配合部门', '完成时间']],
    ['具体措施, 参与单位 and 时间节点', ['编号', '具体措施', '牵头单位', '参与单位', '时间节点']],
  ])('recognises the headings with %s', (_, header) => {
    const [m] = measuresOf([header, ['1', '推进标准化试点。', '市市场监管局', '市工信局', '2026年底前']]);
    expect(m).toMatchObject({ ref: '1', lead: ['市市场监管局'], cooperating: ['市工信局'], responsibility: 'lead', deadlines: ['2026-12-31'] });
  });

  it('finds the heading row below a title row', () => {
    const lines = renderTable([
      ['附件：重点任务分工表', '', '', ''],
      ['序号', '主要任务', '责任部门', '完成时间'],
      ['1', '压缩企业开办时间。', '区市场监管局、区税务局', '2026年3月底前'],
    ]);
    expect(lines).toEqual(['附件：重点任务分工表', '1. 压缩企业开办时间。（责任单位：区市场监管局、区税务局；完成时限：2026年3月底前）']);
    expect(parsePlan(lines.join('\n')).measures[0]).toMatchObject({ lead: ['区市场监管局', '区税务局'], responsibility: 'shared' });
  });

  it('reads 牵头单位 and 配合单位 written under a merged 责任单位 heading', () => {
    const [m] = measuresOf([
      ['序号', '重点任务', '责任单位', { text: '责任单位', merged: 'left' }, '完成时限'],
      [{ text: '序号', merged: 'above' }, { text: '重点任务', merged: 'above' }, '牵头单位', '配合单位', { text: '完成时限', merged: 'above' }],
      ['1', '建设公共检测平台。', '区发改委', '区财政局', '2026年底前'],
    ]);
    expect(m).toMatchObject({ lead: ['区发改委'], cooperating: ['区财政局'], responsibility: 'lead' });
  });

  it('leaves an empty 配合单位 cell out of the annotation', () => {
    const lines = renderTable([HEADER, ['1', '', '推进标准化试点。', '市市场监管局', '', '']]);
    expect(lines).toEqual(['1. 推进标准化试点。（牵头单位：市市场监管局）']);
  });

  it('writes a 责任单位 cell that states roles itself as it stands', () => {
    const header = ['序号', '重点任务', '责任单位', '完成时限'];
    const lines = renderTable([header, ['1', '实施品牌培育工程。', '市发改委牵头，市财政局、市商务局配合。', '2026年9月底前']]);
    expect(lines).toEqual(['1. 实施品牌培育工程。（市发改委牵头，市财政局、市商务局配合；完成时限：2026年9月底前）']);
    expect(measuresOf([header, ['1', '实施品牌培育工程。', '市发改委牵头，市财政局、市商务局配合。', '2026年9月底前']])[0]).toMatchObject({
      lead: ['市发改委'],
      cooperating: ['市财政局', '市商务局'],
      responsibility: 'lead',
    });
    expect(measuresOf([header, ['1', '推进标准化试点。', '市市场监管局、市工信局按职责分工', '']])[0]).toMatchObject({
      lead: ['市市场监管局', '市工信局'],
      responsibility: 'shared',
    });
  });

  it('reads a lead marked inside a plain list of units, and units written one per paragraph', () => {
    const header = ['序号', '重点任务', '责任单位', '完成时限'];
    expect(measuresOf([header, ['1', '建设公共检测平台。', '区发改委（牵头）、区财政局、区科技局', '']])[0]).toMatchObject({
      lead: ['区发改委'],
      cooperating: ['区财政局', '区科技局'],
      responsibility: 'lead',
    });
    expect(measuresOf([header, ['1', '建设公共检测平台。', '牵头：区发改委\n配合：区财政局', '']])[0]).toMatchObject({
      lead: ['区发改委'],
      cooperating: ['区财政局'],
    });
    expect(measuresOf([header, ['1', '建设公共检测平台。', '区发改委\n区财政局', '']])[0]).toMatchObject({
      lead: ['区发改委', '区财政局'],
      responsibility: 'shared',
    });
  });

  it('joins a task written over several paragraphs into one run of sentences, keeping its punctuation', () => {
    const lines = renderTable([
      HEADER,
      ['1', '', '推进计量能力建设\n新建社会公用计量标准8项，\n完成强制检定。', '市市场监管局', '', ''],
      ['2', '', '开展质量月活动。\n组织质量宣传', '市委宣传部', '', ''],
    ]);
    expect(lines).toEqual([
      '1. 推进计量能力建设；新建社会公用计量标准8项，完成强制检定。（牵头单位：市市场监管局）',
      '2. 开展质量月活动。组织质量宣传。（牵头单位：市委宣传部）',
    ]);
  });

  it('heads the rows of each category once, whether the category cell is merged or left empty below its first row', () => {
    const merged = renderTable([
      HEADER,
      ['1', '质量基础', '推进标准化试点。', '市市场监管局', '', ''],
      ['2', { text: '质量基础', merged: 'above' }, '建设检测平台。', '市发改委', '', ''],
      ['3', '品牌建设', '培育知名品牌。', '市工信局', '', ''],
    ]);
    const pasted = renderTable([
      HEADER,
      ['1', '质量基础', '推进标准化试点。', '市市场监管局', '', ''],
      ['2', '', '建设检测平台。', '市发改委', '', ''],
      ['3', '品牌建设', '培育知名品牌。', '市工信局', '', ''],
    ]);
    const expected = [
      '质量基础',
      '1. 推进标准化试点。（牵头单位：市市场监管局）',
      '2. 建设检测平台。（牵头单位：市发改委）',
      '品牌建设',
      '3. 培育知名品牌。（牵头单位：市工信局）',
    ];
    expect(merged).toEqual(expected);
    expect(pasted).toEqual(expected);
  });

  it('keeps a category heading out of the text of the measure above it, annotated or not', () => {
    const measures = measuresOf([
      HEADER,
      ['1', '质量基础', '推进标准化试点。', '', '', '2026年底前'],
      ['2', { text: '质量基础', merged: 'above' }, '建设检测平台', '', '', ''],
      ['3', '品牌建设', '培育知名品牌。', '市工信局', '', ''],
      ['4', '质量监管', '开展监督抽查。', '市市场监管局', '', ''],
      ['5', '组织实施', '加强督查。', '市政府办', '', ''],
    ]);
    expect(measures.map((m) => m.text)).toEqual([
      '推进标准化试点。完成时限：2026年底前。',
      '建设检测平台。',
      '培育知名品牌。（牵头单位：市工信局）',
      '开展监督抽查。（牵头单位：市市场监管局）',
      '加强督查。（牵头单位：市政府办）',
    ]);
    expect(measures.map((m) => m.deadlines)).toEqual([['2026-12-31'], [], [], [], []]);
  });

  it('warns that a row naming no unit has no responsibility', () => {
    const plan = parsePlan(renderTable([HEADER, ['1', '', '推进计量能力建设。', '', '', '2026年底'], ['2', '', '培育知名品牌。', '市工信局', '', '']]).join('\n'));
    expect(plan.measures[0]).toMatchObject({ ref: '1', responsibility: 'unspecified', lead: [], deadlines: ['2026-12-31'] });
    expect(plan.warnings).toEqual([{ code: 'NO_RESPONSIBILITY', message: '该措施未标注责任单位', ref: '1' }]);
  });

  it('numbers rows from the 序号 cell, counts them when it holds no number, and never gives two rows one number', () => {
    const refs = (rows: TTableCell[][]) => measuresOf([HEADER, ...rows]).map((m) => m.ref);
    expect(refs([['3', '', '甲任务。', '市发改委', '', ''], ['4', '', '乙任务。', '市财政局', '', '']])).toEqual(['3', '4']);
    expect(refs([['', '', '甲任务。', '市发改委', '', ''], ['一', '', '乙任务。', '市财政局', '', '']])).toEqual(['1', '2']);
    // 序号 restarting under each 领域: the headings are not numbered, so the count runs on
    expect(
      refs([['1', '质量基础', '甲任务。', '市发改委', '', ''], ['1', '品牌建设', '乙任务。', '市财政局', '', ''], ['2', '', '丙任务。', '市商务局', '', '']]),
    ).toEqual(['1', '2', '3']);
    // under numbered headings the parser nests the rows, so 序号 may restart
    expect(
      refs([['1', '一、质量基础', '甲任务。', '市发改委', '', ''], ['1', '二、品牌建设', '乙任务。', '市财政局', '', '']]),
    ).toEqual(['一/1', '二/1']);
  });

  it('makes a row under a merged 序号 one more annotated span of the item above', () => {
    const measures = measuresOf([
      HEADER,
      ['1', '', '开展专项整治。', '市市场监管局', '', '2026年6月底前'],
      [{ text: '1', merged: 'above' }, '', { text: '开展专项整治。', merged: 'above' }, '市公安局', '', '2026年12月底前'],
    ]);
    expect(measures.map((m) => [m.ref, m.lead, m.deadlines])).toEqual([
      ['1', ['市市场监管局'], ['2026-06-30']],
      ['1#2', ['市公安局'], ['2026-12-31']],
    ]);
  });

  it.each([
    ['its own task', '开展第二轮抽查。'],
    ['the task merged down from above', { text: '开展专项整治。', merged: 'above' as const }],
  ])('keeps a row under a merged 序号 that names no units, with %s, in the measure it continues', (_, task) => {
    for (const lead of ['市市场监管局', '']) {
      const plan = parsePlan(
        renderTable([
          HEADER,
          ['1', '', '开展专项整治。', lead, '', '2026年6月底前'],
          [{ text: '1', merged: 'above' }, '', task, '', '', '2026年12月底前'],
          ['2', '', '加强督查。', '市政府办', '', ''],
        ]).join('\n'),
      );
      expect(plan.measures.map((m) => [m.ref, m.lead, m.deadlines])).toEqual([
        ['1', lead ? [lead] : [], ['2026-06-30', '2026-12-31']],
        ['2', ['市政府办'], []],
      ]);
      const { title, text } = plan.measures[0]!;
      const own = typeof task === 'string' ? task : '';
      expect(`${title}。${text}`).toContain(`开展专项整治。${own}`);
      expect(text).toContain('2026年12月底前');
    }
  });

  it('writes a section row spread over the table as a heading', () => {
    const lines = renderTable([
      HEADER,
      ['一、夯实质量基础', { text: '一、夯实质量基础', merged: 'left' }, { text: '一、夯实质量基础', merged: 'left' }, { text: '一、夯实质量基础', merged: 'left' }, { text: '一、夯实质量基础', merged: 'left' }, { text: '一、夯实质量基础', merged: 'left' }],
      ['1', '', '推进标准化试点。', '市市场监管局', '', ''],
    ]);
    expect(lines).toEqual(['一、夯实质量基础', '1. 推进标准化试点。（牵头单位：市市场监管局）']);
  });

  it('reads a section row spread over the table right under the headings as a section, not as more headings', () => {
    const section = (text: string): TTableCell[] => [text, ...Array.from({ length: 4 }, () => ({ text, merged: 'left' as const }))];
    const lines = renderTable([
      ['序号', '改革举措', '主 要 内 容', '指导部门', '推广范围'],
      section('一、知识产权保护方面（共2项）'),
      ['1', '知识产权案件“三合一”审判', '整合分散的审判资源，提高审判效率。', '最高人民法院、国家知识产权局', '全国'],
      ['2', '专利保险机制', '开发专利保险产品，降低侵权损失。', '国家知识产权局', '全国'],
      section('二、管理体制创新方面（共1项）'),
      ['3', '科研仪器设备开放共享机制', '授权专业服务机构运营科研仪器设备。', '科技部、财政部', '8个改革试验区域'],
    ]);
    expect(lines).toEqual([
      '一、知识产权保护方面（共2项）',
      '1. 知识产权案件“三合一”审判。整合分散的审判资源，提高审判效率。推广范围：全国。（责任单位：最高人民法院、国家知识产权局）',
      '2. 专利保险机制。开发专利保险产品，降低侵权损失。推广范围：全国。（责任单位：国家知识产权局）',
      '二、管理体制创新方面（共1项）',
      '3. 科研仪器设备开放共享机制。授权专业服务机构运营科研仪器设备。推广范围：8个改革试验区域。（责任单位：科技部、财政部）',
    ]);
  });

  it('reads a column headed by what its units do (指导部门, 督导单位) as the row’s units', () => {
    const plan = parsePlan(renderTable([['序号', '重点任务', '督导单位'], ['1', '推进标准化试点。', '市市场监管局、市工信局']]).join('\n'));
    expect(plan.measures[0]).toMatchObject({ ref: '1', lead: ['市市场监管局', '市工信局'], responsibility: 'shared' });
  });

  it('heads each row with an earlier task column that names the row alone, and groups rows by one that repeats', () => {
    const own = renderTable([
      ['序号', '重点任务', '具体措施', '牵头单位'],
      ['1', '推进标准化试点', '制定地方标准5项。', '市市场监管局'],
      ['2', '提升计量能力', '新建计量标准3项。', '市市场监管局'],
    ]);
    expect(own).toEqual(['1. 推进标准化试点。制定地方标准5项。（牵头单位：市市场监管局）', '2. 提升计量能力。新建计量标准3项。（牵头单位：市市场监管局）']);
    const grouped = renderTable([
      ['序号', '重点任务', '具体措施', '牵头单位'],
      ['1', '夯实质量基础', '制定地方标准5项。', '市市场监管局'],
      ['2', { text: '夯实质量基础', merged: 'above' }, '新建计量标准3项。', '市市场监管局'],
    ]);
    expect(grouped).toEqual(['夯实质量基础', '1. 制定地方标准5项。（牵头单位：市市场监管局）', '2. 新建计量标准3项。（牵头单位：市市场监管局）']);
  });

  it('keeps a heading that makes the first unit listed the lead, so every row is read by it', () => {
    const plan = parsePlan(
      renderTable([
        ['', '重点任务', '责任单位（排名第一的为牵头单位）', '完成时限'],
        ['1', '推进标准化试点。', '市市场监管局、市工信局', '2026年底前'],
      ]).join('\n'),
    );
    expect(plan.measures[0]).toMatchObject({ ref: '1', lead: ['市市场监管局'], cooperating: ['市工信局'], responsibility: 'lead' });
  });

  it('keeps the text of other columns in the measure', () => {
    const lines = renderTable([['序号', '重点任务', '工作目标', '责任单位', '备注'], ['1', '提升产品质量', '合格率达到95%以上', '市质监局', '长期坚持']]);
    expect(lines).toEqual(['1. 提升产品质量；工作目标：合格率达到95%以上；备注：长期坚持。（责任单位：市质监局）']);
  });
});

describe('a task table’s 完成时限 column', () => {
  const TASK = '培育龙头企业5家，产品合格率达到95%以上。';
  const dated = (text: string) => parsePlan(text).measures.map((m) => ({ deadlines: m.deadlines, by: m.targets.map((t) => t.by) }));

  it.each([
    ['2027年6月底前', ['2027-06-30'], '2027-06-30'],
    ['2027年底', ['2027-12-31'], '2027'],
    ['2027年12月31日', ['2027-12-31'], '2027-12-31'],
    ['2027年上半年', ['2027-06-30'], '2027-06-30'],
    ['2027年第三季度', ['2027-09-30'], '2027-09-30'],
    ['长期坚持', [], null],
  ])('%s dates the row and its targets as the same words in its text do', (due, deadlines, by) => {
    const expected = [{ deadlines, by: [by, by] }];
    for (const lead of ['市发改委', '']) {
      expect(dated(renderTable([['序号', '重点任务', '牵头单位', '完成时限'], ['1', TASK, lead, due]]).join('\n'))).toEqual(expected);
    }
    expect(dated(`1. ${TASK}\n完成时限：${due}`)).toEqual(expected);
  });

  it.each(['完成年限', '实施年限', '完成期限', '时间安排', '进度安排'])('is the column headed %s, as it is the one headed 完成时限', (heading) => {
    const rows = [['序号', '重点任务', '牵头单位', heading], ['1', TASK, '市发改委', '2027年底']];
    expect(dated(renderTable(rows).join('\n'))).toEqual([{ deadlines: ['2027-12-31'], by: ['2027', '2027'] }]);
  });

  it('gives way to a year the row’s own text ties a target to', () => {
    const rows = [['序号', '重点任务', '牵头单位', '时间节点'], ['1', '到2026年培育龙头企业5家；产品合格率达到95%以上。', '市发改委', '2027年底前']];
    expect(dated(renderTable(rows).join('\n'))).toEqual([{ deadlines: ['2027-12-31'], by: ['2026', '2026'] }]);
  });
});

describe('a task table in traditional script', () => {
  it('is annotated in traditional script and read as any other', () => {
    const lines = renderTable([
      ['序號', '重點任務', '牽頭單位', '配合單位', '完成時限'],
      ['1', '推動檢測機構整合。', '盟市場監管局', '盟發改委', '2026年底前'],
    ]);
    expect(lines).toEqual(['1. 推動檢測機構整合。（牽頭單位：盟市場監管局；配合單位：盟發改委；完成時限：2026年底前）']);
    const plan = parsePlan(lines.join('\n'));
    expect(plan.script).toBe('traditional');
    expect(plan.measures[0]).toMatchObject({ lead: ['盟市場監管局'], cooperating: ['盟發改委'], responsibility: 'lead', deadlines: ['2026-12-31'] });
  });
});

describe('a table that is not a task table', () => {
  it('comes out row by row with its cells set apart, losing no text', () => {
    const rows = [
      ['指标', '2025年', '2026年'],
      ['产品质量合格率', '93%', '95%'],
    ];
    expect(renderTaskTable(rows)).toBeNull();
    expect(renderTable(rows)).toEqual(['指标\u30002025年\u30002026年', '产品质量合格率\u300093%\u300095%']);
  });

  it('keeps the paragraphs of a layout table holding the whole plan as lines', () => {
    expect(renderTable([['一、重点任务\n（一）加强监管。开展抽查。（市质监局负责）']])).toEqual(['一、重点任务', '（一）加强监管。开展抽查。（市质监局负责）']);
  });

  it('writes a cell merged over several columns once', () => {
    expect(renderTable([['季度安排', { text: '季度安排', merged: 'left' }], ['一季度', '部署']])).toEqual(['季度安排', '一季度\u3000部署']);
  });
});

describe('a task table pasted as tab-separated lines', () => {
  const notice = [
    '某区人民政府办公室关于印发《某区2026年营商环境优化重点任务》的通知',
    '各镇人民政府、街道办事处，区政府各部门：',
    '现将重点任务印发给你们，请认真组织实施。',
  ];

  it('is read as numbered items, Excel quoting and Windows line ends included', () => {
    const pasted = [
      ...notice,
      '序号\t重点任务\t责任单位\t完成时间',
      '1\t"深化""一网通办""改革\n政务服务事项网上可办率达到95%以上"\t区政务服务局牵头，区大数据局配合\t2026年6月底前',
      '2\t压缩企业开办时间\t区市场监管局、区税务局\t2026年3月底前',
    ].join('\r\n');
    const plan = parsePlan(pasted);
    expect(plan.title).toBe('某区2026年营商环境优化重点任务');
    expect(plan.measures.map(({ ref, title, lead, cooperating, responsibility, deadlines }) => ({ ref, title, lead, cooperating, responsibility, deadlines }))).toEqual([
      { ref: '1', title: '深化"一网通办"改革', lead: ['区政务服务局'], cooperating: ['区大数据局'], responsibility: 'lead', deadlines: ['2026-06-30'] },
      { ref: '2', title: '压缩企业开办时间', lead: ['区市场监管局', '区税务局'], cooperating: [], responsibility: 'shared', deadlines: ['2026-03-31'] },
    ]);
    expect(plan.measures[0]!.text).toBe(
      '深化"一网通办"改革；政务服务事项网上可办率达到95%以上。（区政务服务局牵头，区大数据局配合；完成时限：2026年6月底前）',
    );
    expect(plan.measures[0]!.targets).toMatchObject([{ value: 95, unit: '%', by: '2026-06-30' }]);
  });

  it('keeps the rows merged across the table, which paste as lines without tabs, in the table', () => {
    const pasted = [
      ...notice,
      '序号\t改革举措\t主要内容\t指导部门\t推广范围',
      '一、知识产权保护方面（共1项）',
      '1\t专利保险机制\t开发专利保险产品，降低侵权损失。\t国家知识产权局、中国银保监会\t全国',
      '二、军民深度融合方面（共6项）',
      '三、管理体制创新方面（共1项）',
      '21\t科研仪器设备开放共享机制\t授权专业服务机构运营科研仪器设备。\t科技部\t全国',
      '各部门要抓好落实。',
    ].join('\n');
    const plan = parsePlan(pasted);
    expect(plan.measures.map(({ ref, title, lead }) => ({ ref, title, lead }))).toEqual([
      { ref: '一/1', title: '专利保险机制', lead: ['国家知识产权局', '中国银保监会'] },
      { ref: '三/21', title: '科研仪器设备开放共享机制', lead: ['科技部'] },
    ]);
  });

  it('keeps spans pointing into the normalised source, which parses the same again', () => {
    const pasted = [...notice, '序号\t重点任务\t牵头单位\t配合单位', '1\t压缩企业开办时间\t区市场监管局\t区税务局', ''].join('\n');
    const plan = parsePlan(pasted);
    const source = normaliseSource(pasted);
    for (const m of plan.measures) expect(source.slice(m.span.start, m.span.end)).toBe(m.text);
    expect(normaliseSource(source)).toBe(source);
    expect(parsePlan(source)).toEqual(plan);
    expect(source.endsWith('（牵头单位：区市场监管局；配合单位：区税务局）\n')).toBe(true);
  });

  it('keeps the line after the table out of the table’s last row', () => {
    const pasted = [...notice, '序号\t重点任务\t牵头单位', '1\t压缩企业开办时间\t区市场监管局', '2\t优化政务服务\t', '各部门要于2026年6月底前报送进展情况。'].join('\n');
    const plan = parsePlan(pasted);
    expect(plan.measures.map(({ ref, text, deadlines }) => ({ ref, text, deadlines }))).toEqual([
      { ref: '1', text: '压缩企业开办时间。（牵头单位：区市场监管局）', deadlines: [] },
      { ref: '2', text: '优化政务服务。', deadlines: [] },
    ]);
    const source = normaliseSource(pasted);
    expect(source).toContain('\n各部门要于2026年6月底前报送进展情况。');
    expect(normaliseSource(source)).toBe(source);
  });

  it('leaves tabbed lines that are not a task table as they are', () => {
    const text = ['一、重点任务', '（一）加强监管。开展抽查。（市质监局负责）', '指标\t2025年\t2026年', '合格率\t93%\t95%', '名称\t"未闭合\t引号'].join('\n');
    expect(normaliseSource(text)).toBe(text);
  });
});

/** Every name, text and title of the parsed plan that holds the table end (U+2029). */
function tableEnds(plan: TParsedPlan): string[] {
  return plan.measures
    .flatMap((m) => [m.ref, m.title, m.text, ...m.lead, ...m.cooperating, ...m.targets.flatMap((t) => [t.text, t.indicator])])
    .concat(plan.title ?? '', plan.issuer ?? '')
    .filter((s) => s.includes(TABLE_END));
}

describe('the table end (U+2029) that keeps the text after a task table out of its rows', () => {
  const word = fc.constantFrom(
    '序号', '重点任务', '牵头单位', '完成时限', '1', '2', '质量基础', '市发改委', '市财政局配合', '开展抽查。', '合格率达到95%以上', '2026年底前',
    '', '\n', TABLE_END, `${TABLE_END}\n`, '\t',
  );
  const cell = fc.array(word, { maxLength: 4 }).map((w) => w.join(''));
  const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 5 }), { maxLength: 6 });
  const after = fc.array(fc.constantFrom('各部门要加强配合。', '（二）强化服务。（市商务局负责）', '3. 开展走访。', TABLE_END, ''), { maxLength: 3 });

  it('stands in no measure’s text, title, units or targets, whatever the tables and the text around them hold', () => {
    fc.assert(
      fc.property(table, after, (rows, text) => {
        const lines = ['一、重点任务', '（一）加强监管。', ...renderTableInText([['序号', '重点任务', '牵头单位', '完成时限'], ...rows]), ...text];
        expect(tableEnds(parsePlan(lines.join('\n')))).toEqual([]);
        const pasted = ['一、重点任务', '序号\t重点任务\t牵头单位\t完成时限', ...rows.map((r) => r.join('\t')), ...text];
        expect(tableEnds(parsePlan(pasted.join('\n')))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is not read into a text that writes its own paragraphs with U+2029: they are line ends', () => {
    const lines = ['一、重点任务', '（一）加强监管。开展抽查。', '开展检测，合格率达到95%以上。（市质监局负责）', '（二）强化服务。（市商务局负责）'];
    const plan = parsePlan(lines.join('\n'));
    for (const separator of ['\u2029', '\u2029\n', '\u2028']) {
      const written = parsePlan(lines.join(separator));
      expect(tableEnds(written)).toEqual([]);
      expect(written.measures.map(({ ref, title, text, lead, targets }) => ({ ref, title, text, lead, targets }))).toEqual(
        plan.measures.map(({ ref, title, text, lead, targets }) => ({ ref, title, text, lead, targets })),
      );
    }
  });
});

describe('any table, task table or not', () => {
  const word = fc.constantFrom(
    '序号', '领域', '重点任务', '牵头单位', '配合单位', '责任单位', '完成时限', '1', '2', '一、质量基础', '质量基础', '市发改委',
    '市财政局、市商务局', '市发改委牵头，市财政局配合', '区发改委（牵头）、区财政局', '牵头：区发改委', '开展抽查。', '加强监管，合格率达到95%以上',
    '2026年底前', '', '', '\n', '（', '）', '；', '"', '\t',
  );
  const cell = fc.oneof(
    fc.array(word, { maxLength: 4 }).map((w) => w.join('')),
    fc.record({ text: fc.array(word, { maxLength: 3 }).map((w) => w.join('')), merged: fc.constantFrom('left' as const, 'above' as const) }),
  );
  const table = fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 8 });

  it('renders without throwing into lines, a line end inside none of them, that the parser reads within its contract', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const lines = renderTable(rows);
        for (const line of lines) expect(line).not.toMatch(/[\r\n\u2028]/);
        const text = lines.join('\n');
        const plan = parsePlan(text);
        ZParsedPlanSchema.parse(plan);
        const source = normaliseSource(text);
        for (const m of plan.measures) expect(source.slice(m.span.start, m.span.end)).toBe(m.text);
      }),
      { numRuns: 300 },
    );
  });

  it('gives each row of a task table its own reference', () => {
    const plain = fc.constantFrom('', '1', '2', '3', '质量基础', '品牌建设', '市发改委', '市财政局配合', '开展抽查。', '加强监管，合格率达到95%以上', '2026年底前');
    const row = fc.array(fc.oneof(plain, fc.record({ text: plain, merged: fc.constantFrom('left' as const, 'above' as const) })), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const refs = parsePlan(renderTable([HEADER, ...rows]).join('\n')).measures.map((m) => m.ref);
        expect(new Set(refs).size).toBe(refs.length);
      }),
      { numRuns: 300 },
    );
  });

  it('pasted with tabs, normalises once and for all', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (rows, newline) => {
        const pasted = ['某市关于印发《方案》的通知', ...rows.map((r) => r.map((c) => (typeof c === 'string' ? c : c.text)).join('\t'))].join(newline);
        const source = normaliseSource(pasted);
        expect(normaliseSource(source)).toBe(source);
        const plan = parsePlan(pasted);
        for (const m of plan.measures) expect(source.slice(m.span.start, m.span.end)).toBe(m.text);
      }),
      { numRuns: 300 },
    );
  });
});
