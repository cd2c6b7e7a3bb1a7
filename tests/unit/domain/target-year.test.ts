import { describe, expect, it } from 'vitest';
import { originalBy, shownTarget, targetByText, targetLine } from '../../../domain/target-year';

describe('a re-based target as shown: its years moved, the plan’s own beside (原定)', () => {
  it('moves every year its words name by as many years as its date moved, and names the original', () => {
    const rebased = { text: '2019年达到90%，到2020年达到95%', by: '2028', original: { by: '2020', milestones: [] } };
    expect(shownTarget(rebased)).toEqual({ text: '2027年达到90%，到2028年达到95%', original: '2020年' });
    expect(targetLine(rebased)).toBe('2027年达到90%，到2028年达到95%（原定2020年）');
  });

  it('names an original date as the plan writes dates', () => {
    expect(shownTarget({ text: '2019年6月30日前建成10个', by: '2027-06-30', original: { by: '2019-06-30' } })).toEqual({ text: '2027年6月30日前建成10个', original: '2019年6月30日' });
  });

  it('leaves a target its launch did not move as written, with no original', () => {
    for (const target of [
      { text: '到2026年达到95%', by: '2026', original: null },
      { text: '到2026年达到95%', by: '2026', original: { by: '2026' } },
      { text: '达到95%', by: null, original: { by: '2020' } },
      { text: '到2026年达到95%', by: '2026', original: 'not what a re-base stores' },
    ]) {
      expect(targetLine(target)).toBe(target.text);
    }
  });

  it('prints the year a target is due by as a report does: the moved one, the plan’s own beside it', () => {
    expect(targetByText({ by: '2028', original: { by: '2020', milestones: [] } })).toBe('2028年（原定2020年）');
    expect(originalBy({ by: '2028', original: { by: '2020' } })).toBe('2020年');
    expect(targetByText({ by: '2027-06-30', original: { by: '2019-06-30' } })).toBe('2027年6月30日（原定2019年6月30日）');
    expect(targetByText({ by: '2026', original: null })).toBe('2026年');
    expect(targetByText({ by: '2026' })).toBe('2026年');
    expect(originalBy({ by: '2026', original: { by: '2026' } })).toBeNull();
    expect(targetByText({ by: null, original: { by: '2020' } })).toBeNull();
  });
});
