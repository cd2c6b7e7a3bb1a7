import { fill, type TLocale, type TParam, type TText } from '../lib/text';

/**
 * Every sentence the charts draw, Chinese first, in one place: a chart is drawn in its reader's language (a page's;
 * the html report is Chinese). Values are filled in as lib/text fills any sentence.
 */
export const CHART_TEXTS = {
  ranking: { zh: '单位考核得分排名', en: 'Units ranked by assessment score' },
  onTime: { zh: '单位按期完成率排名（%）', en: 'Units ranked by on-time rate (%)' },
  colours: { zh: '措施红黄绿灯变化', en: 'Measures by colour over time' },
  attainment: { zh: '指标完成情况', en: 'Indicator attainment' },
  attainmentSome: { zh: '指标完成情况（前{shown}项，共{total}项）', en: 'Indicator attainment (first {shown} of {total})' },
  measureCount: { zh: '措施数', en: 'Measures' },
  otherClass: { zh: '其他', en: 'Other' },
  baseline: { zh: '基线 {value}（灰点线）', en: 'baseline {value} (dotted)' },
  target: { zh: '目标 {value}（红虚线{by}）', en: 'target {value} (dashed{by})' },
  targetBy: { zh: '，{by}', en: ', {by}' },
  latest: { zh: '最新 {value}（{period}）', en: 'latest {value} ({period})' },
  noValue: { zh: '尚无报送值', en: 'no value reported yet' },
  date: { zh: '{month}月{day}日', en: '{month}/{day}' },
  dateWithYear: { zh: '{year}年{month}月{day}日', en: '{year}/{month}/{day}' },
  unitInName: { zh: '（{unit}）', en: ' ({unit})' },
} as const satisfies Record<string, TText>;

/** A chart's sentence in its reader's language. */
export const chartSay = (locale: TLocale, key: keyof typeof CHART_TEXTS, params?: Readonly<Record<string, TParam>>): string => fill(CHART_TEXTS[key][locale], params, locale);
