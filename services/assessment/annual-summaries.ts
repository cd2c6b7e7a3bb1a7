import { annualSummaryDue, annualSummaryStanding, type TAnnualSummaryStanding } from '../../domain/annual-summary';
import { planSettingsOf } from '../../domain/plan-settings';
import type { Prisma } from '../../prisma/client';
import { ZRubricSchema } from '../../scoring/rubric';
import { planToday } from './assessment-year';

type Tx = Prisma.TransactionClient;

/** The units a plan assesses: those assigned work on it (not cancelled) and the 考核对象 its 方案 adds, by name. */
export async function assessedUnits(db: Tx, planId: string, rubricJson: unknown): Promise<{ id: string; name: string }[]> {
  const rubric = ZRubricSchema.safeParse(rubricJson ?? {});
  const subjects = rubric.success ? rubric.data.subjects : [];
  return db.unit.findMany({
    where: { OR: [{ id: { in: subjects } }, { assignments: { some: { status: { not: 'cancelled' }, measure: { planId, status: { not: 'cancelled' } } } } }] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
}

export type TAnnualSummaryLine = {
  unitId: string;
  unitName: string;
  standing: TAnnualSummaryStanding;
  submittedAt: Date | null;
  summary: { summary: string; targets: string; measures: string; evidence: string[] } | null;
};
/** A year's 年度总结 of every assessed unit: its due date, and each unit's standing on the plan's today. */
export type TAnnualSummaryRoll = { year: number; due: string; lines: TAnnualSummaryLine[] };

/**
 * The roll of a year's summaries, or null when the plan asks for none: every assessed unit, submitted on time, late,
 * missing (past the due date) or not yet due. A summary is judged against the due date it was submitted under.
 */
export async function annualSummaryRoll(db: Tx, planId: string, year: number, today: string): Promise<TAnnualSummaryRoll | null> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { annualSummary: true, rubric: true, clock: true } });
  if (!plan) return null;
  const { due } = planSettingsOf(plan, ['annualSummary']).annualSummary;
  if (due === null) return null;
  const dueOn = annualSummaryDue(due, year);
  const [units, rows] = await Promise.all([
    assessedUnits(db, planId, plan.rubric),
    db.annualSummary.findMany({ where: { planId, year }, select: { unitId: true, submittedAt: true, dueOn: true, summary: true, targets: true, measures: true, evidence: true } }),
  ]);
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  return {
    year,
    due: dueOn,
    lines: units.map((u) => {
      const row = byUnit.get(u.id);
      return {
        unitId: u.id,
        unitName: u.name,
        standing: annualSummaryStanding(row ? planToday(plan.clock, row.submittedAt) : null, row ? row.dueOn.toISOString().slice(0, 10) : dueOn, today),
        submittedAt: row?.submittedAt ?? null,
        summary: row ? { summary: row.summary, targets: row.targets, measures: row.measures, evidence: row.evidence } : null,
      };
    }),
  };
}
