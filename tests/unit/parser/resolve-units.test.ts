import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import { ZUnitRegistrySchema } from '../../../parser/registry';
import { resolveUnit } from '../../../parser/resolve-units';
import { fixture } from './fixtures';

const registry = ZUnitRegistrySchema.parse({
  units: [
    { name: '市场监管局', aliases: ['市市场监管局', '市质监局'] },
    { name: '发改委', aliases: ['发展改革委'] },
    { name: '科技局' },
    { name: '经信委' },
  ],
  groups: [{ name: '成员单位' }, { name: '旗(区)政府(管委会)' }],
});

describe('resolveUnit', () => {
  it.each([
    ['市场监管局', '市场监管局', 'exact'],
    ['市质监局', '市场监管局', 'alias'],
    ['市場監管局', '市场监管局', 't2s'],
    ['盟發改委', '发改委', 'prefix'],
    ['区科技局', '科技局', 'prefix'],
    ['各成员单位', '成员单位', 'exact'],
    ['各旗（區）政府（管委會）', '旗(区)政府(管委会)', 't2s'],
  ])('%s → %s via %s', (name, resolvedTo, via) => {
    expect(resolveUnit(name, registry)).toMatchObject({ resolvedTo, via });
  });

  it('leaves a name it cannot place unresolved, and resolves nothing without a registry', () => {
    expect(resolveUnit('市外事办', registry)).toEqual({ kind: 'unit', resolvedTo: null, via: null });
    expect(resolveUnit('市场监管局', undefined)).toEqual({ kind: 'unit', resolvedTo: null, via: null });
    expect(resolveUnit('各成员单位', undefined)).toMatchObject({ kind: 'group' });
  });
});

describe('parsePlan with a registry', () => {
  it('keeps every name as written and warns about each unresolved one', () => {
    const plan = parsePlan(fixture('traditional.txt'), { registry });
    const first = plan.measures[0]!;
    expect(first.cooperating).toEqual(['盟發改委', '盟市場監管局', '盟經信委']);
    expect(first.units.map((u) => [u.name, u.resolvedTo, u.via])).toEqual([
      ['盟科技局', '科技局', 'prefix'],
      ['盟發改委', '发改委', 'prefix'],
      ['盟市場監管局', '市场监管局', 'prefix'],
      ['盟經信委', '经信委', 'prefix'],
    ]);
    const unresolved = plan.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED');
    expect(unresolved.map((w) => w.ref)).toEqual(['一/（三）', '一/（四）', '一/（四）']);
    expect(unresolved[0]!.message).toContain('各檢驗檢測機構');
  });

  it('gives no resolution warnings without a registry', () => {
    const plan = parsePlan(fixture('traditional.txt'));
    expect(plan.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED')).toEqual([]);
  });
});
