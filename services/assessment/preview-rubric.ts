import type { Db } from '../../prisma/client';
import { assessedYears, computeScores } from '../../scoring/compute-scores';
import { WHOLE_PERIOD, type TScoreSet } from '../../scoring/types';
import { loadScoringInput } from '../scoring/load-scoring-input';
import { checkRubricAgainstPlan, parseRubric } from './rubric-input';

export type TPreviewScore = { points: number; maxPoints: number; grade: string; rank: number | null; className: string | null };
export type TRubricPreview = {
  currentVersion: number;
  asOf: Date;
  /** The whole period (year 0) first, then each assessed year. */
  years: { year: number; units: { unitId: string; name: string; current: TPreviewScore | null; next: TPreviewScore | null }[] }[];
};

/**
 * Each unit's score and grade under the plan's current 方案 and under `raw`, side by side, on the same facts as of
 * `asOf`, for every assessed year and the whole period: what saving would change, before anything is saved. A unit
 * assessed under one 方案 only has null under the other. Refuses a 方案 as saving would (rubric-input).
 */
export async function previewRubric(db: Db, planId: string, raw: unknown, asOf: Date): Promise<TRubricPreview> {
  const next = parseRubric(raw);
  await checkRubricAgainstPlan(db, planId, next);
  const { input, rubric, calendar } = await loadScoringInput(db, planId, asOf, [...next.subjects, ...next.classes.flatMap((c) => c.units)]);
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const years = [WHOLE_PERIOD, ...assessedYears(input)].map((year) => {
    const current = summary(computeScores(input, rubric, calendar, year));
    const proposed = summary(computeScores(input, { ...next, version: rubric.version + 1 }, calendar, year));
    const ids = [...new Set([...current.keys(), ...proposed.keys()])];
    return {
      year,
      units: ids.map((unitId) => ({ unitId, name: names.get(unitId) ?? unitId, current: current.get(unitId) ?? null, next: proposed.get(unitId) ?? null })),
    };
  });
  return { currentVersion: rubric.version, asOf, years };
}

function summary(set: TScoreSet): Map<string, TPreviewScore> {
  const placed = new Map(set.classes.flatMap((c) => c.ranking.map((r) => [r.unitId, { rank: r.rank, className: c.name }] as const)));
  return new Map(
    set.units.map((u) => [
      u.subjectId,
      { points: u.points, maxPoints: u.maxPoints, grade: u.grade, rank: placed.get(u.subjectId)?.rank ?? null, className: placed.get(u.subjectId)?.className ?? null },
    ]),
  );
}
