import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { planStatus, type TUnitState } from '../../services/plans/plan-status';
import { optionalField } from '../schemas';
import { loadPendingExtensions } from './pending-extensions';

export const MEASURE_STATES = ['draft', 'assigned', 'in_progress', 'blocked', 'overdue', 'escalated', 'done', 'cancelled'] as const;
export type TMeasureState = (typeof MEASURE_STATES)[number];
const COLOURS = ['green', 'yellow', 'red'] as const;

export const ZDashboardFilterSchema = z.object({
  colour: optionalField(z.enum(COLOURS)),
  state: optionalField(z.enum(MEASURE_STATES)),
  unit: optionalField(z.string().trim().max(100)).describe('a unit id, or part of a unit name'),
  q: optionalField(z.string().trim().max(100)).describe('text in the measure’s ref, title or text'),
});
export type TDashboardFilter = z.infer<typeof ZDashboardFilterSchema>;

export const ZDashboardSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string(), year: z.number().int(), status: z.string() }),
  total: z.number().int(),
  byColour: z.record(z.enum(COLOURS), z.number().int()),
  byState: z.record(z.enum(MEASURE_STATES), z.number().int()),
  rows: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      title: z.string(),
      due: z.string(),
      colour: z.enum(COLOURS),
      state: z.enum(MEASURE_STATES),
      assignments: z.array(
        z.object({
          id: z.string(),
          unit: z.string(),
          role: z.enum(['lead', 'cooperating']),
          state: z.string().describe('the unit’s state as in plan status: assigned, in_progress, blocked, overdue, escalated:<level>, done, cancelled'),
          colour: z.enum(COLOURS),
          escalationLevel: z.number().int(),
          latest: z.object({ period: z.string(), percent: z.number().int(), status: z.string(), submittedAt: z.string() }).nullable(),
        }),
      ),
    }),
  ),
  pendingExtensions: z
    .array(
      z.object({
        id: z.string(),
        assignmentId: z.string().describe('the requesting unit’s item'),
        measureId: z.string(),
        ref: z.string(),
        title: z.string(),
        unit: z.string(),
        period: z.string(),
        originalDue: z.string(),
        requestedDue: z.string(),
        reason: z.string(),
        requestedAt: z.string(),
      }),
    )
    .describe('延期 requests of running measures awaiting a coordinator’s decision, oldest first (the filter does not apply)'),
});
export type TDashboard = z.infer<typeof ZDashboardSchema>;
type TRow = TDashboard['rows'][number];

/** Worst first: a measure shows the worst state among its units (planStatus decides each unit's). */
const RANK: TMeasureState[] = ['escalated', 'overdue', 'blocked', 'in_progress', 'assigned'];

/** One word for where a measure stands: what a coordinator scans a dashboard for. */
function stateOf(m: { status: string; colour: string }, units: TUnitState[]): TMeasureState {
  if (m.status === 'draft' || m.status === 'done' || m.status === 'cancelled') return m.status;
  const present = new Set<TMeasureState>(
    units.flatMap((u): TMeasureState[] => (u === 'cancelled' ? [] : u === 'done' ? ['in_progress'] : [u.startsWith('escalated:') ? 'escalated' : (u as TMeasureState)])),
  );
  if (m.colour === 'red') present.add('overdue');
  return RANK.find((s) => present.has(s)) ?? 'assigned';
}

/** The plan dashboard: counts over the whole plan, rows after the filter. Reads the database, never Temporal. */
export async function loadDashboard(db: Db, planId: string, filter: TDashboardFilter): Promise<TDashboard> {
  const status = await planStatus(db, planId);
  // Before launch there are no assignments yet: show the parties the plan names. Text is read only to search it.
  const unassigned = status.measures.filter((m) => m.units.length === 0).map((m) => m.id);
  const [named, texts, pending] = await Promise.all([
    unassigned.length
      ? db.measure.findMany({
          where: unassigned.length === status.measures.length ? { planId } : { id: { in: unassigned } },
          select: {
            id: true,
            parties: { select: { role: true, name: true, unitId: true, unit: { select: { name: true } } }, orderBy: [{ role: 'asc' }, { position: 'asc' }] },
          },
        })
      : [],
    filter.q ? db.measure.findMany({ where: { planId }, select: { id: true, text: true } }) : [],
    loadPendingExtensions(db, { status: { not: 'cancelled' }, measure: { planId, status: 'active' } }),
  ]);
  const partiesOf = new Map(named.map((m) => [m.id, m.parties]));
  const textOf = new Map(texts.map((m) => [m.id, m.text]));

  const byColour = { green: 0, yellow: 0, red: 0 };
  const byState = Object.fromEntries(MEASURE_STATES.map((s) => [s, 0])) as Record<TMeasureState, number>;
  const rows: (TRow & { text: string; unitIds: string[] })[] = status.measures.map((m) => {
    const parties = partiesOf.get(m.id) ?? [];
    const text = textOf.get(m.id) ?? '';
    const colour = m.colour as TRow['colour'];
    const state = stateOf(m, m.units.map((u) => u.state));
    byColour[colour] += 1;
    byState[state] += 1;
    return {
      id: m.id,
      ref: m.ref,
      title: m.title,
      text,
      due: m.due,
      colour,
      state,
      assignments: m.units.length
        ? m.units.map((u) => ({
            id: u.assignmentId,
            unit: u.unitName,
            role: u.role as TRow['assignments'][number]['role'],
            state: u.state,
            colour: u.colour as TRow['colour'],
            escalationLevel: u.escalationLevel,
            latest: u.lastReport,
          }))
        : parties.map((p, i) => ({ id: `party-${i}`, unit: p.unit?.name ?? p.name, role: p.role, state: m.status, colour, escalationLevel: 0, latest: null })),
      unitIds: m.units.map((u) => u.unitId).concat(parties.flatMap((p) => (p.unitId ? [p.unitId] : []))),
    };
  });
  const q = filter.q?.toLowerCase();
  const unit = filter.unit?.toLowerCase();
  const shown = rows.filter(
    (r) =>
      (!filter.colour || r.colour === filter.colour) &&
      (!filter.state || r.state === filter.state) &&
      (!unit || r.unitIds.includes(filter.unit!) || r.assignments.some((a) => a.unit.toLowerCase().includes(unit))) &&
      (!q || r.ref.toLowerCase().includes(q) || r.title.toLowerCase().includes(q) || r.text.toLowerCase().includes(q)),
  );
  return {
    plan: { id: status.plan.id, title: status.plan.title, year: status.plan.year, status: status.plan.status },
    total: rows.length,
    byColour,
    byState,
    rows: shown.map(({ text: _t, unitIds: _u, ...r }) => r),
    pendingExtensions: pending,
  };
}
