import type { Db } from '../../prisma/client';
import { indicatorTable, type TIndicatorRow } from '../../report/indicator-table';
import type { TScoringInput } from '../../scoring/types';
import { milestonesOf } from '../scoring/load-scoring-input';

/**
 * The plan's indicator table as of the scoring input's instant: its targets, the values the counting reports carry
 * (the same reports scoring reads: accepted, or needing no review) and the office's corrections made by then.
 */
export async function loadIndicatorTable(db: Db, input: TScoringInput): Promise<TIndicatorRow[]> {
  const measureIds = input.measures.map((m) => m.id);
  const [targets, units, corrections] = await Promise.all([
    db.target.findMany({
      where: { measureId: { in: measureIds } },
      orderBy: [{ measure: { seq: 'asc' } }, { position: 'asc' }],
      select: { id: true, measureId: true, indicator: true, text: true, comparator: true, value: true, unit: true, by: true, original: true, areaValues: true, baseline: true, milestones: true, measure: { select: { ref: true } } },
    }),
    db.unit.findMany({ where: { id: { in: input.units.map((u) => u.id) } }, select: { id: true, name: true } }),
    db.indicatorCorrection.findMany({
      where: { target: { measureId: { in: measureIds } }, correctedAt: { lte: input.asOf } },
      select: { reportId: true, targetId: true, original: true, value: true, reason: true, correctedAt: true, correctedById: true },
    }),
  ]);
  const names = new Map(units.map((u) => [u.id, u.name]));
  const correctors = await db.person.findMany({
    where: { id: { in: [...new Set(corrections.flatMap((c) => (c.correctedById ? [c.correctedById] : [])))] } },
    select: { id: true, name: true },
  });
  const correctorName = new Map(correctors.map((p) => [p.id, p.name]));
  const firstDue = new Map<string, Date>();
  for (const m of input.measures)
    for (const p of m.periods) if (!firstDue.has(p.period) || p.dueAt < firstDue.get(p.period)!) firstDue.set(p.period, p.dueAt);
  return indicatorTable({
    periods: [...firstDue].map(([period, dueAt]) => ({ period, dueAt })).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.period.localeCompare(b.period)),
    targets: targets.map((t) => ({
      id: t.id,
      measureId: t.measureId,
      measureRef: t.measure.ref,
      indicator: t.indicator,
      text: t.text,
      comparator: t.comparator,
      value: t.value,
      unit: t.unit,
      by: t.by,
      original: t.original,
      periods: [...(input.measures.find((m) => m.id === t.measureId)?.periods ?? [])]
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.period.localeCompare(b.period))
        .map((p) => p.period),
      baseline: t.baseline,
      milestones: milestonesOf(t.milestones),
      areaValues: areaValuesOf(t.areaValues),
    })),
    assignments: input.assignments.map((a) => ({ ...a, unitName: names.get(a.unitId) ?? a.unitId })),
    reports: input.reports,
    corrections: corrections.map(({ correctedById, ...c }) => ({ ...c, correctedBy: correctedById ? (correctorName.get(correctedById) ?? correctedById) : null })),
  });
}

/** Target.areaValues as written by setAreaTargets: [{ unitId, value }]; anything else in it is skipped. */
export function areaValuesOf(json: unknown): { unitId: string; value: number }[] {
  return Array.isArray(json)
    ? json.filter((v): v is { unitId: string; value: number } => typeof v?.unitId === 'string' && typeof v?.value === 'number' && Number.isFinite(v.value))
    : [];
}
