import { shanghaiTime } from '../calendar/working-days';
import { periodLabel } from '../domain/schedule';
import { LEVEL_NAMES, ROLE_NAMES } from '../scoring/rubric';
import { tableOf, type TCell, type TField, type TTable } from './plain-table';
import { statisticsTables } from './statistics-tables';
import type { TPeriodOutcome, TScoringEscalation, TScoringReport } from '../scoring/types';
import {
  COLOUR_NAMES,
  COMPONENT_LABELS,
  MEASURE_STATUS_NAMES,
  ORDER_NOTES,
  REPORT_STATUS_NAMES,
  dateText,
  groupBy,
  noticeList,
  unitStandings,
  type TReport,
  type TUnitStanding,
} from './report-model';

export type { TCell, TColumn, TTable } from './plain-table';

/**
 * The five views every format shows, as plain tables: 单位排名 (league table with grades), 措施 (with 红/黄/绿),
 * 单位明细 (each unit's breakdown, line by line), 台账 (every measure with its reports and escalations) and 通报 (units
 * with the most overdue items). Built once; CSV, xlsx and HTML only lay them out.
 */
export function reportTables(report: TReport): TTable[] {
  const standings = unitStandings(report);
  return [
    leagueTable(standings),
    measuresTable(report),
    detailsTable(report, standings),
    ledgerTable(report),
    noticeTable(standings),
    ...statisticsTables(report),
  ];
}

/** What the league table and the notice count for each unit: its late items and how often it was chased. */
const UNIT_COUNT_FIELDS: TField<TUnitStanding>[] = [
  [{ header: '逾期未报', width: 9, kind: 'number' }, (u) => u.overdue],
  [{ header: '逾期报送', width: 9, kind: 'number' }, (u) => u.late],
  [{ header: '被催办', width: 8, kind: 'number' }, (u) => u.urge],
  [{ header: '被督办', width: 8, kind: 'number' }, (u) => u.supervise],
  [{ header: '提请协调', width: 9, kind: 'number' }, (u) => u.coordinator],
];

function leagueTable(standings: TUnitStanding[]): TTable {
  return tableOf(
    { key: 'league', title: '单位排名', note: ORDER_NOTES.league },
    [
      [{ header: '排名', width: 6, kind: 'number' }, (u) => u.rank],
      [{ header: '单位', width: 24 }, (u) => u.name],
      [{ header: '得分', width: 8, kind: 'score' }, (u) => u.points],
      [{ header: '等级', width: 8, kind: 'grade', nowrap: true }, (u) => u.grade],
      [{ header: '牵头措施', width: 9, kind: 'number' }, (u) => u.leads],
      [{ header: '配合措施', width: 9, kind: 'number' }, (u) => u.cooperates],
      ...UNIT_COUNT_FIELDS,
    ],
    standings,
  );
}

function measuresTable(report: TReport): TTable {
  const scores = new Map(report.scores.measures.map((m) => [m.subjectId, m]));
  const names = new Map(report.input.units.map((u) => [u.id, u.name]));
  const byMeasure = groupBy(report.input.assignments, (a) => a.measureId);
  const seqOf = (id: string) => report.measureState.get(id)?.seq ?? 0;
  const live = report.input.measures.map((m) => {
    const score = scores.get(m.id);
    const state = report.measureState.get(m.id);
    const own = byMeasure.get(m.id) ?? [];
    const unitsIn = (role: string) => own.filter((a) => a.role === role).map((a) => names.get(a.unitId) ?? a.unitId).join('、');
    const row: TCell[] = [
      m.ref,
      m.title,
      score?.weight ?? m.weight,
      unitsIn('lead') || '（未分派）',
      unitsIn('cooperating'),
      dateText(m.due),
      state ? MEASURE_STATUS_NAMES[state.status] : '',
      state ? COLOUR_NAMES[state.colour] : '',
      score?.points ?? null,
      score?.grade ?? '未评分',
    ];
    return { seq: seqOf(m.id), row };
  });
  // A withdrawn measure keeps its place in the plan's order, marked as not assessed rather than silently missing.
  const withdrawn = report.cancelled.map((m) => ({
    seq: m.seq,
    row: [m.ref, m.title, null, '', '', dateText(m.due), MEASURE_STATUS_NAMES.cancelled, '', null, '不考核'] as TCell[],
  }));
  return {
    key: 'measures',
    title: '措施',
    note: report.cancelled.length ? `${ORDER_NOTES.measures}；已取消的措施不纳入考核，列出备查` : ORDER_NOTES.measures,
    columns: [
      { header: '序号', width: 10, nowrap: true },
      { header: '措施', width: 40 },
      { header: '权重', width: 6, kind: 'number' },
      { header: '牵头单位', width: 24 },
      { header: '配合单位', width: 32 },
      { header: '期限', width: 12, nowrap: true },
      { header: '状态', width: 8, nowrap: true },
      { header: '颜色', width: 6, kind: 'colour' },
      { header: '得分', width: 8, kind: 'score' },
      { header: '等级', width: 8, kind: 'grade', nowrap: true },
    ],
    rows: [...live, ...withdrawn].sort((a, b) => a.seq - b.seq).map((r) => r.row),
  };
}

function detailsTable(report: TReport, standings: TUnitStanding[]): TTable {
  const measures = new Map(report.input.measures.map((m) => [m.id, m]));
  const byUnit = groupBy(report.scores.assignments, (a) => a.unitId);
  const unitLines = new Map(
    report.scores.units.flatMap((u) => u.breakdown.flatMap((l) => (l.event?.kind === 'assignment' ? [[l.event.assignmentId, l] as const] : []))),
  );
  const rows: TCell[][] = [];
  for (const u of standings) {
    for (const a of byUnit.get(u.unitId) ?? []) {
      const m = measures.get(a.measureId)!;
      const measure = `${m.ref} ${m.title}`;
      for (const line of a.breakdown) {
        // A deduction has no maximum of its own: a 0 there reads as "full marks 0", so the cell stays empty.
        const max = line.component === 'deduction' ? null : line.max;
        rows.push([u.name, measure, ROLE_NAMES[a.role], a.points, COMPONENT_LABELS[line.component], line.points, max, line.explanation]);
      }
      // How this item's score counts towards the unit's: the lines that add up to the 单位排名 figure.
      const share = unitLines.get(a.subjectId);
      if (share) rows.push([u.name, measure, ROLE_NAMES[a.role], a.points, '计入单位得分', share.points, share.max, share.explanation]);
    }
  }
  return {
    key: 'details',
    title: '单位明细',
    note: `${ORDER_NOTES.details}；“计入单位得分”各行相加即为该单位在单位排名中的得分`,
    columns: [
      { header: '单位', width: 22 },
      { header: '措施', width: 32 },
      { header: '角色', width: 6, nowrap: true },
      { header: '事项得分', width: 9, kind: 'score' },
      { header: '项目', width: 13, nowrap: true },
      { header: '得分', width: 8, kind: 'score' },
      { header: '满分', width: 8, kind: 'score' },
      { header: '说明', width: 90 },
    ],
    rows,
  };
}

function ledgerTable(report: TReport): TTable {
  const names = new Map(report.input.units.map((u) => [u.id, u.name]));
  const reports = groupBy(report.input.reports, (r) => r.assignmentId);
  const reportsById = new Map(report.input.reports.map((r) => [r.id, r]));
  const escalations = groupBy(report.input.escalations, (e) => e.assignmentId);
  const scored = new Map(report.scores.assignments.map((a) => [a.subjectId, a]));
  const byMeasure = groupBy(report.input.assignments, (a) => a.measureId);
  const rows: TCell[][] = [];
  for (const m of report.input.measures) {
    const own = byMeasure.get(m.id) ?? [];
    if (own.length === 0) {
      rows.push([m.ref, m.title, '（未分派）', '', '', dateText(m.due), '', '', '', null, '', '']);
      continue;
    }
    for (const a of own) {
      const unit = names.get(a.unitId) ?? a.unitId;
      const role = ROLE_NAMES[a.role];
      const mine = reports.get(a.id) ?? [];
      const escalated = escalations.get(a.id) ?? [];
      const shown = new Set<string>();
      for (const p of scored.get(a.id)?.periods ?? []) {
        const r = p.reportId ? reportsById.get(p.reportId) : undefined;
        if (r) shown.add(r.id);
        rows.push([m.ref, m.title, unit, role, periodLabel(p.period), dateText(p.dueAt) + (p.extended ? '（延期）' : ''), ...reportCells(r, p, report), escalationText(escalated, p.period)]);
      }
      // Corrections and reports for unscheduled periods are part of the record too.
      for (const r of mine) {
        if (shown.has(r.id)) continue;
        rows.push([m.ref, m.title, unit, role, periodLabel(r.period), '', ...reportCells(r, null, report), '']);
      }
    }
  }
  return {
    key: 'ledger',
    title: '台账',
    note: ORDER_NOTES.ledger,
    columns: [
      { header: '序号', width: 10, nowrap: true },
      { header: '措施', width: 28 },
      { header: '单位', width: 22 },
      { header: '角色', width: 6, nowrap: true },
      { header: '期次', width: 16, nowrap: true },
      { header: '期限', width: 16, nowrap: true },
      { header: '报送时间', width: 17, nowrap: true },
      { header: '报送情况', width: 22 },
      { header: '状态', width: 8, nowrap: true },
      { header: '进度(%)', width: 8, kind: 'number' },
      { header: '工作进展', width: 50 },
      { header: '催办督办', width: 44 },
    ],
    rows,
  };
}

function reportCells(r: TScoringReport | undefined, p: TPeriodOutcome | null, report: TReport): TCell[] {
  const situation = !p
    ? '补充报送'
    : p.state === 'on_time'
      ? '按时报送'
      : p.state === 'late'
        ? `逾期 ${p.workingDaysLate} 个工作日报送`
        : p.state === 'overdue'
          ? `逾期未报（${p.workingDaysLate} 个工作日）`
          : '未到期';
  if (!r) return ['', situation, '', null, ''];
  return [shanghaiTime(r.submittedAt), situation, REPORT_STATUS_NAMES[r.status], r.percent, report.narratives.get(r.id) ?? ''];
}

function escalationText(escalations: TScoringEscalation[], period: string): string {
  return escalations
    .filter((e) => e.period === period)
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
    .map((e) => `${LEVEL_NAMES[e.level]} ${shanghaiTime(e.sentAt)}（逾期 ${e.workingDaysLate} 个工作日）`)
    .join('；');
}

function noticeTable(standings: TUnitStanding[]): TTable {
  const listed = noticeList(standings).map((u, i) => ({ ...u, position: i + 1 }));
  return tableOf<TUnitStanding & { position: number }>(
    { key: 'notice', title: '通报', note: ORDER_NOTES.notice },
    [
      [{ header: '序', width: 5, kind: 'number' }, (u) => u.position],
      [{ header: '单位', width: 24 }, (u) => u.name],
      [{ header: '逾期事项', width: 9, kind: 'number' }, (u) => u.overdue + u.late],
      ...UNIT_COUNT_FIELDS,
      [{ header: '涉及措施', width: 40 }, (u) => u.overdueMeasures.join('、')],
    ],
    listed,
  );
}
