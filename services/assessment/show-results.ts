import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { AssessmentStage, Db, ObjectionStatus } from '../../prisma/client';
import { isCoordinator, planScope, type TPerson } from '../access/scope';
import { annualSummaryRoll, type TAnnualSummaryRoll } from './annual-summaries';
import { planToday } from './assessment-year';

export type TResultLine = { component: string; points: number; max: number; explanation: string };
export type TUnitResult = { unitId: string; name: string; points: number; maxPoints: number; grade: string; rubricVersion: number };
export type TObjectionView = {
  id: string;
  unitId: string;
  unitName: string;
  reason: string;
  evidence: string[];
  lodgedAt: Date;
  status: ObjectionStatus;
  answer: string | null;
  answeredAt: Date | null;
};
export type TYearResults = {
  planId: string;
  planTitle: string;
  year: number;
  stage: AssessmentStage;
  publicityUntil: string | null;
  finalisedAt: Date | null;
  version: number;
  /** Every assessed unit, best first: the office's always; a unit's during 公示 and once final, else its own alone. */
  units: TUnitResult[];
  /** The reader's unit's breakdown, line by line (null for the office's reader). */
  own: (TUnitResult & { breakdown: TResultLine[] }) | null;
  /** The office's: every 异议; a unit's: its own. */
  objections: TObjectionView[];
  /** 年度总结, where the plan asks for one: the office's every assessed unit; a unit's its own line alone. */
  annualSummaries: TAnnualSummaryRoll | null;
};

/**
 * A year's results as its reader may see them: the office that coordinates the plan everything; a person of a unit
 * the plan scored that year its own breakdown and 异议, and the whole list while on 公示 or final. Anyone else finds
 * nothing.
 */
export async function showResults(db: Db, person: TPerson, planId: string, year: number, now: Date = new Date()): Promise<TYearResults> {
  const office = isCoordinator(person) && (await db.plan.count({ where: { AND: [{ id: planId }, planScope(person)] } })) > 0;
  const unitId = office ? null : person.unitId;
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { id: true, title: true, clock: true } });
  const scores = await db.score.findMany({
    where: { planId, year, scope: 'unit' },
    orderBy: [{ points: 'desc' }, { subjectId: 'asc' }],
    select: { subjectId: true, points: true, maxPoints: true, grade: true, rubricVersion: true, breakdown: true },
  });
  const ownScore = unitId ? scores.find((s) => s.subjectId === unitId) : undefined;
  if (!plan || (!office && !ownScore)) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  const [stageRow, objections, names, roll] = await Promise.all([
    db.assessmentYear.findUnique({ where: { planId_year: { planId, year } } }),
    db.assessmentObjection.findMany({
      where: { planId, year, ...(office ? {} : { unitId: unitId! }) },
      orderBy: { lodgedAt: 'asc' },
      include: { unit: { select: { name: true } } },
    }),
    db.unit.findMany({ where: { id: { in: scores.map((s) => s.subjectId) } }, select: { id: true, name: true } }),
    annualSummaryRoll(db, planId, year, planToday(plan.clock, now)),
  ]);
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const stage = stageRow?.stage ?? 'open';
  const result = (s: (typeof scores)[number]): TUnitResult => ({
    unitId: s.subjectId,
    name: nameOf.get(s.subjectId) ?? s.subjectId,
    points: s.points,
    maxPoints: s.maxPoints,
    grade: s.grade,
    rubricVersion: s.rubricVersion,
  });
  const everyone = office || stage !== 'open';
  return {
    planId,
    planTitle: plan.title,
    year,
    stage,
    publicityUntil: stageRow?.publicityUntil ? stageRow.publicityUntil.toISOString().slice(0, 10) : null,
    finalisedAt: stageRow?.finalisedAt ?? null,
    version: stageRow?.version ?? 0,
    units: (everyone ? scores : scores.filter((s) => s.subjectId === unitId)).map(result),
    own: ownScore ? { ...result(ownScore), breakdown: breakdownOf(ownScore.breakdown) } : null,
    objections: objections.map((o) => ({
      id: o.id,
      unitId: o.unitId,
      unitName: o.unit.name,
      reason: o.reason,
      evidence: o.evidence,
      lodgedAt: o.lodgedAt,
      status: o.status,
      answer: o.answer,
      answeredAt: o.answeredAt,
    })),
    annualSummaries: roll && (office ? roll : { ...roll, lines: roll.lines.filter((l) => l.unitId === unitId) }),
  };
}

/** Score.breakdown as scoring wrote it; anything unreadable in it is skipped. */
function breakdownOf(json: unknown): TResultLine[] {
  return Array.isArray(json)
    ? json.filter((l): l is TResultLine => typeof l?.component === 'string' && typeof l?.explanation === 'string' && typeof l?.points === 'number')
    : [];
}
