import type { TComparator } from './types';

export type TAttainment = {
  met: boolean;
  /** How far toward the target the value got, 0…1 (1 when met); undefined ratios (a target of 0 missed) are 0. */
  ratio: number;
  /** The share of the target's points earned: 1 when met, else the ratio, never above `partialCap`. */
  credit: number;
};

export const COMPARATOR_SIGNS: Record<TComparator, string> = { gte: '≥', gt: '>', lt: '<', lte: '≤', eq: '=' };

// Values come from people typing numbers; a float that prints as the target is the target.
const EPSILON = 1e-9;

/**
 * A reported value against a target, respecting its comparator.
 * - "at least / more than" (gte, gt): ratio = value / target — 93 against ≥ 95 has gone 97.9% of the way.
 * - "at most / less than" (lte, lt): ratio = target / value — 40 against ≤ 35 is 87.5% of the way down.
 * - "equal": ratio = 1 − |value − target| / |target|.
 * A strict comparator is not met by equality (">100" is not reached by 100), yet its ratio is 1; the cap keeps a
 * miss below a hit, which is why a missed target is capped below full credit rather than at it. Ratios are only
 * meaningful for positive magnitudes: when the target or value is not positive a miss earns nothing.
 */
export function targetAttainment(comparator: TComparator, target: number, value: number, partialCap: number): TAttainment {
  let met: boolean;
  let ratio: number;
  switch (comparator) {
    case 'gte':
      met = value >= target - EPSILON;
      ratio = target > 0 && value > 0 ? value / target : 0;
      break;
    case 'gt':
      met = value > target + EPSILON;
      ratio = target > 0 && value > 0 ? value / target : 0;
      break;
    case 'lte':
      met = value <= target + EPSILON;
      ratio = target > 0 && value > 0 ? target / value : 0;
      break;
    case 'lt':
      met = value < target - EPSILON;
      ratio = target > 0 && value > 0 ? target / value : 0;
      break;
    case 'eq':
      met = Math.abs(value - target) <= EPSILON * Math.max(1, Math.abs(target));
      ratio = target !== 0 ? 1 - Math.abs(value - target) / Math.abs(target) : 0;
      break;
  }
  if (met) return { met, ratio: 1, credit: 1 };
  const bounded = Math.min(1, Math.max(0, ratio));
  return { met, ratio: bounded, credit: Math.min(bounded, partialCap) };
}
