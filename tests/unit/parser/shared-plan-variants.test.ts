import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import { sharedPlansDir } from './fixtures';

// The same real plans rewritten the ways plans arrive: traditional script, one flattened paragraph, CRLF,
// half-width punctuation, indented paragraphs. The parser must score as well on each.
const toTraditional = Converter({ from: 'cn', to: 'hk' });
const scorer = join(sharedPlansDir, '../tools/score-plan.mjs');
const out = mkdtempSync(join(tmpdir(), 'duban-variants-'));

type TJson = string | number | boolean | null | TJson[] | { [key: string]: TJson };
const mapStrings = (v: TJson, f: (s: string) => string): TJson =>
  typeof v === 'string' ? f(v) : Array.isArray(v) ? v.map((x) => mapStrings(x, f)) : v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)])) : v;

const variants: Record<string, { text: (t: string) => string; gold: (g: TJson) => TJson }> = {
  traditional: { text: toTraditional, gold: (g) => mapStrings(g, toTraditional) },
  flattened: { text: (t) => t.replace(/\n+/g, ''), gold: (g) => g },
  crlf: { text: (t) => t.replace(/\n/g, '\r\n'), gold: (g) => g },
  'half-width': { text: (t) => t.replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/：/g, ':'), gold: (g) => g },
  indented: { text: (t) => t.split('\n').map((l) => '\u3000\u3000' + l).join('\n'), gold: (g) => g },
};

const cases = readdirSync(sharedPlansDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((plan) => Object.keys(variants).map((variant) => [plan, variant] as const));

describe('shared plans rewritten as plans arrive still meet the floors', () => {
  it.each(cases)('%s, %s', (plan, variant) => {
    const { text, gold } = variants[variant]!;
    const goldPath = join(out, `${plan}.${variant}.gold.json`);
    const predPath = join(out, `${plan}.${variant}.json`);
    writeFileSync(goldPath, JSON.stringify(gold(JSON.parse(readFileSync(sharedPlansDir + plan + '.gold.json', 'utf8')))));
    writeFileSync(predPath, JSON.stringify(parsePlan(text(readFileSync(sharedPlansDir + plan, 'utf8')))));
    const scored = spawnSync('node', [scorer, goldPath, predPath, '--verbose'], { encoding: 'utf8' });
    const m = /score measures=([\d.]+) assignments=([\d.]+) targets=([\d.]+)/.exec(scored.stdout);
    expect(m, scored.stdout + scored.stderr).not.toBeNull();
    expect(Number(m![1]), scored.stdout).toBeGreaterThanOrEqual(0.98);
    expect(Number(m![2]), scored.stdout).toBeGreaterThanOrEqual(0.97);
    expect(Number(m![3]), scored.stdout).toBeGreaterThanOrEqual(0.9);
  });
});
