import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import { measureDue, monthDuesIn, namedDues, planPeriod, reachedDeadlines } from '../../../parser/plan-period';
import { reportingIn } from '../../../parser/reporting';
import { extractTargets } from '../../../parser/targets';
import { sharedPlansDir } from './fixtures';

describe('namedDues: the dates a text names as due or to be reached, with their words', () => {
  it.each([
    ['到2020年，供给质量明显改善。', [['2020-12-31', '到2020年']]],
    ['力争到2025年底建成。', [['2025-12-31', '力争到2025年底']]],
    ['2019年6月底前完成清理，2020年底前全面完成。', [['2019-06-30', '2019年6月底前'], ['2020-12-31', '2020年底前']]],
    ['各学校于2022年年底前配备到位。', [['2022-12-31', '2022年年底前']]],
    ['于2013年7月15日和2014年1月15日前报送。', [['2014-01-15', '2014年1月15日前']]],
    ['2027年上半年前完成。', [['2027-06-30', '2027年上半年前']]],
    ['完成时限：2026年', [['2026-12-31', '2026年']]],
    ['2012年起5年内，实施六大人才行动计划。', [['2016-12-31', '2012年起5年']]],
  ])('%s', (text, expected) => {
    expect(namedDues(text).map((d) => [d.date, d.text])).toEqual(expected);
  });

  it.each([
    'PM2.5年均浓度较2015年下降13%。',
    '2016年以来，全市质量水平稳步提升。',
    '认真贯彻《质量发展纲要（2011-2020年）》。',
    '2016年6月召开推进会。',
    '自2022年秋季学期开始，将艺术类科目纳入中考。',
  ])('names none in: %s', (text) => {
    expect(namedDues(text)).toEqual([]);
  });
});

describe('measureDue: the latest date a measure names for itself', () => {
  it.each([
    ['2019年6月底前完成清理，2020年底前全面完成。', '2020-12-31', '2020年底前'],
    ['开展检查。（牵头单位：市质监局；完成时限：2026年6月底前）', '2026-06-30', '2026年6月底前'],
    ['2019年产品合格率达到90%，2020年达到95%。', '2020-12-31', '产品合格率达到90%，2020年达到95%'],
  ])('%s', (text, date, words) => {
    expect(measureDue(text, extractTargets(text, null))).toEqual({ date, text: words });
  });

  it('reads a target tied to its section’s year', () => {
    expect(measureDue('培育领军企业5家。', extractTargets('培育领军企业5家。', '2020'))).toEqual({ date: '2020-12-31', text: '培育领军企业5家' });
  });

  it('is null for a measure that names no date', () => {
    expect(measureDue('加强组织领导。', [])).toBeNull();
  });

  it('reads a month without its year in a plan for one year', () => {
    expect(measureDue('完成适老化改造。（5月底取得阶段性成效，牵头考核单位：市审批服务局）', [], 2022)).toEqual({ date: '2022-05-31', text: '5月底' });
  });
});

describe('monthDuesIn and reachedDeadlines', () => {
  it.each([
    ['（6月底完成，牵头考核单位：市工信局）', ['2022-06-30']],
    ['（12月取得明显成效并持续推进）', ['2022-12-31']],
    ['7月底前完成项目前期手续。10月底完善平台各项功能。', ['2022-07-31', '2022-10-31']],
    ['加快改造，年底前完成全部改造任务。', ['2022-12-31']],
    ['请于每月5日前报送进展。', []],
    ['2022年6月底前完成。', []],
  ])('in a plan for 2022: %s', (text, dates) => {
    expect(monthDuesIn(text, 2022).map((d) => d.date)).toEqual(dates);
  });

  it.each([
    ['到2021年年底，各级教研机构配齐所有学科专职教研员。', ['2021-12-31']],
    ['到2020年，装备制造业产品质量合格率稳定在93%以上。', []],
    ['到2025年，应用型高校科技成果转化率超过1/3。', []],
  ])('a date reached with no level set is a deadline: %s', (text, dates) => {
    expect(reachedDeadlines(text, extractTargets(text, null))).toEqual(dates);
  });
});

describe('planPeriod: from the date of issue to the end of the latest year the plan names', () => {
  const issued = { issuedOn: '2018-12-29', issuedText: '2018年12月29日', title: '关于开展质量提升行动的实施意见' };

  it('ends with the latest year named, where it is first named', () => {
    expect(
      planPeriod({
        ...issued,
        dues: [
          { date: '2019-06-30', text: '2019年6月底前', ref: '二/(一)' },
          { date: '2020-12-31', text: '到2020年', ref: '一/(三)' },
          { date: '2020-12-31', text: '培育领军企业5家', ref: '三/(十一)' },
        ],
      }),
    ).toEqual({
      period: {
        from: { date: '2018-12-29', text: '2018年12月29日', ref: null },
        to: { date: '2020-12-31', text: '到2020年', ref: '一/(三)', kind: 'named' },
      },
      warnings: [],
    });
  });

  it.each([
    ['安徽省工业互联网创新发展行动计划（2021-2023年）', '2023-12-31', '2021-2023年'],
    ['山东省“十四五”教育事业发展规划', '2025-12-31', '“十四五”'],
  ])('takes the span a title names, whatever vision year the goals look to: %s', (title, date, words) => {
    const { period } = planPeriod({ ...issued, issuedOn: '2021-09-02', title, dues: [{ date: '2035-12-31', text: '到2035年', ref: '一' }] });
    expect(period!.to).toEqual({ date, text: words, ref: null, kind: 'title' });
  });

  it('takes the one year a title names when no later year is named', () => {
    const { period, warnings } = planPeriod({ issuedOn: '2013-05-23', issuedText: '2013年5月23日', title: '2013年行动计划', dues: [] });
    expect(period!.to).toEqual({ date: '2013-12-31', text: '2013年', ref: null, kind: 'title' });
    expect(warnings).toEqual([]);
  });

  it('falls back to the end of the issue year, with a warning, when the plan names no year', () => {
    const { period, warnings } = planPeriod({ ...issued, dues: [] });
    expect(period!.to).toEqual({ date: '2018-12-31', text: '2018年12月29日', ref: null, kind: 'issue-year' });
    expect(warnings.map((w) => w.code)).toEqual(['PERIOD_UNREAD']);
  });

  it('never ends before the end of its issue year', () => {
    const { period } = planPeriod({ ...issued, dues: [{ date: '2017-12-31', text: '2017年底前', ref: '一' }] });
    expect(period!.to.date).toBe('2018-12-31');
  });

  it('is null, with a warning, when the plan names neither a year nor its date', () => {
    expect(planPeriod({ issuedOn: null, issuedText: null, title: '关于推进数据专区建设的指导意见', dues: [] })).toEqual({
      period: null,
      warnings: [{ code: 'PERIOD_UNREAD', message: '计划未写明实施期限，也未写明发文日期', ref: null }],
    });
  });
});

describe('reportingIn: a schedule the plan itself names', () => {
  it.each([
    ['各有关单位要于7月15日和1月15日前将进展情况报送市质量办', { cadence: 'dates', dates: [{ month: 7, day: 15 }, { month: 1, day: 15 }], day: null }],
    ['于2019年6月底和12月底前报送进展情况', { cadence: 'dates', dates: [{ month: 6, day: 30 }, { month: 12, day: 31 }], day: null }],
    ['各责任单位每季度结束后10日内向区政府督查室报告工作进展', { cadence: 'quarterly', dates: [], day: 10 }],
    ['各单位每季度末报送一次进展', { cadence: 'quarterly', dates: [], day: null }],
    ['请于每月5日前上报上月工作进展情况', { cadence: 'monthly', dates: [], day: 5 }],
    ['每半年向市政府报告一次落实情况', { cadence: 'half-yearly', dates: [], day: null }],
    ['每年12月底前将全年工作总结报送领导小组办公室', { cadence: 'yearly', dates: [{ month: 12, day: 31 }], day: null }],
  ])('%s', (sentence, schedule) => {
    expect(reportingIn(sentence)).toEqual(schedule);
  });

  it.each(['完善质量状况分析报告制度', '每季度召开一次联席会议', '建立工作报告制度，每半年考评一次', '2020年底前全面完成'])('finds none in: %s', (sentence) => {
    expect(reportingIn(sentence)).toBeNull();
  });
});

describe('the parsed plan carries its period, its reporting schedule and each measure’s latest date', () => {
  it('reads the shared 宝坻 plan as running from its issue to the end of 2020', () => {
    const plan = parsePlan(readFileSync(`${sharedPlansDir}000_08e948cdccb5297d.txt`, 'utf8'));
    expect(plan.period).toEqual({
      from: { date: '2018-12-29', text: '2018年12月29日', ref: null },
      to: { date: '2020-12-31', text: '到2020年', ref: '一', kind: 'named' },
    });
    expect(plan.measures.find((m) => m.ref === '二/(三)')!.due).toEqual({ date: '2020-12-31', text: '到2020年' });
  });

  it('reads the 2013 天津 plan’s reporting dates as its schedule, not as the end of its period', () => {
    const plan = parsePlan(readFileSync(`${sharedPlansDir}001_6c27a65b96c45f16.txt`, 'utf8'));
    expect(plan.period!.to.date).toBe('2013-12-31');
    expect(plan.reporting).toMatchObject([{ cadence: 'dates', dates: [{ month: 7, day: 15 }, { month: 1, day: 15 }], ref: '七/(二十一)' }]);
    expect(plan.reporting[0]!.text).toMatch(/^各有關單位要于2013年7月15日和2014年1月15日前/);
  });

  it('dates a one-year plan’s months, and finds a schedule in its covering notice', () => {
    const plan = parsePlan(
      [
        '某某市人民政府办公室关于印发某某市2022年数字政府建设工作要点的通知',
        '请各单位于每季度结束后10日内将进展情况报送市政府办公室。',
        '某某市人民政府办公室',
        '2022年4月14日',
        '某某市2022年数字政府建设工作要点',
        '一、重点任务',
        '1．推进政务服务事项全程网办。（5月底取得阶段性成效，牵头单位：市审批服务局）',
        '2．建设城市大脑。（持续推进，牵头单位：市工信局）',
      ].join('\n'),
    );
    expect(plan.period!.to).toMatchObject({ date: '2022-12-31', kind: 'title' });
    expect(plan.measures.map((m) => [m.deadlines, m.due?.date ?? null])).toEqual([
      [['2022-05-31'], '2022-05-31'],
      [[], null],
    ]);
    expect(plan.reporting).toMatchObject([{ cadence: 'quarterly', day: 10, ref: null }]);
  });
});
