/**
 * Plan text written from the conventions real plans follow, for the parse benchmark: a covering notice, sections,
 * numbered items in every style, each annotation form, targets and deadlines. Deterministic for a given size.
 */

const UNITS = ['市发改委', '市财政局', '市市场监管局', '市工业和信息化局', '市住建局', '市商务局', '市农业农村局', '市教育局'];
const BARE = ['发改委', '财政局', '市场监管局', '交通局', '文化和旅游局'];
const ACTIONS = [
  '完善质量发展经费多元筹集和保障机制，鼓励和引导更多资金投入质量攻关、质量创新、质量治理。',
  '建立健全企业质量安全控制关键岗位责任制，明确企业主要负责人对质量安全负首要责任。',
  '认真贯彻《质量发展纲要(2011-2020年)》，开展“质量强市”活动，提升我市质量总体水平。',
  '加强标准化建设，在现代服务业、战略性新兴产业等领域推进标准化示范区（点）建设。',
  '围绕等10类消费品开展质量提升工作，强化事中事后监管，促进市场公平竞争。',
];
const TARGETS = [
  '到2020年，产品质量监督抽查合格率稳定在94%以上。',
  '培育科技型领军企业5家，新增中国驰名商标3件、省著名商标60件。',
  '全市管理体系认证突破1200张，城市区域环境噪声平均值小于55分贝。',
  '组织培训从业人员15万名，PM2.5年均浓度较2015年下降比例达到13%。',
];

function pick<T>(list: T[], n: number): T {
  return list[n % list.length]!;
}

function annotation(n: number): string {
  const a = pick(UNITS, n);
  const b = pick(UNITS, n + 3);
  const c = pick(UNITS, n + 5);
  switch (n % 7) {
    case 0: return `（${a}负责）`;
    case 1: return `（${a}牵头，${b}、${c}配合）`;
    case 2: return `(${a}、${b}按职责分工)`;
    case 3: return `（责任部门：${a}、${b}）`;
    case 4: return `（牵头单位：${a}，配合单位：${b}、${c}）`;
    case 5: return `（${a}牵头，${pick(BARE, n)}、${pick(BARE, n + 1)}配合落实）`;
    default: return `\n责任单位：${a}、${b}\n时限要求：2021年6月底前`;
  }
}

const CN = '一二三四五六七八九十';

function cnNumber(n: number): string {
  if (n <= 10) return CN[n - 1]!;
  if (n < 20) return '十' + CN[n - 11]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return CN[tens - 1]! + '十' + (ones ? CN[ones - 1]! : '');
}

/** One plan of about `itemsPerSection × sections` measures. */
export function syntheticPlan(seed: number, sections = 6, itemsPerSection = 8): string {
  const out = [
    `某某市人民政府关于印发某某市质量提升行动计划的通知`,
    `各区人民政府，市政府各部门：`,
    `现将《某某市质量提升行动计划》印发给你们，请认真贯彻执行。`,
    `某某市人民政府`,
    `2019年3月8日`,
    `（此件公开发布）`,
    `某某市质量提升行动计划`,
    `为贯彻落实党中央、国务院关于开展质量提升行动的决策部署，制定本计划。`,
    `一、总体要求`,
    `到2020年，全市质量总体水平显著提升。`,
  ];
  let item = 1;
  for (let s = 2; s <= sections + 1; s++) {
    out.push(`${cnNumber(s)}、${s === sections + 1 ? '保障措施' : '重点任务'}`);
    for (let i = 0; i < itemsPerSection; i++, item++) {
      const n = seed + item;
      const body = pick(ACTIONS, n) + (n % 2 ? pick(TARGETS, n) : '') + pick(ACTIONS, n + 2);
      if (s === sections + 1) out.push(`（${cnNumber(item)}）加强组织领导。${body}`);
      else if (n % 5 === 0) out.push(`${i + 1}.推进重点工作${item}`, `${body}${annotation(n)}`);
      else out.push(`（${cnNumber(item)}）推进重点工作${item}。${body}${annotation(n)}${pick(ACTIONS, n + 1)}${annotation(n + 1)}`);
    }
  }
  out.push('各部门要结合实际研究制定具体措施，确保各项任务落实到位。', '市政府部门网站', '其他网站');
  return out.join('\n');
}
