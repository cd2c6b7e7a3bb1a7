import { describe, expect, it } from 'vitest';
import { extractDeadlines } from '../../../parser/dates';
import { chineseNumeralValue } from '../../../parser/numbering';
import { parsePlan } from '../../../parser/parse-plan';
import { extractTargets } from '../../../parser/targets';

const brief = (text: string, year: string | null = null) =>
  extractTargets(text, year).map((t) => `${t.comparator}${t.value}${t.unit}@${t.by}`);

describe('extractTargets', () => {
  it.each([
    ['到2020年，装备制造业产品质量合格率稳定在93%以上。', ['>=93%@2020']],
    ['2016年争创江苏名牌产品80个，新增中国驰名商标5件、江苏省著名商标60件。', ['>=80个@2016', '>=5件@2016', '>=60件@2016']],
    ['2020年，全区管理体系认证突破1200张。', ['>1200张@2020']],
    ['城市区域环境噪声平均值小于55分贝。', ['<55分贝@null']],
    ['引导推动全区200家企业完成质量管理体系认证换版升级工作。', ['>=200家@null']],
    ['市级以上品牌企业销售收入占规模以上企业销售收入比重提高0.1%。', ['>=0.1%@null']],
    ['单位GDP能耗下降到0.5吨标准煤以下，万元产值用水量控制在10立方米以内。', ['<=0.5吨标准煤@null', '<=10立方米@null']],
    ['培育5家以上龙头企业，新增就业1.5万人。', ['>=5家@null', '>=15000人@null']],
    ['实现营业收入50亿元。', ['>=50亿元@null']],
    ['2018年主要农产品抽检合格率保持在97%左右。', ['>=97%@2018']],
    ['力争到2025年，每万人口发明专利拥有量达到12件。', ['>=12件@2025']],
    ['覆盖100个以上城市，公共服务满意度达到80分。', ['>=100个@null', '>=80分@null']],
    ['PM2.5平均浓度控制在35微克/立方米以下，审批时限压缩至5个工作日以内。', ['<=35微克/立方米@null', '<=5个工作日@null']],
    ['新增规模以上企业100余家，带动就业1.2万余人。', ['>=100家@null', '>=12000人@null']],
    ['到２０２０年，合格率达到９５．５％以上。', ['>=95.5％@2020']],
    ['2027年6月底前，新建检测中心3个。', ['>=3个@2027-06-30']],
    ['到2027年6月，合格率达到95%。', ['>=95%@2027-06-30']],
    ['2016年6月召开推进会，合格率达到95%。', ['>=95%@null']],
    ['2027年上半年前，新建检测中心3个。', ['>=3个@2027-06-30']],
    // counts written without a comparator are targets to reach, and so is each count their list goes on with
    ['选拔100名正职后备人才、200名副职后备人才，培养100名优秀企业家。', ['>=100名@null', '>=200名@null', '>=100名@null']],
    ['重点支持300名领军人才赴境外培训，1000名核心人才参加专题研修。', ['>=300名@null', '>=1000名@null']],
    ['重点引进30名金融高级管理人才和50名金融高级专业人才。', ['>=30名@null', '>=50名@null']],
    ['重点扶持50个市级示范性高级研修班和50场次名家讲座。', ['>=50个@null', '>=50场次@null']],
    ['筹集建设1000套专家公寓和10000套人才公寓。', ['>=1000套@null', '>=10000套@null']],
    ['择优设立50个特聘岗位，每年滚动实施1000项亿元以上技术改造项目。', ['>=50个@null', '>=1000项@null']],
    ['联通市本级50个部门的政务数据。', ['>=50个@null']],
    ['各中小学至少配备1名专职心理健康教育教师，每个乡镇至少建成一所公办中心幼儿园。', ['>=1名@null', '>=1所@null']],
    // a service time limit written with 内 alone is a limit, whatever stands before it; 5年内 is a span of years
    ['符合正常放行条件的48小时内放行，易腐货物实行6小时内放行便利措施。', ['<=48小时@null', '<=6小时@null']],
    ['自收到申请之日起7个工作日内答复，3天内办结。', ['<=7个工作日@null', '<=3天@null']],
    ['5年内关税减让显著。', []],
    // a count after 的 tallies what a description picks out, unless the clause makes or reaches it
    ['针对首年关税为零的2034种、5年内关税减让显著的2725种出口商品，加大市场开拓力度。', []],
    ['打造具有国际影响力的10个产业集群。', ['>=10个@null']],
    // 以上的 after a count a making verb governs is still its bound: 形成1000个以上的…; a qualifier has no such verb
    ['分别形成1000个以上的“数字标签”，构建1000个以上的数据训练集。', ['>=1000个@null', '>=1000个@null']],
    ['对年产值2000万元以上的企业给予支持。', []],
    // money set aside is no level to reach
    ['设立专项资金，市财政每年安排5亿元，由市财政每年出资1亿元用于园区建设。', []],
    // a range is one target at its lower end
    ['谋划建设2-3个重大科技基础设施，建设1到2个培训基地，建设2—3个研究基地。', ['>=2个@null', '>=1个@null', '>=2个@null']],
    ['实现标识注册总量突破5亿。', ['>500000000@null']],
    ['力争30%的县（市、区）通过国家认定，全市90%的重点领域市场主体纳入平台。', ['=30%@null', '=90%@null']],
    ['奖励性绩效占比不低于绩效工资总量的70%。', ['>=70%@null']],
    ['完善“前台综合受理、后台分类办理"模式，各级大厅综合一窗率达90%以上。', ['>=90%@null']],
  ])('%s', (text, expected) => {
    expect(brief(text)).toEqual(expected);
  });

  it.each([
    '开展第六届市长质量奖评选。',
    '对35岁以下青年创业给予补贴。',
    '对获奖企业奖励50万元。',
    '支持年产值2000万元以上的企业开展技术改造。',
    '围绕空气净化器、电饭煲等10类消费品开展质量提升。',
    '在商贸流通、餐饮等与群众生活密切相关的10个领域开展计量惠民工程。',
    '连续3年开展专项整治，引导企业实施5S、6T管理，推动3C认证。',
    '贯彻《质量发展纲要(2011-2020年)》和国发〔2018〕3号文件。',
    '深入开展“2016红盾网剑专项行动”。',
    // money awards, wherever the sentence says it gives them
    '对跨行业平台省级给予奖补，最高3000万元。',
    '根据设备投入情况给予财政补贴，每家最高100万元。',
    '省级按照项目设备购置额的10%给予奖补，按照同期银行基准利率40%给予贴息。',
    '创收净收入可按照不低于50%的比例用于奖励性绩效工资分配。',
    // qualifiers, rates and tallies
    '超过1000人规模的学校必须配备专职教师。',
    '年销售收入首次达到2000万元、5000万元、1亿元的，分别给予扶持。',
    '每5所幼儿园配备1名责任督学，每认定1家给予孵化器扶持。',
    '在现有新生入学、教师资格认定等62项便民服务的基础上继续扩展。',
  ])('finds no target in: %s', (text) => {
    expect(brief(text)).toEqual([]);
  });

  it.each([
    ['培育五家以上品牌企业。', ['>=5家@null']],
    ['新建三个检验检测中心，创建两个国家级示范区。', ['>=3个@null', '>=2个@null']],
    ['培训一万人次，建成十二个。', ['>=10000人次@null', '>=12个@null']],
    ['到2020年，引进高层次人才三十五名，新增一百二十家企业。', ['>=35名@2020', '>=120家@2020']],
    ['培育科技型领军企业五家，新增就业一万人。', ['>=5家@null', '>=10000人@null']],
    ['培育十余家龙头企业，打造两百多家特色店铺。', ['>=10家@null', '>=200家@null']],
    ['合格率提高两个百分点，审批时限控制在三个工作日以内。', ['>=2个百分点@null', '<=3个工作日@null']],
    ['全市建成標準化示範區兩個，新增國家級示範區三個。', ['>=2個@null', '>=3個@null']],
  ])('reads a count written in Chinese numerals: %s', (text, expected) => {
    expect(brief(text)).toEqual(expected);
  });

  it.each([
    '全面实施三年行动计划，开展第五届质量奖评选。',
    '一是加强组织领导，二是强化督促检查。',
    '培育一批龙头企业，建成一流检验检测机构，推进区域一体化发展。',
    '坚持两手抓，贯彻五大发展理念，完成十三五规划目标。',
    '参与一带一路建设，解决三农问题，推动四个全面战略布局。',
    '实现一网通办，学习贯彻十九大精神，落实一把手责任，一律不得变更。',
    '实行一次性告知，实现一次办结，各地区要认真落实。',
    '实现两个一百年奋斗目标。',
    '新建二次供水设施，水质达到三类标准。',
    '单位产品能耗降低三分之一以上。',
    '一年内累计发生两次以上较大工程质量安全事故的，实行一票否决。',
    '每年召开两次联席会议，一年内累计违规两次，取消评优资格。',
    '创建国家级示范区两到三个。',
    '培育两三家试点企业。',
  ])('finds no Chinese-numeral target in: %s', (text) => {
    expect(brief(text)).toEqual([]);
  });

  it('uses the section year only when the target’s own sentence names none', () => {
    expect(brief('合格率达到95%。', '2020')).toEqual(['>=95%@2020']);
    expect(brief('2018年合格率达到95%。', '2020')).toEqual(['>=95%@2018']);
  });

  it('reports text and indicator as written', () => {
    expect(extractTargets('加大抽查力度，确保产品质量监督抽查合格率稳定在94%以上。', null)[0]).toEqual({
      text: '产品质量监督抽查合格率稳定在94%以上',
      indicator: '产品质量监督抽查合格率',
      comparator: '>=',
      value: 94,
      unit: '%',
      by: null,
    });
    expect(extractTargets('确保全市检验检测机构数量不少于五家。', null)[0]).toEqual({
      text: '全市检验检测机构数量不少于五家',
      indicator: '全市检验检测机构数量',
      comparator: '>=',
      value: 5,
      unit: '家',
      by: null,
    });
  });

  it.each([
    ['2019年产品合格率达到90%，2020年达到95%。', '产品合格率', [['2019', 90], ['2020', 95]]],
    ['到2019年，合格率达到90%；到2020年，合格率达到95%。', '合格率', [['2019', 90], ['2020', 95]]],
    ['2024年培育领军企业5家，2025年培育领军企业8家，2026年达到10家。', '培育领军企业', [['2024', 5], ['2025', 8], ['2026', 10]]],
  ])('gives one indicator a value per year as one target with milestones: %s', (text, indicator, milestones) => {
    const [target, ...rest] = extractTargets(text, null);
    expect(rest).toEqual([]);
    const [lastBy, lastValue] = milestones.at(-1)!;
    expect(target).toMatchObject({ indicator, value: lastValue, by: lastBy, milestones: milestones.map(([by, value]) => ({ by, value })) });
  });

  it.each([
    '2019年合格率达到90%，2020年满意度达到95%。',
    '2020年合格率达到90%。2021年合格率达到95%。',
    '到2020年，培育龙头企业5家，合格率达到95%。',
  ])('keeps targets of other indicators, statements or units apart: %s', (text) => {
    expect(extractTargets(text, null).some((t) => t.milestones)).toBe(false);
  });

  it.each([
    ['全年完成检查10次以上。', '完成检查'],
    ['全年新增主导制修订国家标准15项以上。', '新增主导制修订国家标准'],
    ['年内培训人员200人次以上。', '培训人员'],
    ['公共服务质量满意度提高到85分以上。', '公共服务质量满意度'],
    ['合格率达到95%。', '合格率'],
  ])('names what is counted, not when: %s → %s', (text, indicator) => {
    expect(extractTargets(text, null)[0]!.indicator).toBe(indicator);
  });
});

describe('a date in brackets right after a target', () => {
  const targetsOf = (body: string) =>
    parsePlan(`一、重点任务\n（一）提升质量。${body}（市市场监管局负责）`).measures[0]!.targets.map(({ text, value, unit, by }) => ({ text, value, unit, by }));

  it.each([
    ['培育5家（2027年底前完成）。', [{ text: '培育5家', value: 5, unit: '家', by: '2027' }]],
    ['培育龙头企业5家（2027年底前完成）。', [{ text: '培育龙头企业5家', value: 5, unit: '家', by: '2027' }]],
    ['产品合格率达到95%以上（2026年）。', [{ text: '产品合格率达到95%以上', value: 95, unit: '%', by: '2026' }]],
    ['新建3个检测中心（2027年6月底前）。', [{ text: '新建3个检测中心', value: 3, unit: '个', by: '2027-06-30' }]],
    ['新建檢測中心3個（2027年底前完成）。', [{ text: '新建檢測中心3個', value: 3, unit: '個', by: '2027' }]],
  ])('ties the target to it: %s', (body, expected) => {
    expect(targetsOf(body)).toEqual(expected);
  });

  it('ties only its own target, not the ones after it in the sentence', () => {
    expect(targetsOf('到2025年，培育5家（2027年6月底前），新建3个，合格率达到95%以上（2026年）、投诉办结率达到98%。').map((t) => t.by)).toEqual([
      '2027-06-30', '2025', '2026', '2025',
    ]);
  });

  it('wins over the 完成时限 of the measure and the year of its section', () => {
    expect(parsePlan('一、重点任务\n到2025年，质量明显提升。\n（一）提升质量。培育5家（2027年底前完成），新建3个。（市市场监管局负责；完成时限：2028年底前）')
      .measures[0]!.targets.map((t) => t.by)).toEqual(['2027', '2028']);
  });

  it('is no date of a target when the brackets say more than when', () => {
    expect(targetsOf('新建3个（其中2026年完成2个）。').map((t) => [t.value, t.by])).not.toContainEqual([3, '2026']);
  });
});

describe('chineseNumeralValue', () => {
  it.each([
    ['五', 5], ['两', 2], ['兩', 2], ['十', 10], ['十二', 12], ['二十', 20], ['三十五', 35], ['一百零五', 105],
    ['一百二十', 120], ['一千零五十', 1050], ['一万', 10000], ['一萬', 10000], ['一万二千', 12000], ['三十五万', 350000],
    ['两亿', 2e8], ['一亿五千万', 1.5e8], ['〇', 0],
  ])('%s is %d', (text, value) => {
    expect(chineseNumeralValue(text)).toBe(value);
  });

  it.each(['', '十三五', '一一', '两三', '十十', '十百', '万', '五大'])('%s is not one number', (text) => {
    expect(chineseNumeralValue(text)).toBeNaN();
  });
});

describe('extractDeadlines', () => {
  it.each([
    ['各有关单位要于2013年7月15日和2014年1月15日前报送。', ['2013-07-15', '2014-01-15']],
    ['2019年6月底前完成清理。', ['2019-06-30']],
    ['2020年底前全面完成。', ['2020-12-31']],
    ['时限要求：2021年3月', ['2021-03-31']],
    ['完成时限：2019年12月31日', ['2019-12-31']],
    ['时限要求：长期坚持', []],
    ['完成年限：2026年6月底', ['2026-06-30']],
    ['完成年限：2026年', ['2026-12-31']],
    ['完成时限：2027年上半年', ['2027-06-30']],
    ['时间节点：2027年第三季度', ['2027-09-30']],
    ['完成时限：2027年二季度末', ['2027-06-30']],
    ['完成时限：2027年下半年', ['2027-12-31']],
    ['2027年一季度前完成清理。', ['2027-03-31']],
    ['2013年上半年质量发展目标完成情况', []],
    ['到2020年，合格率达到95%。', []],
  ])('%s', (text, dates) => {
    expect(extractDeadlines(text)).toEqual(dates);
  });
});
