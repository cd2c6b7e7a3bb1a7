import type { TText } from '../lib/text';
import { shanghaiDate } from '../calendar/working-days';
import { EXTRA_NAMES, type TRubric } from '../scoring/rubric';
import type { TColourPoint } from './colour-history';
import type { TIndicatorRow } from './indicator-table';
import type { TPlanStatistics } from './statistics';
import type { TAssignmentScore, TPlanHeader, TScoreSet, TScoringInput } from '../scoring/types';

export type TColour = 'green' | 'yellow' | 'red';
export type TMeasureStatus = 'draft' | 'active' | 'done' | 'cancelled';

/**
 * What every report format is rendered from: the computed scores and the facts they were computed from, plus what
 * the 台账 shows beyond scoring (each measure's colour and status as the workflows last recorded them, the narrative
 * of each report). Renderers are pure functions of this, so all formats agree.
 */
export type TReport = {
  plan: TPlanHeader;
  /**
   * What the report assesses: one year of the plan's period, or the whole period (year null); `original` is the plan's
   * own period when its launch moved it (re-based, or launched as is past its end), else null.
   */
  assessed: { year: number | null; from: string; to: string; original: { from: string; to: string } | null };
  asOf: Date;
  /** The rubric the scores were computed with: its grade bands are printed beside the scores they explain. */
  rubric: TRubric;
  scores: TScoreSet;
  input: TScoringInput;
  measureState: ReadonlyMap<string, { colour: TColour; status: TMeasureStatus; seq: number }>;
  /** Measures withdrawn from the plan: not assessed, but a filed report still names them so none silently vanishes. */
  cancelled: TCancelledMeasure[];
  narratives: ReadonlyMap<string, string>;
  /** The indicator table (指标台账) as of asOf. */
  indicators: TIndicatorRow[];
  /** 按期完成率 and the other statistics, per plan, unit and period. */
  statistics: TPlanStatistics;
  /** Measures by colour over time, for the colour chart. */
  colours: TColourPoint[];
};

export type TCancelledMeasure = { id: string; ref: string; title: string; due: Date; seq: number };

/** The colours' names, Chinese first (charts draw them in their reader's language). */
export const COLOUR_TEXTS: Record<TColour, TText> = { green: { zh: '绿', en: 'green' }, yellow: { zh: '黄', en: 'yellow' }, red: { zh: '红', en: 'red' } };
export const COLOUR_NAMES: Record<TColour, string> = { green: COLOUR_TEXTS.green.zh, yellow: COLOUR_TEXTS.yellow.zh, red: COLOUR_TEXTS.red.zh };
export const MEASURE_STATUS_NAMES: Record<TMeasureStatus, string> = { draft: '待启动', active: '推进中', done: '已完成', cancelled: '已取消' };
export const REPORT_STATUS_NAMES = { not_started: '未开始', in_progress: '推进中', done: '已完成', blocked: '受阻' } as const;
export const COMPONENT_LABELS = {
  completion: '完成情况',
  timeliness: '报送及时性',
  targets: '目标达成',
  deduction: '扣分',
  assignment: '责任事项',
  measure: '措施',
  ...EXTRA_NAMES,
} as const;

export type TUnitStanding = {
  rank: number;
  unitId: string;
  name: string;
  points: number;
  maxPoints: number;
  grade: string;
  leads: number;
  cooperates: number;
  /** Required reports past due and still missing at asOf. */
  overdue: number;
  /** Reports that came in after their due date. */
  late: number;
  urge: number;
  supervise: number;
  coordinator: number;
  /** Refs of the measures with an overdue or late report. */
  overdueMeasures: string[];
};

/** The league table: units by score, ranked (see `ranked`). */
export function unitStandings(report: TReport): TUnitStanding[] {
  const names = new Map(report.input.units.map((u) => [u.id, u.name]));
  const refs = new Map(report.input.measures.map((m) => [m.id, m.ref]));
  const byUnit = groupBy(report.scores.assignments, (a) => a.unitId);
  const rows = report.scores.units.map((u) => {
    const own = byUnit.get(u.subjectId) ?? [];
    const count = (pred: (a: TAssignmentScore) => number) => own.reduce((s, a) => s + pred(a), 0);
    const overdueMeasures = own.filter((a) => a.periods.some((p) => p.state === 'overdue' || p.state === 'late')).map((a) => refs.get(a.measureId) ?? a.measureId);
    return {
      rank: 0,
      unitId: u.subjectId,
      name: names.get(u.subjectId) ?? u.subjectId,
      points: u.points,
      maxPoints: u.maxPoints,
      grade: u.grade,
      leads: own.filter((a) => a.role === 'lead').length,
      cooperates: own.filter((a) => a.role === 'cooperating').length,
      overdue: count((a) => a.periods.filter((p) => p.state === 'overdue').length),
      late: count((a) => a.periods.filter((p) => p.state === 'late').length),
      urge: count((a) => a.escalations.urge),
      supervise: count((a) => a.escalations.supervise),
      coordinator: count((a) => a.escalations.coordinator),
      overdueMeasures,
    };
  });
  return ranked(rows, (r) => r.points);
}

/**
 * Highest first; equal scores share a rank (1, 1, 3) and are listed by name so the order never depends on the
 * database's. The league table, the ranking chart and the 通报 rank this way.
 */
export function ranked<T extends { name: string }>(rows: readonly T[], points: (row: T) => number): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => points(b) - points(a) || a.name.localeCompare(b.name, 'zh-CN'));
  const out: (T & { rank: number })[] = [];
  sorted.forEach((r, i) => out.push({ ...r, rank: i > 0 && points(sorted[i - 1]!) === points(r) ? out[i - 1]!.rank : i + 1 }));
  return out;
}

/** The 通报: units with overdue items, the most first (still missing weighs before merely late). */
export function noticeList(standings: TUnitStanding[]): TUnitStanding[] {
  return standings
    .filter((u) => u.overdue + u.late > 0)
    .sort((a, b) => b.overdue + b.late - (a.overdue + a.late) || b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN'));
}

/** How units are listed in the league table, the breakdown and the 通报 — printed with them, so nobody has to guess. */
export const ORDER_NOTES = {
  league: '按得分从高到低排列；得分相同者名次并列，按单位名称排序',
  measures: '按计划原文顺序排列',
  details: '单位按单位排名顺序，每个单位下按措施顺序逐项列出得分与扣分',
  ledger: '按计划原文顺序排列，每项措施下先牵头单位、后配合单位',
  notice: '按逾期事项数从多到少排列（逾期未报多者在前）',
} as const;

/** Scores print with two decimals everywhere (89.10, not 89.1 beside 81.17), as the grades are judged on hundredths. */
export const SCORE_DECIMALS = 2;
export const scoreText = (points: number) => points.toFixed(SCORE_DECIMALS);

/** 优秀 ≥90 分，良好 ≥80 分…: the rubric's bands, as the report prints them. */
export function gradeBandsText(report: TReport): string {
  const max = report.scores.plan.maxPoints;
  const bands = [...report.rubric.grades].sort((a, b) => b.min - a.min);
  return bands
    .map((b, i) =>
      b.min > 0 ? `${b.grade} ≥${formatPlain((b.min / 100) * max)} 分` : i > 0 ? `${b.grade} <${formatPlain((bands[i - 1]!.min / 100) * max)} 分` : b.grade,
    )
    .join('，');
}

const formatPlain = (n: number) => String(Math.round(n * 100) / 100);

/**
 * A caveat a reader needs before trusting a grade: a plan with nothing due yet scores its completion and targets at
 * 0 while timeliness stands full, which grades every unit 不合格 before anyone could have reported.
 */
export function scoreCaveat(report: TReport): string | null {
  if (report.input.assignments.length === 0) return '本计划尚无已分派的措施，暂不计分。';
  const due = report.scores.assignments.some((a) => a.periods.some((p) => p.state !== 'not_due'));
  if (!due) return '截至评分日尚无到期的报送节点，完成情况与目标达成尚未计分，以上得分和等级为过程性结果，仅供参考。';
  return null;
}

/** What the report assesses, as it heads it: 2026年度, or 实施期全程（2018-12-29 至 2020-12-31）. */
export function assessedText(report: TReport): string {
  const { year, from, to, original } = report.assessed;
  return year === null ? `实施期全程（${from} 至 ${to}${original ? `，原定 ${original.from} 至 ${original.to}` : ''}）` : `${year}年度`;
}

/** The Shanghai calendar date of an instant, as every report prints dates. */
export const dateText = (d: Date) => shanghaiDate(d);

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
