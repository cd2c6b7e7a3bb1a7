import type { TComparator, TScoringInput } from './types';

const DAY = 86_400_000;
/** 2026-01-05, 10:00 in Shanghai: a Monday. */
const START = Date.parse('2026-01-05T02:00:00Z');
const UNITS = ['市发改委', '市财政局', '市市场监管局', '市工业和信息化局', '市住建局', '市商务局', '市农业农村局', '市教育局'];
const COMPARATORS: TComparator[] = ['gte', 'gt', 'lt', 'lte', 'eq'];

/**
 * A plan's recorded facts at scale, for the score benchmark: every measure has one lead and (units − 1) cooperating
 * units, quarterly reports (some early, most on time, some late, some missing, with corrections), targets of every
 * comparator, approved and refused extensions and escalations at every level. Deterministic for given sizes.
 * Reports ≈ measures × units × periods.
 */
export function syntheticScoringInput({ measures = 2000, units = 5, periods = 4 } = {}): TScoringInput {
  const input: TScoringInput = {
    planId: 'synthetic',
    asOf: new Date(START + 400 * DAY),
    units: Array.from({ length: units }, (_, u) => ({ id: `u${u}`, name: UNITS[u % UNITS.length]! + (u >= UNITS.length ? u : '') })),
    measures: [],
    assignments: [],
    reports: [],
    extensions: [],
    escalations: [],
  };
  const step = Math.floor(360 / periods);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let m = 0; m < measures; m++) {
    const dues = Array.from({ length: periods }, (_, p) => START + (p + 1) * step * DAY);
    const targets = Array.from({ length: 1 + (m % 3) }, (_, t) => ({
      id: `m${m}t${t}`,
      indicator: `指标${t}`,
      comparator: COMPARATORS[(m + t) % COMPARATORS.length]!,
      value: 50 + ((m * 7 + t) % 50),
      unit: '%',
    }));
    input.measures.push({
      id: `m${m}`,
      ref: `${Math.floor(m / 10) + 1}/(${(m % 10) + 1})`,
      title: `第${m + 1}项重点任务`,
      weight: 1 + (m % 3) * 0.5,
      due: new Date(dues.at(-1)!),
      periods: dues.map((d, p) => ({ period: `2026-Q${p + 1}`, dueAt: new Date(d) })),
      targets,
    });
    for (let u = 0; u < units; u++) {
      const unit = (m + u) % units;
      const a = `a${m}-${unit}`;
      input.assignments.push({ id: a, measureId: `m${m}`, unitId: `u${unit}`, role: u === 0 ? 'lead' : 'cooperating' });
      let percent = 0;
      for (let p = 0; p < periods; p++) {
        const r = next();
        percent = Math.min(100, percent + (r % 35));
        // A report every period, but one in 16 comes in a whole quarter late (as a correction for the next one).
        const offset = r % 16 === 0 ? step : (r % 23) - 8;
        input.reports.push({
          id: `r${m}-${unit}-${p}`,
          assignmentId: a,
          period: `2026-Q${p + 1}`,
          status: p === periods - 1 && percent >= 90 ? 'done' : 'in_progress',
          percent: p === periods - 1 && percent >= 90 ? 100 : percent,
          targetValues: u === 0 ? targets.map((t) => ({ targetId: t.id, value: t.value * (0.8 + (r % 40) / 100) })) : [],
          submittedAt: new Date(dues[p]! + offset * DAY),
        });
      }
      const r = next();
      if (r % 10 === 0) {
        input.extensions.push({
          id: `x${m}-${unit}`,
          assignmentId: a,
          period: `2026-Q${periods}`,
          originalDue: new Date(dues.at(-1)!),
          requestedDue: new Date(dues.at(-1)! + 20 * DAY),
          status: r % 20 === 0 ? 'approved' : 'refused',
        });
      }
      if (r % 7 === 0) {
        const levels = (['urge', 'supervise', 'coordinator'] as const).slice(0, 1 + (r % 3));
        levels.forEach((level, i) =>
          input.escalations.push({
            id: `e${m}-${unit}-${i}`,
            assignmentId: a,
            level,
            period: '2026-Q1',
            workingDaysLate: [1, 3, 7][i]!,
            sentAt: new Date(dues[0]! + (i + 1) * 3 * DAY),
          }),
        );
      }
    }
  }
  return input;
}
