import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real plans and their hand-made answer keys live beside the checkout; the product never reads them.
const shared = fileURLToPath(new URL('../../../../shared', import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const plans = readdirSync(join(shared, 'plans')).filter((f) => f.endsWith('.txt'));
const out = mkdtempSync(join(tmpdir(), 'duban-score-'));

function score(plan: string): Record<'measures' | 'assignments' | 'targets', number> & { report: string } {
  const parsed = spawnSync('node', [join(repo, 'bin/duban.mjs'), 'parse', join(shared, 'plans', plan), '--json'], {
    encoding: 'utf8',
  });
  expect(parsed.status, parsed.stderr).toBe(0);
  const predicted = join(out, `${plan}.json`);
  writeFileSync(predicted, parsed.stdout);
  const scored = spawnSync(
    'node',
    [join(shared, 'tools/score-plan.mjs'), join(shared, 'plans', `${plan}.gold.json`), predicted, '--verbose'],
    { encoding: 'utf8' },
  );
  expect(scored.status, scored.stderr).toBe(0);
  const line = /score measures=([\d.]+) assignments=([\d.]+) targets=([\d.]+)/.exec(scored.stdout);
  expect(line, scored.stdout).not.toBeNull();
  return { measures: Number(line![1]), assignments: Number(line![2]), targets: Number(line![3]), report: scored.stdout };
}

describe('the parser on every shared real plan, scored against its answer key', () => {
  it('finds the shared plans', () => {
    expect(plans.length).toBeGreaterThan(0);
  });

  it.each(plans)('%s meets the measure, assignment and target floors', (plan) => {
    const s = score(plan);
    expect(s.measures, s.report).toBeGreaterThanOrEqual(0.98);
    expect(s.assignments, s.report).toBeGreaterThanOrEqual(0.97);
    expect(s.targets, s.report).toBeGreaterThanOrEqual(0.9);
  });
});
