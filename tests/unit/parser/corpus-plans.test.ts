import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../../parser/decode';
import { parsePlan } from '../../../parser/parse-plan';

// Published plans of other governments, keyed by hand before the parser read them (tests/fixtures/plans/corpus/README.md),
// scored by the shared scorer as `duban parse FILE --json` output would be.
const corpus = fileURLToPath(new URL('../../fixtures/plans/corpus/', import.meta.url));
const scorer = fileURLToPath(new URL('../../../../shared/tools/score-plan.mjs', import.meta.url));
const plans = readdirSync(corpus).filter((f) => f.endsWith('.txt') || f.endsWith('.docx'));
const out = mkdtempSync(join(tmpdir(), 'duban-corpus-'));

const FLOORS = { measures: 0.98, assignments: 0.97, targets: 0.9 } as const;
type TMetric = keyof typeof FLOORS;

/**
 * Where a held-back plan (one no parser change was made for) misses a floor, the score it has: the miss stays visible
 * here, and a change that moves it, either way, makes this test ask for the new figure.
 */
const HELD_BACK_MISSES: Record<string, Partial<Record<TMetric, number>>> = {
  'cn-2019-bonded-zones.txt': { measures: 0.977 },
};

async function score(plan: string): Promise<Record<TMetric, number> & { report: string }> {
  const parsed = parsePlan(await decodeDocument(readFileSync(join(corpus, plan)), plan));
  const predicted = join(out, `${plan}.json`);
  writeFileSync(predicted, JSON.stringify(parsed));
  const scored = spawnSync('node', [scorer, join(corpus, `${plan}.gold.json`), predicted, '--verbose'], { encoding: 'utf8' });
  expect(scored.status, scored.stderr).toBe(0);
  const line = /score measures=([\d.]+) assignments=([\d.]+) targets=([\d.]+)/.exec(scored.stdout);
  expect(line, scored.stdout).not.toBeNull();
  return { measures: Number(line![1]), assignments: Number(line![2]), targets: Number(line![3]), report: scored.stdout };
}

function heldBack(plan: string): boolean {
  const source = JSON.parse(readFileSync(join(corpus, plan.replace(/\.(txt|docx)$/, '.source.json')), 'utf8')) as { heldBack: boolean };
  return source.heldBack;
}

describe('the parser on published plans it had not been shown, scored against their hand-made keys', () => {
  it('finds the corpus, held-back plans among it', () => {
    expect(plans.length).toBeGreaterThanOrEqual(14);
    expect(plans.some((p) => p.endsWith('.docx'))).toBe(true);
    expect(plans.filter(heldBack).length).toBe(4);
  });

  it.each(plans)('%s meets the measure, assignment and target floors', async (plan) => {
    const s = await score(plan);
    const misses = heldBack(plan) ? (HELD_BACK_MISSES[plan] ?? {}) : {};
    for (const metric of Object.keys(FLOORS) as TMetric[]) {
      const known = misses[metric];
      if (known === undefined) expect(s[metric], `${metric}\n${s.report}`).toBeGreaterThanOrEqual(FLOORS[metric]);
      else expect(s[metric], `${metric} (a held-back plan's known miss)\n${s.report}`).toBeCloseTo(known, 3);
    }
  });
});
