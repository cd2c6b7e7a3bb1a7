import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import { syntheticPlan } from '../../../parser/synthetic-plan';

// The 2 MB/s goal is measured by `duban bench`; these guard against inputs that would hang the parser.
describe('parse speed', () => {
  it('the benchmark plans are real work: measures with units and targets', () => {
    const plan = parsePlan(syntheticPlan(1));
    expect(plan.measures.length).toBeGreaterThan(40);
    expect(plan.measures.filter((m) => m.targets.length > 0).length).toBeGreaterThan(5);
    expect(plan.measures.filter((m) => m.responsibility !== 'unspecified').length).toBeGreaterThan(30);
  });

  it('stays linear on one enormous paragraph', () => {
    const line = '（一）加强监管。' + '开展检查，合格率达到95%以上，培育企业5家、'.repeat(20000) + '（市质监局负责）';
    const started = performance.now();
    const plan = parsePlan(line);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(plan.measures).toHaveLength(1);
  });
});

describe('no quadratic corners', () => {
  it.each([
    ['a long run of spaces', '（一）加强监管。' + ' '.repeat(200000) + 'x'],
    ['a long run of dates without 前', '（一）' + '2019年和'.repeat(20000)],
    ['many unclosed parentheses', '（一）' + '（市质监局'.repeat(20000)],
    ['many labelled clauses', '（一）加强。' + '责任单位：市质监局。'.repeat(20000)],
    ['a pasted task table of 20000 rows', '序号\t重点任务\t牵头单位\t完成时限\n' + '1\t开展检查。\t市质监局\t2026年底前\n'.repeat(20000)],
    ['many tabbed lines opening a quote that never closes', '"未闭合\t甲\t乙\n'.repeat(20000)],
  ])('%s', (_, text) => {
    const started = performance.now();
    parsePlan(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
