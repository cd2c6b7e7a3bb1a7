import { shanghaiDate } from '../../calendar/working-days';
import { planSettingsOf } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';

const LEVELS = ['urge', 'supervise', 'coordinator'] as const;
const LEVEL_CN = { urge: '已催办', supervise: '已督办', coordinator: '已上报协调' } as const;

export type TUnitState = 'assigned' | 'in_progress' | 'blocked' | 'overdue' | `escalated:${(typeof LEVELS)[number]}` | 'done' | 'cancelled';

export type TPlanStatus = {
  plan: { id: string; title: string; year: number; status: string; launchedAt: string | null };
  /** The period the plan runs (ISO dates). */
  period: { from: string; to: string };
  counts: Record<string, number>;
  measures: {
    id: string;
    ref: string;
    title: string;
    status: string;
    colour: string;
    /** The final due date, an ISO date in Asia/Shanghai (as the plan names it). */
    due: string;
    /** The plan's own final due date when its launch moved it (re-based, or launched as is); else null. */
    originalDue: string | null;
    units: {
      assignmentId: string;
      unitId: string;
      unitName: string;
      role: string;
      state: TUnitState;
      label: string;
      colour: string;
      escalationLevel: number;
      lastReport: { period: string; status: string; percent: number; submittedAt: string } | null;
    }[];
  }[];
};

const LABEL: Record<string, string> = { assigned: '已交办', in_progress: '推进中', blocked: '受阻', overdue: '已逾期', done: '已完成', cancelled: '已撤销' };

/** A unit's state as the office says it: 已交办, 推进中, 已督办… */
export function unitStateLabel(state: string): string {
  return state.startsWith('escalated:') ? LEVEL_CN[state.slice(10) as (typeof LEVELS)[number]] : (LABEL[state] ?? state);
}

type TAssignmentRow = {
  measureId: string;
  id: string;
  unitId: string;
  unitName: string;
  role: string;
  status: string;
  colour: string;
  escalationLevel: number;
  period: string | null;
  reportStatus: string | null;
  percent: number | null;
  submittedAt: Date | null;
};

function unitState(a: { status: string; colour: string; escalationLevel: number }): TUnitState {
  if (a.status === 'done' || a.status === 'cancelled') return a.status;
  if (a.escalationLevel > 0 && a.colour === 'red') return `escalated:${LEVELS[a.escalationLevel - 1]!}`;
  if (a.colour === 'red') return 'overdue';
  return a.status as TUnitState;
}

/**
 * Each measure's state per unit, read from the database projection the workflows keep (not Temporal's visibility).
 * Three round trips whatever the plan's size: the plan, its measures, and one flat read of its assignments with each
 * one's latest report (a 2,000-measure plan is 6,000 narrow rows, not one query per relation with every id bound).
 */
export async function planStatus(db: Db, planId: string): Promise<TPlanStatus> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { id: true, title: true, year: true, status: true, launchedAt: true, period: true } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlanId', { planId }));
  const [measureRows, assignmentRows] = await Promise.all([
    db.measure.findMany({ where: { planId }, orderBy: { seq: 'asc' }, select: { id: true, ref: true, title: true, status: true, colour: true, due: true, originalDue: true } }),
    db.$queryRaw<TAssignmentRow[]>`
      SELECT a."measureId", a."id", a."unitId", u."name" AS "unitName", a."role"::text AS "role", a."status"::text AS "status",
             a."colour"::text AS "colour", a."escalationLevel",
             r."period", r."status"::text AS "reportStatus", r."percent", r."submittedAt"
      FROM "Assignment" a
      JOIN "Measure" m ON m."id" = a."measureId"
      JOIN "Unit" u ON u."id" = a."unitId"
      LEFT JOIN LATERAL (
        SELECT p."period", p."status", p."percent", p."submittedAt" FROM "ProgressReport" p
        WHERE p."assignmentId" = a."id" ORDER BY p."submittedAt" DESC LIMIT 1
      ) r ON true
      WHERE m."planId" = ${planId}
      ORDER BY a."role", a."assignedAt"`,
  ]);
  const counts: Record<string, number> = {};
  const unitsOf = new Map<string, TPlanStatus['measures'][number]['units']>();
  for (const a of assignmentRows) {
    const state = unitState(a);
    counts[state] = (counts[state] ?? 0) + 1;
    const units = unitsOf.get(a.measureId) ?? [];
    unitsOf.set(a.measureId, units);
    units.push({
      assignmentId: a.id,
      unitId: a.unitId,
      unitName: a.unitName,
      role: a.role,
      state,
      label: unitStateLabel(state),
      colour: a.colour,
      escalationLevel: a.escalationLevel,
      lastReport: a.period === null ? null : { period: a.period, status: a.reportStatus!, percent: a.percent!, submittedAt: a.submittedAt!.toISOString() },
    });
  }
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year, status: plan.status, launchedAt: plan.launchedAt?.toISOString() ?? null },
    period: (({ from, to }) => ({ from, to }))(planSettingsOf(plan, ['period']).period),
    counts,
    measures: measureRows.map((m) => ({ ...m, due: shanghaiDate(m.due), originalDue: m.originalDue ? shanghaiDate(m.originalDue) : null, units: unitsOf.get(m.id) ?? [] })),
  };
}
