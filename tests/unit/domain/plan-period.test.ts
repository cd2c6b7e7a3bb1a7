import { describe, expect, it } from 'vitest';
import { importedPeriod, periodYears, type TStatedPeriod } from '../../../domain/plan-period';

/** 宝坻's opinion as the parser reads it: issued 2018-12-29, targets 到2020年 in 一/(三). */
const baodi: TStatedPeriod = {
  from: { date: '2018-12-29', text: '2018年12月29日', ref: null },
  to: { date: '2020-12-31', text: '到2020年', ref: '一/(三)', kind: 'named' },
};

describe('the period of a newly imported plan (--year names its first year)', () => {
  it('by default runs from its issue date to the end of the latest year it names, each end with its reason', () => {
    const { period, conflict } = importedPeriod(baodi, 2018);
    expect(period).toEqual({
      from: '2018-12-29',
      to: '2020-12-31',
      fromReason: { kind: 'plan', text: '2018年12月29日', ref: null },
      toReason: { kind: 'plan', text: '到2020年', ref: '一/(三)' },
      original: null,
    });
    expect(conflict).toBeNull();
    expect(periodYears(period)).toEqual([2018, 2019, 2020]);
  });

  it('a first year after the issue year starts on its 1 January and keeps the plan’s later end', () => {
    expect(importedPeriod(baodi, 2019)).toMatchObject({ period: { from: '2019-01-01', to: '2020-12-31', fromReason: { kind: 'first-year' } }, conflict: null });
  });

  it('a first year after every year the plan names wins, and says which of the plan’s words it overrides', () => {
    const { period, conflict } = importedPeriod(baodi, 2026);
    expect(period).toMatchObject({ from: '2026-01-01', to: '2026-12-31', toReason: { kind: 'first-year' } });
    expect(conflict).toEqual({ text: '到2020年', ref: '一/(三)', year: 2020 });
  });

  it('a plan that names no year runs to the end of its first year', () => {
    expect(importedPeriod(null, 2026).period).toMatchObject({ from: '2026-01-01', to: '2026-12-31', fromReason: { kind: 'first-year' }, toReason: { kind: 'first-year' } });
  });
});
