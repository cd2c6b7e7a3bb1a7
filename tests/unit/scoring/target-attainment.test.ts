import { describe, expect, it } from 'vitest';
import { targetAttainment } from '../../../scoring/target-attainment';
import type { TComparator } from '../../../scoring/types';

describe('a reported value against its target', () => {
  it.each<[TComparator, number, number, boolean, number, number]>([
    // comparator, target, value, met, ratio, credit (cap 0.9)
    ['gte', 95, 95, true, 1, 1],
    ['gte', 95, 120, true, 1, 1], // exceeding earns no bonus
    ['gte', 80, 60, false, 0.75, 0.75],
    ['gte', 80, 78, false, 0.975, 0.9], // close misses are capped below a hit
    ['gt', 100, 100, false, 1, 0.9], // "超过 100" is not reached by 100
    ['gt', 100, 101, true, 1, 1],
    ['gt', 100, 50, false, 0.5, 0.5],
    ['lte', 35, 35, true, 1, 1],
    ['lte', 35, 40, false, 0.875, 0.875],
    ['lte', 35, 0, true, 1, 1],
    ['lt', 10, 10, false, 1, 0.9], // "低于 10" is not reached by 10
    ['lt', 10, 9.5, true, 1, 1],
    ['lt', 10, 20, false, 0.5, 0.5],
    ['eq', 100, 100, true, 1, 1],
    ['eq', 100, 80, false, 0.8, 0.8],
    ['eq', 100, 250, false, 0, 0],
    ['gte', 0, -1, false, 0, 0], // no meaningful ratio below a target of 0
    ['lte', 0, 3, false, 0, 0],
  ])('%s %d, reported %d: met %s, ratio %d, credit %d', (comparator, target, value, met, ratio, credit) => {
    const a = targetAttainment(comparator, target, value, 0.9);
    expect(a.met).toBe(met);
    expect(a.ratio).toBeCloseTo(ratio, 10);
    expect(a.credit).toBeCloseTo(credit, 10);
  });

  it('treats a float that prints as the target as the target', () => {
    expect(targetAttainment('gte', 0.3, 0.1 + 0.2, 0.9).met).toBe(true);
    expect(targetAttainment('eq', 0.3, 0.1 + 0.2, 0.9).met).toBe(true);
  });
});
