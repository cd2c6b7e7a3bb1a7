import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../../calendar/working-days';
import { periodCloseScoring } from '../../../domain/period-close-scoring';

const SPREAD = 30 * 60_000;

describe('when a measure rescores its plan after a period closes', () => {
  it('scores as of the first moment after the due day in Shanghai', () => {
    expect(periodCloseScoring('2026-07-15', 'm1', SPREAD).asOf).toBe(shanghaiMidnight('2026-07-16'));
    expect(new Date(periodCloseScoring('2026-12-31', 'm1', SPREAD).asOf).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('gives one measure the same moment every time, within the spread after the close', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 86_400_000 }), (id, spread) => {
        const a = periodCloseScoring('2026-07-15', id, spread);
        expect(periodCloseScoring('2026-07-15', id, spread)).toEqual(a);
        expect(a.at - a.asOf).toBeGreaterThanOrEqual(0);
        expect(a.at - a.asOf).toBeLessThan(spread);
      }),
    );
  });

  it('spreads the measures of a large plan across the window instead of one instant', () => {
    const offsets = Array.from({ length: 2_000 }, (_, i) => {
      const s = periodCloseScoring('2026-07-15', `cmwq1sg05000f287d${i.toString(36).padStart(4, '0')}`, SPREAD);
      return s.at - s.asOf;
    });
    // In each tenth of the window, roughly a tenth of the measures: none empty, none holding a quarter of them.
    const buckets = Array.from({ length: 10 }, (_, b) => offsets.filter((o) => Math.floor((o / SPREAD) * 10) === b).length);
    expect(Math.min(...buckets)).toBeGreaterThan(100);
    expect(Math.max(...buckets)).toBeLessThan(500);
  });

  it('scores at the close itself when there is no spread', () => {
    const s = periodCloseScoring('2026-07-15', 'm1', 0);
    expect(s.at).toBe(s.asOf);
  });
});
