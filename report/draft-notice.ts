import { periodLabel, type TPeriod } from '../domain/schedule';
import { ZNoticeSchema, noticeDateText, type TNotice, type TNoticeUnit } from './notice-model';
import { dateText, unitStandings, type TReport, type TUnitStanding } from './report-model';

/**
 * What a 通报 covers: a reporting period, a year, or — when nothing has closed yet — the year so far. `closed` says
 * whether its results are final, and `until` the last day they count; a draft of one still running says so.
 */
export type TNoticeScope = { key: string; label: string; closed: boolean; until: string; asOf: Date | null };

export type TNoticeScopeRefusal = { refused: 'unknownPeriod'; known: string[] } | { refused: 'yearNotBegun'; year: number };

/**
 * The scope of a draft: the period or year `key` names, else the latest reporting period that has settled, else the
 * year so far. A period settles when a report still missing counts as overdue (`settles(due)`: the scoring lets a
 * whole working day pass after the due date); a closed scope is scored as of then, so a report filed later does
 * not rewrite a period's 通报, and an open one as of now (asOf null). A year closes when the reports of its last
 * period have settled (H2's after 01-15 of the next year), not on 12-31.
 */
export function noticeScope(
  periods: readonly TPeriod[],
  settles: (due: string) => number,
  now: Date,
  today: string,
  key?: string,
): TNoticeScope | TNoticeScopeRefusal {
  const scopeClosingOn = (key: string, label: string, due: string, end: string): TNoticeScope => {
    const settledAt = settles(due);
    const closed = settledAt <= now.getTime();
    return { key, label, closed, until: closed ? end : today, asOf: closed ? new Date(settledAt) : null };
  };
  if (key !== undefined && /^\d{4}$/.test(key)) {
    const year = Number(key);
    if (`${year}-01-01` > today) return { refused: 'yearNotBegun', year };
    const last = periods.filter((p) => p.end.startsWith(key)).at(-1);
    return scopeClosingOn(key, `${year}年度`, last?.due ?? `${year}-12-31`, `${year}-12-31`);
  }
  if (key !== undefined) {
    const period = periods.find((p) => p.key === key);
    if (!period) return { refused: 'unknownPeriod', known: [...periods.map((p) => p.key), ...new Set(periods.map((p) => p.end.slice(0, 4)))] };
    return scopeClosingOn(period.key, periodLabel(period.key), period.due, period.end);
  }
  const settled = periods.filter((p) => settles(p.due) <= now.getTime()).at(-1);
  if (settled) return scopeClosingOn(settled.key, periodLabel(settled.key), settled.due, settled.end);
  const year = today.slice(0, 4);
  return { key: year, label: `${year}年`, closed: false, until: today, asOf: null };
}

type TUnitRecord = TUnitStanding & { due: number; onTime: number };

/**
 * The office's draft 通报 of a plan's results, to edit and then issue. Until the plan's own 考核方案 names its rules,
 * a unit is praised when every report due from it came in on time and it was never chased (催办, 督办 or 提请协调);
 * it is criticised when a report is still missing past its date or its work went to 督办 or beyond. A unit merely late
 * is neither. The wording is the office's to change: the draft only saves it from counting by hand.
 */
export function draftNotice(report: TReport, scope: TNoticeScope, office: string, today: string): TNotice {
  const units = unitRecords(report);
  const praised = units.filter((u) => u.due > 0 && u.onTime === u.due && u.urge + u.supervise + u.coordinator === 0);
  const criticised = units
    .filter((u) => u.overdue > 0 || u.supervise + u.coordinator > 0)
    .sort((a, b) => b.overdue - a.overdue || b.supervise + b.coordinator - (a.supervise + a.coordinator) || a.name.localeCompare(b.name, 'zh-CN'));
  const total = (f: (u: TUnitRecord) => number) => units.reduce((s, u) => s + f(u), 0);
  const asOfText = noticeDateText(scope.closed ? scope.until : dateText(report.asOf));
  // A plan whose launch moved its dates says so first: its own title and text still name the years it was written for.
  const { from, to, original } = report.assessed;
  const moved = original
    ? `本计划实施期为${noticeDateText(from)}至${noticeDateText(to)}（原定${noticeDateText(original.from)}至${noticeDateText(original.to)}）。`
    : '';
  const lead =
    `${moved}截至${asOfText}，${report.plan.title}共${report.input.measures.length}项措施，分派${units.length}个责任单位。` +
    `应报送进展${total((u) => u.due)}次，按时报送${total((u) => u.onTime)}次，迟报${total((u) => u.late)}次，逾期未报${total((u) => u.overdue)}次；` +
    `发出催办${total((u) => u.urge)}次、督办${total((u) => u.supervise)}次、提请协调${total((u) => u.coordinator)}次。`;
  const sections: unknown[] = [
    { heading: '总体情况', paragraphs: scope.closed ? [lead] : [`${scope.label}尚未结束，以下为阶段性情况。${lead}`] },
  ];
  if (praised.length > 0)
    sections.push({
      kind: 'praise',
      heading: '通报表扬',
      paragraphs: [`以下单位${scope.label}各项进展均按期报送，未被催办，予以通报表扬：`],
      units: praised.map(praiseOf),
    });
  if (criticised.length > 0)
    sections.push({
      kind: 'criticism',
      heading: '通报批评',
      paragraphs: [`以下单位${scope.label}有进展逾期未报或被督办，予以通报批评：`],
      units: criticised.map(criticismOf),
    });
  const demands = [
    criticised.length > 0 ? `受到通报批评的单位要认真分析原因，于收到本通报后10个工作日内将整改情况书面报送${office}。` : '',
    '各责任单位要对照计划确定的目标任务，按时报送进展，确保各项措施按期完成。',
  ];
  sections.push({ heading: '工作要求', paragraphs: [demands.join('')] });
  return ZNoticeSchema.parse({
    masthead: `${office}文件`,
    docNumber: null,
    title: `关于${report.plan.title}${scope.label}推进情况的通报`,
    recipients: '各责任单位',
    sections,
    issuer: office,
    signedOn: today,
    printedBy: office,
    printedOn: today,
  });
}

function unitRecords(report: TReport): TUnitRecord[] {
  const periods = new Map<string, { due: number; onTime: number }>();
  for (const a of report.scores.assignments) {
    const own = periods.get(a.unitId) ?? { due: 0, onTime: 0 };
    for (const p of a.periods) {
      if (p.state === 'not_due') continue;
      own.due += 1;
      if (p.state === 'on_time') own.onTime += 1;
    }
    periods.set(a.unitId, own);
  }
  return unitStandings(report).map((u) => ({ ...u, ...(periods.get(u.unitId) ?? { due: 0, onTime: 0 }) }));
}

const praiseOf = (u: TUnitRecord): TNoticeUnit => ({
  unit: u.name,
  reason: `${roles(u)}应报送的${u.due}次进展均按期报送`,
});

function criticismOf(u: TUnitRecord): TNoticeUnit {
  const facts = [
    u.overdue > 0 ? `${u.overdue}次进展逾期未报` : '',
    u.late > 0 ? `${u.late}次迟报` : '',
    u.supervise > 0 ? `被督办${u.supervise}次` : '',
    u.coordinator > 0 ? `提请协调${u.coordinator}次` : '',
  ].filter(Boolean);
  const measures = u.overdueMeasures.length > 0 ? `（涉及措施${[...new Set(u.overdueMeasures)].join('、')}）` : '';
  return { unit: u.name, reason: `${roles(u)}中，${facts.join('，')}${measures}` };
}

const roles = (u: TUnitRecord) => [u.leads > 0 ? `牵头${u.leads}项` : '', u.cooperates > 0 ? `配合${u.cooperates}项` : ''].filter(Boolean).join('、') + '措施';
