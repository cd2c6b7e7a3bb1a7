import { correctionKey, latestCorrections } from '../scoring/corrections';
import { targetByText, targetLine } from '../domain/target-year';
import { targetAttainment } from '../scoring/target-attainment';
import type { TComparator } from '../scoring/types';

/**
 * A plan's indicator table (指标台账): each target of each measure, for each unit that answers for it, with the values
 * reported period by period, the office's corrections beside the values as sent, attainment and trend. Pure: the
 * service reads the rows, this module lays them out, and statistics and charts read the same table.
 */

export type TIndicatorTableInput = {
  /** Every reporting period of the plan, in due order. */
  periods: { period: string; dueAt: Date }[];
  targets: {
    id: string;
    measureId: string;
    measureRef: string;
    indicator: string;
    text: string;
    comparator: TComparator;
    value: number;
    unit: string;
    /** Its measure's reporting periods, in due order: the row's columns. */
    periods: string[];
    /** The year (or date) the target is due by (re-based, if its plan was). */
    by: string | null;
    /** Target.original: what a re-base kept of the plan's own `by` (domain/target-year); absent or null when nothing moved it. */
    original?: unknown;
    /** 基线 where the plan gives one. */
    baseline: number | null;
    /** A value for each year the plan names (到2018年达到90%、到2020年达到95%): a period of that year is held to it. */
    milestones?: readonly { by: string; value: number }[];
    /** A regional indicator's own target per area: a unit listed here is held to its value, not the plan's. */
    areaValues: { unitId: string; value: number }[];
  }[];
  assignments: { id: string; measureId: string; unitId: string; unitName: string; role: 'lead' | 'cooperating' }[];
  /** Reports that count (accepted, or needing no review), with the values they carry. */
  reports: { id: string; assignmentId: string; period: string; submittedAt: Date; targetValues: { targetId: string; value: number }[] }[];
  corrections: { reportId: string; targetId: string; original: number | null; value: number; reason: string; correctedAt: Date; correctedBy: string | null }[];
};

export type TIndicatorValue = {
  period: string;
  /** The value that counts: the latest correction's, else the one reported; null when none came for the period. */
  value: number | null;
  /** As the unit reported it, kept when the office corrected it. */
  reported: number | null;
  reportId: string | null;
  correction: { value: number; reason: string; at: string; by: string | null } | null;
  /** What the period is held to: its year's milestone where the plan names one, else the target. */
  goal: number;
  met: boolean | null;
};

export type TTrend = 'up' | 'down' | 'flat';

export type TIndicatorRow = {
  targetId: string;
  measureRef: string;
  indicator: string;
  text: string;
  comparator: TComparator;
  unit: string;
  baseline: number | null;
  /** The value this unit is held to: its area's own where set, else the plan's. */
  target: number;
  /** True when `target` is the area's own value (a regional indicator). */
  areaTarget: boolean;
  targetYear: number | null;
  /** The year as a reader reads it: 2028年, or 2028年（原定2020年） once re-based (domain/target-year). */
  targetBy: string | null;
  unitId: string;
  unitName: string;
  role: 'lead' | 'cooperating';
  values: TIndicatorValue[];
  latest: { period: string; value: number } | null;
  /** Against the latest value and its period's goal (that year's milestone, else the target): met, and how far toward it (0–1). Null before any value. */
  attainment: { met: boolean; ratio: number } | null;
  /** The last two values compared; `better` says whether the move is toward the target (lower is better for ≤ <). */
  trend: { direction: TTrend; better: boolean | null } | null;
};

/**
 * One row per target and unit: every lead unit of the measure, and any other unit that has an area target or has
 * reported a value for it. Rows follow the targets' order, lead units first, then by name.
 */
export function indicatorTable(input: TIndicatorTableInput): TIndicatorRow[] {
  const byMeasure = new Map<string, TIndicatorTableInput['assignments']>();
  for (const a of input.assignments) byMeasure.set(a.measureId, [...(byMeasure.get(a.measureId) ?? []), a]);
  const assignmentOf = new Map(input.assignments.map((a) => [a.id, a]));
  const order = new Map(input.periods.map((p, i) => [p.period, i]));

  const corrected = latestCorrections(input.corrections);

  const correctedTargets = new Map<string, string[]>();
  for (const c of input.corrections) correctedTargets.set(c.reportId, [...(correctedTargets.get(c.reportId) ?? []), c.targetId]);
  // The latest counting report of each (assignment, period) that carries a value for a target.
  const sent = new Map<string, { reportId: string; reported: number | null; submittedAt: Date }>();
  for (const r of [...input.reports].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())) {
    const a = assignmentOf.get(r.assignmentId);
    if (!a) continue;
    const targets = new Set([...r.targetValues.map((v) => v.targetId), ...(correctedTargets.get(r.id) ?? [])]);
    for (const targetId of targets) {
      const reported = r.targetValues.find((v) => v.targetId === targetId)?.value ?? null;
      sent.set(`${targetId}\u0000${a.unitId}\u0000${r.period}`, { reportId: r.id, reported, submittedAt: r.submittedAt });
    }
  }

  const rows: TIndicatorRow[] = [];
  for (const t of input.targets) {
    const own = (byMeasure.get(t.measureId) ?? []).filter(
      (a) =>
        a.role === 'lead' ||
        t.areaValues.some((v) => v.unitId === a.unitId) ||
        t.periods.some((p) => sent.has(`${t.id}\u0000${a.unitId}\u0000${p}`)),
    );
    own.sort((a, b) => (a.role === b.role ? a.unitName.localeCompare(b.unitName, 'zh-CN') : a.role === 'lead' ? -1 : 1));
    for (const a of own) {
      const area = t.areaValues.find((v) => v.unitId === a.unitId);
      const target = area?.value ?? t.value;
      const values: TIndicatorValue[] = t.periods.map((period) => {
        const s = sent.get(`${t.id}\u0000${a.unitId}\u0000${period}`);
        const c = s ? corrected.get(correctionKey(s.reportId, t.id)) : undefined;
        const value = c?.value ?? s?.reported ?? null;
        const goal = area ? target : goalOfPeriod(t, period);
        return {
          period,
          value,
          reported: s?.reported ?? null,
          reportId: s?.reportId ?? null,
          correction: c ? { value: c.value, reason: c.reason, at: c.correctedAt.toISOString(), by: c.correctedBy } : null,
          goal,
          met: value === null ? null : targetAttainment(t.comparator, goal, value, 1).met,
        };
      });
      const reported = values.filter((v): v is TIndicatorValue & { value: number } => v.value !== null);
      reported.sort((x, y) => (order.get(x.period) ?? 0) - (order.get(y.period) ?? 0));
      const last = reported.at(-1);
      const before = reported.at(-2);
      const attained = last ? targetAttainment(t.comparator, last.goal, last.value, 1) : null;
      rows.push({
        targetId: t.id,
        measureRef: t.measureRef,
        indicator: t.indicator,
        text: targetLine(t),
        comparator: t.comparator,
        unit: t.unit,
        baseline: t.baseline,
        target,
        areaTarget: area !== undefined,
        targetYear: yearOf(t.by),
        targetBy: targetByText(t),
        unitId: a.unitId,
        unitName: a.unitName,
        role: a.role,
        values,
        latest: last ? { period: last.period, value: last.value } : null,
        attainment: attained ? { met: attained.met, ratio: Math.round(attained.ratio * 10000) / 10000 } : null,
        trend: last && before ? trendOf(t.comparator, before.value, last.value) : null,
      });
    }
  }
  return rows;
}

/**
 * What a period's value is held to: the milestone of the period's year (2018-H2 → 到2018年达到90%) where the target
 * names one, else the target's own value — as a year's assessment judges it (scoring/compute-scores targetsOfYear).
 */
export function goalOfPeriod(t: { value: number; milestones?: readonly { by: string; value: number }[] }, period: string): number {
  const year = /^\d{4}/.exec(period)?.[0];
  const milestone = year === undefined ? undefined : t.milestones?.find((m) => m.by.slice(0, 4) === year);
  return milestone?.value ?? t.value;
}

function trendOf(comparator: TComparator, before: number, after: number): TIndicatorRow['trend'] {
  if (after === before) return { direction: 'flat', better: null };
  const direction: TTrend = after > before ? 'up' : 'down';
  if (comparator === 'eq') return { direction, better: null };
  const lowerIsBetter = comparator === 'lte' || comparator === 'lt';
  return { direction, better: (direction === 'down') === lowerIsBetter };
}

const yearOf = (by: string | null) => (by && /^\d{4}/.test(by) ? Number(by.slice(0, 4)) : null);

/** Sentences the table's readers see, in one place. */
export const TREND_NAMES: Record<TTrend, string> = { up: '上升', down: '下降', flat: '持平' };

/** The values the statistics' 指标达标率 counts: one per target, unit and period that has a value. */
export function indicatorValuesOf(rows: readonly TIndicatorRow[]): { targetId: string; unitId: string; period: string; met: boolean }[] {
  return rows.flatMap((r) => r.values.flatMap((v) => (v.met === null ? [] : [{ targetId: r.targetId, unitId: r.unitId, period: v.period, met: v.met }])));
}
