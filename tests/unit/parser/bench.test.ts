import { describe, expect, it } from 'vitest';
import { PARSE_CORNERS } from '../../../bench/parse-corners';
import { parsePlan } from '../../../parser/parse-plan';
import { ZParsedPlanSchema } from '../../../parser/schema';
import { syntheticPlan } from '../../../parser/synthetic-plan';

// How fast the parser reads (2 MB/s) and that it stays linear on its corners are `duban bench`'s figures (parse,
// parse-corners), measured against a baseline in the same run; here only what the benchmarks read.
describe('parse speed', () => {
  it('the benchmark plans are real work: measures with units and targets', () => {
    const plan = parsePlan(syntheticPlan(1));
    expect(plan.measures.length).toBeGreaterThan(40);
    expect(plan.measures.filter((m) => m.targets.length > 0).length).toBeGreaterThan(5);
    expect(plan.measures.filter((m) => m.responsibility !== 'unspecified').length).toBeGreaterThan(30);
  });

  it('reads one enormous paragraph as one measure', () => {
    expect(parsePlan(PARSE_CORNERS['one enormous paragraph']!(1_000)).measures).toHaveLength(1);
  });

  // Widths and rows were once gathered with spreads (`Math.max(...rows)`, `push(...rows)`), which pass every row as an
  // argument: 160,000 tabbed lines overflowed the call stack instead of parsing.
  it('reads 160,000 tabbed lines without overflowing the stack', () => {
    expect(() => ZParsedPlanSchema.parse(parsePlan(PARSE_CORNERS['tabbed lines opening a quote that never closes']!(160_000)))).not.toThrow();
  }, 60_000);

  it.each(Object.entries(PARSE_CORNERS))('parses the corner “%s” into a plan within its contract', (_, make) => {
    expect(() => ZParsedPlanSchema.parse(parsePlan(make(1_000)))).not.toThrow();
  });
});
