import { UserError } from '../../lib/errors';
import type { Db } from '../../prisma/client';

const LEVELS = ['urge', 'supervise', 'coordinator'] as const;
const LEVEL_CN = { urge: '已催办', supervise: '已督办', coordinator: '已上报协调' } as const;

export type TUnitState = 'assigned' | 'in_progress' | 'blocked' | 'overdue' | `escalated:${(typeof LEVELS)[number]}` | 'done' | 'cancelled';

export type TPlanStatus = {
  plan: { id: string; title: string; year: number; status: string; launchedAt: string | null };
  counts: Record<string, number>;
  measures: {
    id: string;
    ref: string;
    title: string;
    status: string;
    colour: string;
    due: string;
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

/** Each measure's state per unit, read from the database projection the workflows keep (not Temporal's visibility). */
export async function planStatus(db: Db, planId: string): Promise<TPlanStatus> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: {
      measures: {
        orderBy: { seq: 'asc' },
        include: {
          assignments: {
            orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }],
            include: { unit: { select: { name: true } }, reports: { orderBy: { submittedAt: 'desc' }, take: 1 } },
          },
        },
      },
    },
  });
  if (!plan) throw new UserError(`计划不存在 / no plan ${planId}`);
  const counts: Record<string, number> = {};
  const measures = plan.measures.map((m) => ({
    id: m.id,
    ref: m.ref,
    title: m.title,
    status: m.status,
    colour: m.colour,
    due: m.due.toISOString(),
    units: m.assignments.map((a) => {
      const state: TUnitState =
        a.status === 'done' || a.status === 'cancelled'
          ? a.status
          : a.escalationLevel > 0 && a.colour === 'red'
            ? `escalated:${LEVELS[a.escalationLevel - 1]!}`
            : a.colour === 'red'
              ? 'overdue'
              : a.status === 'assigned'
                ? 'assigned'
                : a.status;
      counts[state] = (counts[state] ?? 0) + 1;
      const r = a.reports[0];
      return {
        assignmentId: a.id,
        unitId: a.unitId,
        unitName: a.unit.name,
        role: a.role,
        state,
        label: state.startsWith('escalated:') ? LEVEL_CN[state.slice(10) as (typeof LEVELS)[number]] : LABEL[state]!,
        colour: a.colour,
        escalationLevel: a.escalationLevel,
        lastReport: r ? { period: r.period, status: r.status, percent: r.percent, submittedAt: r.submittedAt.toISOString() } : null,
      };
    }),
  }));
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year, status: plan.status, launchedAt: plan.launchedAt?.toISOString() ?? null },
    counts,
    measures,
  };
}
