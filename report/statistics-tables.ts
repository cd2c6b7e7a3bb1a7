import { periodLabel } from '../domain/schedule';
import { COMPARATOR_SIGNS } from '../scoring/target-attainment';
import { TREND_NAMES, type TIndicatorRow } from './indicator-table';
import type { TReport } from './report-model';
import { rateText, STATISTIC_DEFINITIONS, type TStatistics } from './statistics';
import { tableOf, type TTable } from './plain-table';
import { numberText } from './chart-svg';

export const STATISTICS_ORDER_NOTES = {
  statistics: '先全计划，再按单位名称，再按报送期截止先后；比率后括号内为分子/分母，口径见“统计口径”',
  definitions: '每项统计的公式及分子、分母的计数口径',
  indicators: '按措施顺序、每项指标下先牵头单位；报送值经办公室更正的，注明原报值和理由',
} as const;

/** 统计, 统计口径 and 指标: the statistics and the indicator table as plain tables, for every report format. */
export function statisticsTables(report: TReport): TTable[] {
  const s = report.statistics;
  const d = STATISTIC_DEFINITIONS;
  const scope = (name: string, x: TStatistics): [string, TStatistics] => [name, x];
  const scopes = [scope('全计划', s.plan), ...s.units.map((u) => scope(u.name, u)), ...s.periods.map((p) => scope(periodLabel(p.period), p))];
  return [
    tableOf(
      { key: 'statistics', title: '统计', note: STATISTICS_ORDER_NOTES.statistics },
      [
        [{ header: '范围', width: 24 }, ([scope]) => scope],
        [{ header: d.onTimeRate.name, width: 14, nowrap: true }, ([, x]) => rateText(x.onTimeRate)],
        [{ header: d.overdueRate.name, width: 14, nowrap: true }, ([, x]) => rateText(x.overdueRate)],
        [{ header: d.returnRate.name, width: 14, nowrap: true }, ([, x]) => rateText(x.returnRate)],
        [
          { header: `${d.daysToDone.name}（工作日）`, width: 16, nowrap: true },
          ([, x]) => (x.daysToDone.value === null ? `—（0项）` : `${x.daysToDone.value}（${x.daysToDone.count}项）`),
        ],
        [{ header: d.escalations.name, width: 9, kind: 'number' }, ([, x]) => x.escalations.total],
        [{ header: '每单位督办次数', width: 12, nowrap: true }, ([, x]) => (x.escalations.perUnit === null ? '—' : numberText(x.escalations.perUnit))],
        [{ header: d.attainment.name, width: 14, nowrap: true }, ([, x]) => rateText(x.attainment)],
      ],
      scopes,
    ),
    tableOf(
      { key: 'definitions', title: '统计口径', note: STATISTICS_ORDER_NOTES.definitions },
      [
        [{ header: '统计项', width: 14, nowrap: true }, (x) => x.name],
        [{ header: '公式', width: 40 }, (x) => x.formula],
        [{ header: '计数口径', width: 70 }, (x) => x.counts],
      ],
      Object.values(d),
    ),
    tableOf<TIndicatorRow>(
      { key: 'indicators', title: '指标', note: STATISTICS_ORDER_NOTES.indicators },
      [
        [{ header: '措施', width: 10, nowrap: true }, (r) => r.measureRef],
        [{ header: '指标', width: 22 }, (r) => `${r.indicator}（${r.unit}）`],
        [{ header: '责任单位', width: 18 }, (r) => r.unitName],
        [{ header: '基线', width: 9 }, (r) => (r.baseline === null ? '未给出' : numberText(r.baseline))],
        [{ header: '目标', width: 12, nowrap: true }, (r) => `${COMPARATOR_SIGNS[r.comparator]}${numberText(r.target)}${r.areaTarget ? '（本地区）' : ''}`],
        [{ header: '目标年份', width: 14 }, (r) => r.targetBy],
        [{ header: '各期报送值', width: 40 }, valuesText],
        [{ header: '最新值', width: 10, kind: 'number' }, (r) => r.latest?.value ?? null],
        [{ header: '达标', width: 6, nowrap: true }, (r) => (r.attainment === null ? '' : r.attainment.met ? '是' : '否')],
        [{ header: '完成程度', width: 9, nowrap: true }, (r) => (r.attainment === null ? '' : `${numberText(r.attainment.ratio * 100)}%`)],
        [{ header: '趋势', width: 10, nowrap: true }, trendText],
      ],
      report.indicators,
    ),
  ];
}

/** 2026年7月15日节点 40；2026年12月31日节点 81（更正，原报 78：统计局核定数为81%）. */
export function valuesText(r: TIndicatorRow): string {
  const reported = r.values.filter((v) => v.value !== null);
  if (!reported.length) return '尚未报送';
  return reported
    .map((v) => `${periodLabel(v.period)} ${numberText(v.value!)}${v.correction ? `（更正，原报 ${v.reported === null ? '无' : numberText(v.reported)}：${v.correction.reason}）` : ''}`)
    .join('；');
}

export function trendText(r: TIndicatorRow): string {
  if (!r.trend) return '';
  const better = r.trend.better === null ? '' : r.trend.better ? '（向好）' : '（变差）';
  return `${TREND_NAMES[r.trend.direction]}${better}`;
}
