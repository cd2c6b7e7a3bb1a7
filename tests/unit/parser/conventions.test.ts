import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import type { TParsedPlan } from '../../../parser/schema';
import { fixture } from './fixtures';

type TRow = [ref: string, lead: string[], cooperating: string[], responsibility: string];

function rows(plan: TParsedPlan): TRow[] {
  return plan.measures.map((m) => [m.ref, m.lead, m.cooperating, m.responsibility]);
}

describe('numbering: 一、 （一） 1. 1、 (1) ①, headings on their own line, numbering continued across sections', () => {
  const plan = parsePlan(fixture('numbering.txt'));
  it('finds one measure per annotated or unannotated work item, with its path', () => {
    expect(rows(plan)).toEqual([
      ['二/（一）/1', ['县应急管理局'], [], 'lead'],
      ['二/（一）/2', ['县应急管理局', '县住建局'], [], 'shared'],
      ['二/（二）/(1)', ['县应急管理局'], ['县人社局'], 'lead'],
      ['二/（二）/(2)', ['县工信局'], [], 'lead'],
      ['三/(三)/①', ['县应急管理局'], [], 'lead'],
      ['三/(三)/②', ['县发改委'], [], 'lead'],
      ['四/(四)', [], [], 'unspecified'],
      ['四/(五)', [], [], 'unspecified'],
    ]);
  });
  it('keeps a measure spread over two paragraphs whole', () => {
    expect(plan.measures[1]!.text).toBe('企业每季度开展隐患排查，\n对发现的问题及时整改。（县应急管理局、县住建局按职责分工）');
  });
  it('takes a heading on its own line as the title and the paragraph below as the text', () => {
    expect(plan.measures[6]).toMatchObject({ title: '加强组织领导', text: '各乡镇、各部门要高度重视。' });
  });
  it('does not make a measure of the guiding-thought section', () => {
    expect(plan.measures.some((m) => m.text.includes('坚持安全发展理念'))).toBe(false);
  });
});

describe('attachments: their numbering starts afresh', () => {
  const text = [
    '关于开展2026年质量提升行动的实施方案',
    '一、重点任务',
    '（一）加强标准建设。（市市场监管局负责）',
    '二、保障措施',
    '（一）加强组织领导。各部门要高度重视。',
    '（二）强化督查考核。将任务完成情况纳入考核。',
    '附件1：重点任务分工表',
    '1. 建设检验检测平台。（市科技局牵头，市财政局配合）',
    '附件2',
    '1. 完善质量奖励制度。（市财政局负责）',
  ].join('\n');
  const plan = parsePlan(text);
  it('neither nests an attachment’s items under the body’s last one nor loses that one; a repeated number is told apart', () => {
    expect(rows(plan)).toEqual([
      ['一/（一）', ['市市场监管局'], [], 'lead'],
      ['二/（一）', [], [], 'unspecified'],
      ['二/（二）', [], [], 'unspecified'],
      ['1', ['市科技局'], ['市财政局'], 'lead'],
      ['1（第2处）', ['市财政局'], [], 'lead'],
    ]);
    expect(plan.measures[2]!.text).toBe('将任务完成情况纳入考核。');
  });
  it('still reads 附件：1.XX方案 as the notice’s list of attachments, not as measures', () => {
    const notice = parsePlan('关于印发质量工作要点的通知\n一、加强标准建设。（市市场监管局负责）\n附件：1. 2026年质量工作要点\n2. 重点任务分工表');
    expect(rows(notice)).toEqual([['一', ['市市场监管局'], [], 'lead']]);
  });
});

describe('a covering notice with numbered instructions of its own', () => {
  const notice = [
    '国务院办公厅关于推广第二批改革举措的通知',
    '各省、自治区、直辖市人民政府：',
    '现就有关事项通知如下：',
    '一、推广的改革举措',
    '（一）知识产权保护方面2项：专利保险机制；技术调查官制度。',
    '二、认真抓好组织实施',
    '各省（区、市）人民政府要研究制定推广工作方案。',
    '国务院办公厅',
    '2018年12月23日',
  ];
  it('makes no measure of the notice’s items when the attached plan names units and the notice names none', () => {
    const plan = parsePlan([...notice, '附件', '1. 建立专利保险机制。（国家知识产权局负责）', '2. 引入技术调查官制度。（最高人民法院负责）'].join('\n'));
    expect(rows(plan)).toEqual([
      ['1', ['国家知识产权局'], [], 'lead'],
      ['2', ['最高人民法院'], [], 'lead'],
    ]);
    expect(plan.warnings.filter((w) => w.code === 'NO_RESPONSIBILITY')).toEqual([]);
  });
  it('keeps the notice’s items when the attachment names no units either, or when the notice names some', () => {
    const bare = parsePlan([...notice, '附件', '1. 建立专利保险机制。'].join('\n'));
    expect(bare.measures.map((m) => m.ref)).toEqual(['一/（一）', '二', '1']);
    const annotated = [...notice];
    annotated[4] = '（一）知识产权保护方面2项：专利保险机制；技术调查官制度。（国家知识产权局负责）';
    const both = parsePlan([...annotated, '附件', '1. 建立专利保险机制。（国家知识产权局负责）'].join('\n'));
    expect(both.measures.map((m) => m.ref)).toEqual(['一/（一）', '二', '1']);
  });
});

describe('a section heading with no items of its own between sections that have some', () => {
  it('is no measure; a heading that states work is one', () => {
    const plan = parsePlan(
      ['某市推广清单', '一、知识产权保护方面（共1项）', '1. 建立专利保险机制。（市知识产权局负责）', '二、军民深度融合方面（共6项）', '三、管理体制创新方面（共1项）', '2. 开放共享科研仪器。（市科技局负责）', '四、加强组织领导。各部门要高度重视。'].join('\n'),
    );
    expect(plan.measures.map((m) => m.ref)).toEqual(['一/1', '三/2', '四']);
  });
});

describe('annotation forms at the end of a measure', () => {
  const plan = parsePlan(fixture('annotations.txt'));
  it.each<TRow>([
    ['一/（一）', ['市市场监管局'], [], 'lead'],
    ['一/（二）', ['市住建局', '市交通局'], [], 'shared'],
    ['一/（三）', ['市商务局'], ['市文旅局', '市卫健委'], 'lead'],
    ['一/（四）', ['市生态环境局'], ['市工信局'], 'lead'],
    ['一/（五）', ['市市场监管局', '市工信局'], [], 'shared'],
    ['一/（六）', ['市工信局', '市商务局'], ['各区县政府'], 'shared'],
    ['一/（七）', ['市市场监管局', '市卫健委'], [], 'shared'],
    ['一/（八）', ['市市场监管局'], ['市工信局', '市农业农村局'], 'lead'],
    ['一/（九）', ['市人社局'], ['市教育局', '市总工会'], 'lead'],
    ['一/（十）', ['市市场监管局'], [], 'lead'],
    ['一/（十）#2', ['市发改委'], ['各成员单位'], 'lead'],
    ['一/（十一）', ['市委宣传部', '市市场监管局'], [], 'shared'],
    ['一/（十二）', ['各区', '县级市人民政府', '市市场监管局'], [], 'shared'],
  ])('%s → lead %j, cooperating %j (%s)', (ref, lead, cooperating, responsibility) => {
    expect(plan.measures.find((m) => m.ref === ref)).toMatchObject({ lead, cooperating, responsibility });
  });
  it('gives each annotated span of one item its own text', () => {
    const [first, second] = plan.measures.filter((m) => m.ref.startsWith('一/（十）'));
    expect(first!.text).toBe('推进检测资源整合。（市市场监管局负责）');
    expect(second!.text).toBe('推动检测机构改革，支持民营检测机构发展。（市发改委牵头，各成员单位配合）');
  });
  it('warns about an annotation that names no unit', () => {
    expect(plan.measures.at(-1)).toMatchObject({ ref: '一/（十三）', responsibility: 'unspecified', lead: [] });
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: 'ANNOTATION_WITHOUT_UNIT', ref: '一/（十三）' }));
  });
});

describe('traditional script', () => {
  const plan = parsePlan(fixture('traditional.txt'));
  it('reads 牽頭, 配合落實, 負責, 責任部門 and reports the script', () => {
    expect(plan.script).toBe('traditional');
    expect(rows(plan)).toEqual([
      ['一/（一）', ['盟科技局'], ['盟發改委', '盟市場監管局', '盟經信委'], 'lead'],
      ['一/（二）', ['各旗(區)政府(管委會)'], [], 'lead'],
      ['一/（三）', ['盟市場監管局', '各檢驗檢測機構'], [], 'shared'],
      ['一/（四）', ['盟委宣傳部'], ['各區縣人民政府'], 'lead'],
      ['二/（五）', [], [], 'unspecified'],
    ]);
  });
  it('reads the title and the issuer from the covering notice', () => {
    expect(plan).toMatchObject({ title: '某某盟質量強盟工作方案', issuer: '某某盟人民政府辦公室' });
  });
});

describe('separate-line and unparenthesised annotations', () => {
  const plan = parsePlan(fixture('labelled-lines.txt'));
  it('reads 牵头单位:/责任单位: lines, applies 第一责任单位为牵头单位, and a bare closing clause', () => {
    expect(rows(plan)).toEqual([
      ['一/1', ['区工信局'], ['区市场监管局', '区科技局'], 'lead'],
      ['一/2', ['区市场监管局'], ['区农业农村局', '各镇街'], 'lead'],
      ['一/3', ['区发改委'], ['区财政局'], 'lead'],
    ]);
  });
  it('reads the 时限要求 line as the deadline and ignores 长期坚持', () => {
    expect(plan.measures.map((m) => m.deadlines)).toEqual([['2020-12-31'], [], []]);
  });
});

describe('a measure whose first line is only its annotation', () => {
  it('is titled by its first 30 characters, a rare character kept whole', () => {
    const plan = parsePlan(`2026年质量工作要点\n一、重点任务\n（一）（市质监局负责）\n${'质'.repeat(20)}𠮷的推进工作要持续开展。\n`);
    const { title } = plan.measures[0]!;
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(title.endsWith('𠮷')).toBe(true);
  });
});

describe('deadline labels', () => {
  it('dates the measure above it and stays in its text', () => {
    const plan = parsePlan('2026年质量工作要点\n一、重点任务\n（一）加强质量监管。开展专项抽检。\n牵头单位：市质监局\n完成年限：2026年6月底\n（二）推进标准建设。（市市场监管局负责）\n');
    expect(plan.measures.map((m) => [m.ref, m.deadlines])).toEqual([
      ['一/（一）', ['2026-06-30']],
      ['一/（二）', []],
    ]);
    expect(plan.measures[0]!.text).toMatch(/牵头单位：市质监局\n完成年限：2026年6月底$/);
  });
  it('reads every deadline label as a part of an annotation, never as a unit', () => {
    const plan = parsePlan('2026年质量工作要点\n一、重点任务\n（一）加强质量监管。（牵头单位：市质监局；办结时限：2026年底）\n');
    expect(rows(plan)).toEqual([['一/（一）', ['市质监局'], [], 'lead']]);
    expect(plan.measures[0]!.deadlines).toEqual(['2026-12-31']);
  });
});

describe('parentheses and 负责 that are not annotations, and a bare list of units that is one', () => {
  const plan = parsePlan(fixture('not-annotations.txt'));
  it('neither splits the measure nor attributes anything', () => {
    expect(rows(plan)).toEqual([
      ['一/（一）', ['市市场监管局'], [], 'lead'],
      ['一/（二）', ['市质监局'], ['各成员单位'], 'lead'],
      ['一/（三）', [], [], 'unspecified'],
      ['一/（四）', ['市市场监管局', '市人社局'], [], 'shared'],
    ]);
    expect(plan.measures[0]!.text).toMatch(/^认真贯彻《质量发展纲要\(2011-2020年\)》.*继续推进各项工作。（市市场监管局负责）$/);
  });
});

describe('page chrome', () => {
  const plan = parsePlan(fixture('chrome.txt'));
  it('ignores site headers, 核心提示, link lists and the file name', () => {
    expect(plan.measures.map((m) => m.text)).toEqual(['开展监督抽查。（市市场监管局负责）', '各区要建立工作机制。']);
  });
  it('takes title, issuer and date of issue from the page fields when there is no signature', () => {
    expect(plan).toMatchObject({ title: '某某市质量提升行动计划', issuer: '某某市人民政府', issuedOn: '2018-05-03' });
  });
});

describe('targets and deadlines', () => {
  const plan = parsePlan(fixture('targets.txt'));
  const targets = (ref: string) =>
    plan.measures.find((m) => m.ref === ref)!.targets.map((t) => [t.comparator, t.value, t.unit, t.by]);
  it('ties targets to the year in the section opening when their sentence has none', () => {
    expect(targets('二/（一）/1')).toEqual([['>=', 95, '%', '2018'], ['>=', 100, '%', '2018']]);
  });
  it('reads counts to reach, including a list sharing one verb', () => {
    expect(targets('二/（一）/2')).toEqual([
      ['>=', 5, '家', '2018'],
      ['>=', 3, '件', '2018'],
      ['>=', 20, '件', '2018'],
      ['>', 1200, '张', '2018'],
    ]);
  });
  it('reads declines, upper bounds and the year of the sentence rather than its baseline', () => {
    expect(targets('二/（二）/3')).toEqual([['>=', 13, '%', '2017'], ['<', 55, '分贝', '2017'], ['<=', 5, '%', '2017']]);
  });
  it('folds 万 into counts, keeps 约, and skips ages, awards, qualifiers and enumerations', () => {
    expect(targets('二/（二）/4')).toEqual([['>=', 150000, '名', null], ['>=', 300, '名', null]]);
  });
  it('keeps money in its unit', () => {
    expect(targets('二/（二）/5')).toEqual([['>=', 5, '亿元', null], ['>', 90, '%', null]]);
  });
  it('reads reporting dates and a year-end deadline', () => {
    expect(plan.measures.at(-1)!.deadlines).toEqual(['2017-07-15', '2018-01-15', '2017-12-31']);
  });
});

describe('a plan in one paragraph (flattened web text)', () => {
  const plan = parsePlan(
    '一、重点任务（一）加强监管。开展检查。（市质监局负责）（二）强化服务。满意度达到90%。（市商务局牵头，各区配合）二、保障措施（一）加强领导。各单位要落实责任。',
  );
  it('still splits the items', () => {
    expect(rows(plan)).toEqual([
      ['一/（一）', ['市质监局'], [], 'lead'],
      ['一/（二）', ['市商务局'], ['各区'], 'lead'],
      ['二/（一）', [], [], 'unspecified'],
    ]);
  });
});

describe('a document without measures', () => {
  it('returns an empty list', () => {
    expect(parsePlan(fixture('no-measures.txt')).measures).toEqual([]);
    expect(parsePlan('').measures).toEqual([]);
  });
});

describe('第一部分 parts, full-width digits, 【牵头单位】 brackets and ≥', () => {
  const plan = parsePlan(fixture('parts-and-brackets.txt'));
  it('nests items under parts and reads bracketed labels', () => {
    expect(rows(plan)).toEqual([
      ['第一部分/一/1', ['市发改委'], ['市财政局', '市商务局'], 'lead'],
      ['第一部分/一/2', [], [], 'unspecified'],
      ['第二部分/一', [], [], 'unspecified'],
    ]);
  });
  it('reads ≥ and a share of enterprises as targets', () => {
    expect(plan.measures[0]!.targets.map((t) => [t.comparator, t.value, t.unit])).toEqual([
      ['>=', 95, '%'],
      ['>=', 90, '%'],
    ]);
  });
});

describe('a covering notice that lists its attachments, and run-in headings ending with a colon', () => {
  const plan = parsePlan(fixture('attachments-and-colons.txt'));
  it('makes no measure of the attachment list and reads the heading before the colon', () => {
    expect(rows(plan)).toEqual([
      ['一/（一）/1', ['区市场监管局'], [], 'lead'],
      ['一/（一）/2', ['区政府办'], [], 'lead'],
    ]);
    expect(plan.measures[0]).toMatchObject({ title: '加强组织领导', text: expect.stringMatching(/^成立质量强区工作领导小组/) });
  });
  it('does not take a year from a quoted title in the section opening', () => {
    expect(plan.measures[0]!.targets[0]!.by).toBeNull();
  });
  it('reads title, issuer and date around the attachment list', () => {
    expect(plan).toMatchObject({ title: '某某区质量强区工作方案', issuer: '某某区人民政府办公室', issuedOn: '2020-04-01' });
  });
});

describe('how real plans of other governments write their items', () => {
  it('reads the first unit as the lead in every annotation after a 列第一位者为牵头部门，下同', () => {
    const plan = parsePlan(
      [
        '一、主要任务',
        '（一）加强思政工作。构建一体化体系。（省委教育工委、省委宣传部负责，列第一位者为牵头部门，下同）',
        '（二）加强体育美育。保证每天锻炼。（省教育厅、省体育局、省卫生健康委负责）',
      ].join('\n'),
    );
    expect(rows(plan)).toEqual([
      ['一/（一）', ['省委教育工委'], ['省委宣传部'], 'lead'],
      ['一/（二）', ['省教育厅'], ['省体育局', '省卫生健康委'], 'lead'],
    ]);
  });

  it('keeps annotations before such a note as they are written', () => {
    const plan = parsePlan(
      ['一、主要任务', '（一）甲。开展甲。（省教育厅、省财政厅负责）', '（二）乙。开展乙。（省体育局、省教育厅负责，列第一位者为牵头部门，下同）'].join('\n'),
    );
    expect(rows(plan)).toEqual([
      ['一/（一）', ['省教育厅', '省财政厅'], [], 'shared'],
      ['一/（二）', ['省体育局'], ['省教育厅'], 'lead'],
    ]);
  });

  it('reads an indicator list whose items open with the work itself, and skips how it is assessed', () => {
    const item = (n: number, work: string) => `${n}．${work}（6月底完成，牵头考核单位：市审批服务局）`;
    const plan = parsePlan(
      [
        '三、考评方式',
        '（一）考评以日常监测、实地调研等方式进行。每半年考评一次。',
        '附件',
        '数字政府建设考评指标',
        '一、政务服务“一网通办”（25分）',
        item(1, '除涉密事项外，各级政务服务事项全部开通全程网办。'),
        item(2, '通过大数据平台，不断完善数据分析等功能，强化审批智能化。'),
        item(3, '全面提升政务热线服务水平。对标全国一流，加快升级热线平台。'),
        item(4, '成立各级政务服务便民热线工作机构，主要领导兼任负责人。'),
        item(5, '采取全市统一建设方式，大幅提升网站承载能力。'),
        item(6, '持续梳理政务服务事项，全部纳入一体化平台。'),
      ].join('\n'),
    );
    expect(plan.measures.map((m) => [m.ref, m.lead.join('、'), m.responsibility])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [`一/${n}`, '市审批服务局', 'lead']),
    );
    expect(plan.measures[2]!.text).toMatch(/^全面提升政务热线服务水平。对标全国一流/);
  });

  it('still titles a headed plan’s items by their run-in heading', () => {
    const plan = parsePlan(['一、重点任务', '（一）加强监管。开展检查。（市质监局负责）', '（二）强化服务。提升满意度。（市商务局负责）'].join('\n'));
    expect(plan.measures.map((m) => [m.title, m.text])).toEqual([
      ['加强监管', '开展检查。（市质监局负责）'],
      ['强化服务', '提升满意度。（市商务局负责）'],
    ]);
  });

  it('reads items numbered 1﹒ and leaves a 专栏 after an item’s annotation out of every measure', () => {
    const plan = parsePlan(
      [
        '二、行动步骤',
        '（一）网络体系强基行动。',
        '1﹒推进外网建设。支持基础电信企业加强建设。（责任单位：省通信管理局，各市人民政府）',
        '2﹒推进内网改造。支持工业企业改造内网。（责任单位：省经济和信息化厅）',
        '专栏1  网络互联互通工程',
        '优化网络基础设施。每年遴选20家企业。',
        '（二）基础支撑增强行动。',
        '3﹒加快标识解析体系建设。实现标识注册总量突破5亿。（责任单位：省通信管理局）',
      ].join('\n'),
    );
    expect(plan.measures.map((m) => [m.ref, m.lead.join('、'), m.targets.map((t) => t.value)])).toEqual([
      ['二/（一）/1', '省通信管理局、各市人民政府', []],
      ['二/（一）/2', '省经济和信息化厅', []],
      ['二/（二）/3', '省通信管理局', [500000000]],
    ]);
  });
});
