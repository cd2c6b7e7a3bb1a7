import { shanghaiDate } from '../../calendar/working-days';
import { z } from 'zod';
import type { Db, Prisma } from '../../prisma/client';
import { optionalField } from '../schemas';

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
          status: z.string(),
          colour: z.enum(COLOURS),
          escalationLevel: z.number().int(),
          latest: z.object({ period: z.string(), percent: z.number().int(), status: z.string(), submittedAt: z.string() }).nullable(),
        }),
      ),
    }),
  ),
});
export type TDashboard = z.infer<typeof ZDashboardSchema>;
type TRow = TDashboard['rows'][number];

/** One word for where a measure stands, worst first: what a coordinator scans a dashboard for. */
function stateOf(m: { status: string; colour: string }, assignments: TRow['assignments']): TMeasureState {
  if (m.status === 'draft' || m.status === 'done' || m.status === 'cancelled') return m.status;
  if (assignments.some((a) => a.escalationLevel > 0)) return 'escalated';
  if (m.colour === 'red' || assignments.some((a) => a.colour === 'red')) return 'overdue';
  if (assignments.some((a) => a.status === 'blocked')) return 'blocked';
  if (assignments.some((a) => a.status === 'in_progress' || a.status === 'done' || a.latest)) return 'in_progress';
  return 'assigned';
}

/** The plan dashboard: counts over the whole plan, rows after the filter. Reads the database, never Temporal. */
export async function loadDashboard(db: Db, planId: string, filter: TDashboardFilter): Promise<TDashboard> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { id: true, title: true, year: true, status: true } });
  const measures = await db.measure.findMany({
    where: { planId },
    orderBy: { seq: 'asc' },
    select: {
      id: true,
      ref: true,
      title: true,
      text: true,
      due: true,
      colour: true,
      status: true,
      assignments: {
        select: { id: true, role: true, status: true, colour: true, escalationLevel: true, unit: { select: { id: true, name: true } } },
        orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }],
      },
      parties: { select: { role: true, name: true, unitId: true, unit: { select: { name: true } } }, orderBy: [{ role: 'asc' }, { position: 'asc' }] },
    },
  });
  const latestWhere: Prisma.ProgressReportWhereInput = { assignment: { measure: { planId } } };
  const latest = await db.progressReport.findMany({
    where: latestWhere,
    orderBy: [{ assignmentId: 'asc' }, { submittedAt: 'desc' }],
    distinct: ['assignmentId'],
    select: { assignmentId: true, period: true, percent: true, status: true, submittedAt: true },
  });
  const latestBy = new Map(latest.map((r) => [r.assignmentId, { period: r.period, percent: r.percent, status: r.status, submittedAt: r.submittedAt.toISOString() }]));

  const byColour = { green: 0, yellow: 0, red: 0 };
  const byState = Object.fromEntries(MEASURE_STATES.map((s) => [s, 0])) as Record<TMeasureState, number>;
  const rows: (TRow & { text: string; unitIds: string[] })[] = measures.map((m) => {
    // Before launch there are no assignments yet: show the parties the plan names.
    const assignments: TRow['assignments'] = m.assignments.length
      ? m.assignments.map((a) => ({
          id: a.id,
          unit: a.unit.name,
          role: a.role,
          status: a.status,
          colour: a.colour,
          escalationLevel: a.escalationLevel,
          latest: latestBy.get(a.id) ?? null,
        }))
      : [];
    const state = stateOf(m, assignments);
    byColour[m.colour] += 1;
    byState[state] += 1;
    return {
      id: m.id,
      ref: m.ref,
      title: m.title,
      text: m.text,
      due: shanghaiDate(m.due),
      colour: m.colour,
      state,
      assignments: assignments.length
        ? assignments
        : m.parties.map((p, i) => ({ id: `party-${i}`, unit: p.unit?.name ?? p.name, role: p.role, status: 'draft', colour: m.colour, escalationLevel: 0, latest: null })),
      unitIds: m.assignments.map((a) => a.unit.id).concat(m.parties.flatMap((p) => (p.unitId ? [p.unitId] : []))),
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
    plan,
    total: rows.length,
    byColour,
    byState,
    rows: shown.map(({ text: _t, unitIds: _u, ...r }) => r),
  };
}
