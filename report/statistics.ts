import { shanghaiDate, workingDaysBetween, type TCalendar } from '../calendar/working-days';

/**
 * A plan's working statistics — 按期完成率, 逾期率, 退回率, 平均办结用时, 督办次数, 指标达标率 — per plan, per unit and
 * per period. Pure: the service reads the facts (the same period outcomes scoring judges, so a statistic and a score
 * never disagree about what was due or on time) and this module counts them.
 */

export type TPeriodState = 'on_time' | 'late' | 'overdue' | 'not_due';
export type TEscalationLevel = 'urge' | 'supervise' | 'coordinator';

export type TStatisticsInput = {
  asOf: Date;
  units: { id: string; name: string }[];
  /** One unit's duty on one measure. */
  assignments: {
    id: string;
    unitId: string;
    measureId: string;
    assignedAt: Date;
    /** Each required report as it stood at asOf: its due date in force (after an approved 延期) and its state. */
    periods: { period: string; dueAt: Date; state: TPeriodState }[];
    /** Its 办结: the report that finished the duty (status 完成, accepted or needing no review), or null. */
    done: { at: Date; period: string } | null;
  }[];
  /** Every report the office reviewed (审核): accepted or returned (退回). Reports awaiting review are not here. */
  reviews: { assignmentId: string; period: string; outcome: 'accepted' | 'returned' }[];
  escalations: { assignmentId: string; period: string; level: TEscalationLevel }[];
  /** Indicator values as they count (after any office correction), one per target, unit and period. */
  indicatorValues: { targetId: string; unitId: string; period: string; met: boolean }[];
};

/** A rate with the counts it is made of, so a reader can redo it; value null when nothing is in the denominator. */
export type TRate = { value: number | null; numerator: number; denominator: number };

export type TStatistics = {
  onTimeRate: TRate;
  overdueRate: TRate;
  returnRate: TRate;
  /** 平均办结用时: mean working days from assignment to 办结, over the duties done; value null when none is. */
  daysToDone: { value: number | null; totalDays: number; count: number };
  escalations: Record<TEscalationLevel, number> & { total: number; units: number; perUnit: number | null };
  attainment: TRate;
};

export type TStatisticKey = keyof TStatistics;

/**
 * The one home of what each statistic means: its formula, and what counts in its numerator and denominator. Pages,
 * the API, the html report and the xlsx print these sentences beside the numbers.
 */
export const STATISTIC_DEFINITIONS: Record<TStatisticKey, { name: string; formula: string; counts: string }> = {
  onTimeRate: {
    name: '按期完成率',
    formula: '按期报送的应报期次 ÷ 已到期的应报期次 × 100%',
    counts:
      '应报期次：每个责任单位在每项措施上每个报送期的一次报送；已到期：截止日（批准延期的，按延期后的日期）不晚于统计日；按期：在截止日当天或之前报送，且经审核通过或无需审核（退回的不算报送）。',
  },
  overdueRate: {
    name: '逾期率',
    formula: '（逾期报送的期次 + 超期未报的期次）÷ 已到期的应报期次 × 100%',
    counts: '逾期报送：截止日之后才报送并被采纳；超期未报：已过截止日、到统计日仍无被采纳的报送。分母同按期完成率。按期完成率与逾期率相加为100%。',
  },
  returnRate: {
    name: '退回率',
    formula: '被退回的报告份数 ÷ 经审核的报告份数 × 100%',
    counts: '经审核：办公室已作出通过或退回决定的报告；待审核和无需审核的报告不计入分母。同一期次多次退回的，每次都计。',
  },
  daysToDone: {
    name: '平均办结用时',
    formula: '各已办结责任事项从交办到办结的工作日之和 ÷ 已办结的责任事项数',
    counts: '交办：单位被分派该措施之日；办结：报告“已完成”且经审核通过（或无需审核）的报送日；工作日按节假日及调休安排计算，交办当日不计。未办结的不计入。',
  },
  escalations: {
    name: '督办次数',
    formula: '催办、督办、报办公室的次数之和；每单位平均 = 总次数 ÷ 有责任事项的单位数',
    counts: '每个责任事项每个报送期每一级只计一次；按期统计时，分母为该期有应报事项的单位数。',
  },
  attainment: {
    name: '指标达标率',
    formula: '达到目标值的指标 ÷ 已报送数值的指标 × 100%',
    counts:
      '指标：每项目标在每个报送单位的一项（区县各自报送本地区数值的，各算一项）；按计划和按单位统计时取最新一期的数值（办公室更正过的按更正值）；按期统计时取该期报送的数值；未报送数值的不计入。',
  },
};

export type TPlanStatistics = {
  asOf: string;
  plan: TStatistics;
  units: (TStatistics & { unitId: string; name: string })[];
  periods: (TStatistics & { period: string })[];
};

/** Statistics of the whole plan, of each unit with a duty in it, and of each reporting period (in due order). */
export function planStatistics(input: TStatisticsInput, calendar: TCalendar): TPlanStatistics {
  const unitOf = new Map(input.assignments.map((a) => [a.id, a.unitId]));
  const all = (): boolean => true;
  const plan = statistics(input, calendar, { assignment: all, period: all, unitOf });

  const unitIds = [...new Set(input.assignments.map((a) => a.unitId))];
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const units = unitIds
    .map((unitId) => ({
      unitId,
      name: names.get(unitId) ?? unitId,
      ...statistics(input, calendar, { assignment: (a) => a.unitId === unitId, period: all, unitOf }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.unitId.localeCompare(b.unitId));

  const firstDue = new Map<string, number>();
  for (const a of input.assignments)
    for (const p of a.periods) firstDue.set(p.period, Math.min(firstDue.get(p.period) ?? Infinity, p.dueAt.getTime()));
  const periods = [...firstDue]
    .sort(([ka, a], [kb, b]) => a - b || ka.localeCompare(kb))
    .map(([period]) => ({ period, ...statistics(input, calendar, { assignment: all, period: (p) => p === period, unitOf }) }));

  return { asOf: input.asOf.toISOString(), plan, units, periods };
}

type TScope = {
  assignment: (a: TStatisticsInput['assignments'][number]) => boolean;
  period: (period: string) => boolean;
  unitOf: ReadonlyMap<string, string>;
};

function statistics(input: TStatisticsInput, calendar: TCalendar, scope: TScope): TStatistics {
  const assignments = input.assignments.filter(scope.assignment);
  const ids = new Set(assignments.map((a) => a.id));
  const due = assignments.flatMap((a) => a.periods.filter((p) => p.state !== 'not_due' && scope.period(p.period)));
  const count = (state: TPeriodState) => due.filter((p) => p.state === state).length;

  const reviewed = input.reviews.filter((r) => ids.has(r.assignmentId) && scope.period(r.period));
  const returned = reviewed.filter((r) => r.outcome === 'returned').length;

  const done = assignments.flatMap((a) => (a.done && scope.period(a.done.period) ? [workingDaysBetween(shanghaiDate(a.assignedAt), shanghaiDate(a.done.at), calendar)] : []));
  const totalDays = done.reduce((s, d) => s + d, 0);

  const escalations = input.escalations.filter((e) => ids.has(e.assignmentId) && scope.period(e.period));
  const level = (l: TEscalationLevel) => escalations.filter((e) => e.level === l).length;
  // The units that could have been escalated in this scope: those with a duty in it (with a report due, per period).
  const units = new Set(
    assignments.filter((a) => a.periods.some((p) => scope.period(p.period)) || a.periods.length === 0).map((a) => a.unitId),
  ).size;

  const unitIds = new Set(assignments.map((a) => a.unitId));
  const values = input.indicatorValues.filter((v) => unitIds.has(v.unitId) && scope.period(v.period));
  const latest = new Map<string, { period: string; met: boolean }>();
  const order = periodOrder(input);
  for (const v of values) {
    const key = `${v.targetId}\u0000${v.unitId}`;
    const held = latest.get(key);
    if (!held || (order.get(v.period) ?? 0) >= (order.get(held.period) ?? 0)) latest.set(key, v);
  }
  const met = [...latest.values()].filter((v) => v.met).length;

  return {
    onTimeRate: rate(count('on_time'), due.length),
    overdueRate: rate(count('late') + count('overdue'), due.length),
    returnRate: rate(returned, reviewed.length),
    daysToDone: { value: done.length ? round(totalDays / done.length) : null, totalDays, count: done.length },
    escalations: {
      urge: level('urge'),
      supervise: level('supervise'),
      coordinator: level('coordinator'),
      total: escalations.length,
      units,
      perUnit: units ? round(escalations.length / units) : null,
    },
    attainment: rate(met, latest.size),
  };
}

/** Periods by their earliest due date, so "the latest value" is the one of the latest period, not the latest typed. */
function periodOrder(input: TStatisticsInput): Map<string, number> {
  const first = new Map<string, number>();
  for (const a of input.assignments) for (const p of a.periods) first.set(p.period, Math.min(first.get(p.period) ?? Infinity, p.dueAt.getTime()));
  return first;
}

const round = (n: number) => Math.round(n * 100) / 100;

function rate(numerator: number, denominator: number): TRate {
  return { value: denominator ? round((numerator / denominator) * 100) : null, numerator, denominator };
}

/** A rate as printed beside its counts: 66.67%（2/3）, or —（0/0） when nothing is in the denominator. */
export function rateText(r: TRate): string {
  return `${r.value === null ? '—' : `${r.value}%`}（${r.numerator}/${r.denominator}）`;
}
