import { describe, expect, it } from 'vitest';
import { extractDeadlines } from '../../../parser/dates';
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
  ])('finds no target in: %s', (text) => {
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
    ['2013年上半年质量发展目标完成情况', []],
    ['到2020年，合格率达到95%。', []],
  ])('%s', (text, dates) => {
    expect(extractDeadlines(text)).toEqual(dates);
  });
});
