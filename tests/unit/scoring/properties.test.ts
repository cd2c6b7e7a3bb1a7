import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeScores } from '../../../scoring/compute-scores';
import { DEFAULT_RUBRIC, ZRubricSchema } from '../../../scoring/rubric';
import type { TComparator, TScoreSet, TScoringInput, TScoringReport } from '../../../scoring/types';
import { calendar } from './fixtures';

const DAY = 86_400_000;
const BASE = Date.parse('2026-01-05T02:00:00Z'); // a Monday, 10:00 in Shanghai
const day = (n: number) => new Date(BASE + n * DAY);
const COMPARATORS: TComparator[] = ['gte', 'gt', 'lt', 'lte', 'eq'];

/**
 * Plans as the workflows record them: progress that does not go backwards from one period to the next (a unit
 * reports cumulative progress), one report per unit per period, "done" only on a unit's latest report, and each
 * target's value the same in every report that carries it. Within that, anything goes: lateness, gaps, extensions
 * approved or refused, escalations, weights, comparators, asOf before, during or after the year.
 */
const arbPlan: fc.Arbitrary<TScoringInput> = fc
  .record({
    unitCount: fc.integer({ min: 1, max: 3 }),
    measures: fc.array(
      fc.record({
        weight: fc.constantFrom(0.5, 1, 2),
        dues: fc.uniqueArray(fc.integer({ min: 20, max: 360 }), { minLength: 1, maxLength: 3 }),
        targets: fc.array(
          fc.record({ comparator: fc.constantFrom(...COMPARATORS), value: fc.integer({ min: 0, max: 120 }), reported: fc.integer({ min: 0, max: 150 }) }),
          { maxLength: 2 },
        ),
        lead: fc.nat(),
        cooperating: fc.array(fc.nat(), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    reports: fc.array(
      fc.record({ present: fc.boolean(), offset: fc.integer({ min: -20, max: 40 }), step: fc.integer({ min: 0, max: 60 }), values: fc.boolean() }),
      { minLength: 30, maxLength: 30 },
    ),
    finishes: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    extensions: fc.array(fc.record({ status: fc.constantFrom('approved', 'refused', 'pending'), days: fc.integer({ min: 1, max: 30 }) }), { maxLength: 4 }),
    escalations: fc.array(fc.record({ level: fc.constantFrom('urge', 'supervise', 'coordinator'), day: fc.integer({ min: 0, max: 400 }) }), {
      maxLength: 6,
    }),
    asOf: fc.integer({ min: 0, max: 420 }),
  })
  .map((g): TScoringInput => {
    const units = Array.from({ length: g.unitCount }, (_, i) => ({ id: `u${i}`, name: `单位${i}` }));
    const input: TScoringInput = { planId: 'p', asOf: day(g.asOf), units, measures: [], assignments: [], reports: [], extensions: [], escalations: [] };
    let r = 0;
    g.measures.forEach((gm, mi) => {
      const dues = [...gm.dues].sort((a, b) => a - b);
      const targets = gm.targets.map((t, ti) => ({ id: `m${mi}t${ti}`, indicator: `指标${ti}`, comparator: t.comparator, value: t.value, unit: '%' }));
      input.measures.push({
        id: `m${mi}`,
        ref: `${mi + 1}`,
        title: `措施${mi}`,
        weight: gm.weight,
        due: day(dues.at(-1)!),
        periods: dues.map((d, pi) => ({ period: `P${pi}`, dueAt: day(d) })),
        targets,
      });
      const unitIds = [...new Set([gm.lead, ...gm.cooperating].map((n) => n % g.unitCount))];
      unitIds.forEach((u, ui) => {
        const id = `a${mi}-${u}`;
        input.assignments.push({ id, measureId: `m${mi}`, unitId: `u${u}`, role: ui === 0 ? 'lead' : 'cooperating' });
        let percent = 0;
        const mine: TScoringReport[] = [];
        dues.forEach((due, pi) => {
          const gr = g.reports[r++ % g.reports.length]!;
          percent = Math.min(100, percent + gr.step);
          if (!gr.present) return;
          mine.push({
            id: `r${mi}-${u}-${pi}`,
            assignmentId: id,
            period: `P${pi}`,
            status: 'in_progress',
            percent,
            targetValues: gr.values ? targets.map((t, ti) => ({ targetId: t.id, value: gm.targets[ti]!.reported })) : [],
            submittedAt: day(due + gr.offset),
          });
        });
        const last = mine.at(-1);
        if (last && g.finishes[(mi * 3 + ui) % g.finishes.length]) Object.assign(last, { status: 'done', percent: 100 });
        input.reports.push(...mine);
      });
    });
    g.extensions.forEach((e, i) => {
      const a = input.assignments[i % input.assignments.length]!;
      const m = input.measures.find((x) => x.id === a.measureId)!;
      const p = m.periods[i % m.periods.length]!;
      input.extensions.push({
        id: `x${i}`,
        assignmentId: a.id,
        period: p.period,
        originalDue: p.dueAt,
        requestedDue: new Date(p.dueAt.getTime() + e.days * DAY),
        status: e.status,
      });
    });
    g.escalations.forEach((e, i) => {
      const a = input.assignments[(i * 7) % input.assignments.length]!;
      input.escalations.push({ id: `e${i}`, assignmentId: a.id, level: e.level, period: 'P0', workingDaysLate: 1, sentAt: day(e.day) });
    });
    return input;
  });

const allScores = (set: TScoreSet) => [...set.assignments, ...set.measures, ...set.units, set.plan];
const key = (s: { scope: string; subjectId: string }) => `${s.scope}:${s.subjectId}`;

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('score properties', () => {
  it('a score never rises when a report becomes later', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.integer({ min: 1, max: 90 }), (input, pick, days) => {
        fc.pre(input.reports.length > 0);
        const index = pick % input.reports.length;
        const later: TScoringInput = {
          ...input,
          reports: input.reports.map((r, i) => (i === index ? { ...r, submittedAt: new Date(r.submittedAt.getTime() + days * DAY) } : r)),
        };
        const before = new Map(allScores(computeScores(input, DEFAULT_RUBRIC, calendar)).map((s) => [key(s), s.points]));
        for (const s of allScores(computeScores(later, DEFAULT_RUBRIC, calendar))) {
          expect(s.points, key(s)).toBeLessThanOrEqual(before.get(key(s))!);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every score stays between 0 and the total, and its lines add up to it', () => {
    const stingy = ZRubricSchema.parse({ deductions: { urge: { free: 0, each: 30 }, supervise: { free: 0, each: 40 } } });
    fc.assert(
      fc.property(arbPlan, fc.boolean(), (input, harsh) => {
        for (const s of allScores(computeScores(input, harsh ? stingy : DEFAULT_RUBRIC, calendar))) {
          expect(s.points).toBeGreaterThanOrEqual(0);
          expect(s.points).toBeLessThanOrEqual(s.maxPoints);
          expect(s.maxPoints).toBe(100);
          const sum = s.breakdown.reduce((t, l) => t + l.points, 0);
          expect(Math.abs(sum - s.points)).toBeLessThanOrEqual(0.005 * s.breakdown.length + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('recomputation is identical, whatever order the facts arrive in', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), (input, seed) => {
        const first = computeScores(input, DEFAULT_RUBRIC, calendar);
        expect(computeScores(input, DEFAULT_RUBRIC, calendar)).toEqual(first);
        const shuffled: TScoringInput = {
          ...input,
          reports: shuffle(input.reports, seed),
          extensions: shuffle(input.extensions, seed + 1),
          escalations: shuffle(input.escalations, seed + 2),
        };
        expect(computeScores(shuffled, DEFAULT_RUBRIC, calendar)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
