import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser/parse-plan';
import { extractTargets } from '../../../parser/targets';

/**
 * Where a plan gives an indicator its starting point (基数, 基期值), the target carries it: the base value and year,
 * the base number no target of its own and the base year no year the target is due by.
 */
describe('baselines read from a target’s text', () => {
  it.each([
    ['产品质量合格率由2015年的85%提高到93%。', { indicator: '产品质量合格率', comparator: '>=', value: 93, unit: '%', by: '2020', baseline: { year: '2015', value: 85 } }],
    ['全市消费者投诉量由2015年的1200件下降到800件以下。', { indicator: '全市消费者投诉量', comparator: '<=', value: 800, unit: '件', by: '2020', baseline: { year: '2015', value: 1200 } }],
    ['火灾死亡人数从2015年底的30人降至20人以下。', { indicator: '火灾死亡人数', comparator: '<=', value: 20, unit: '人', by: '2020', baseline: { year: '2015', value: 30 } }],
    ['以2015年的1200件为基数，投诉量下降到800件。', { indicator: '投诉量', value: 800, by: '2020', baseline: { year: '2015', value: 1200 } }],
    ['万元GDP能耗比2015年下降10%。', { indicator: '万元GDP能耗', value: 10, unit: '%', by: '2020', baseline: { year: '2015', value: null } }],
    ['以2015年为基数，主要污染物排放总量下降8%。', { indicator: '主要污染物排放总量', value: 8, by: '2020', baseline: { year: '2015', value: null } }],
    ['到2018年，合格率由85%提高到90%。', { indicator: '合格率', value: 90, by: '2018', baseline: { year: null, value: 85 } }],
  ] as const)('%s', (text, expected) => {
    const targets = extractTargets(text, '2020');
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject(expected);
  });

  it.each([
    ['到2020年，产品质量合格率达到95%。'],
    ['培育科技型领军企业5家。'],
    ['到2018年达到90%，到2020年达到95%。'],
  ])('%s has none', (text) => {
    for (const target of extractTargets(text, '2020')) expect(target.baseline).toBeUndefined();
  });

  it('a base year in one clause is not the next clause’s', () => {
    const [energy, air] = extractTargets('万元GDP能耗比2015年下降10%，PM2.5浓度达到35微克/立方米。', '2020');
    expect(energy!.baseline).toEqual({ year: '2015', value: null });
    expect(air!.baseline).toBeUndefined();
  });
});

// The real plans beside the checkout, with their hand-made answer keys; the product never reads them.
const shared = fileURLToPath(new URL('../../../../shared/plans', import.meta.url));
const plans = readdirSync(shared).filter((f) => f.endsWith('.txt'));

/** Every baseline each real plan gives, found by reading the plans: only 003 names one (PM2.5年均浓度较2013年下降比例达到13%), without its value. */
const EXPECTED: Record<string, { indicator: string; baseline: { year: string | null; value: number | null } }[]> = {
  '003_ddecad1bf628223d.txt': [{ indicator: 'PM2.5年均浓度', baseline: { year: '2013', value: null } }],
};

describe('baselines in the real plans', () => {
  it.each(plans)('%s: the baselines it gives, and those of its answer key', (plan) => {
    const parsed = parsePlan(readFileSync(join(shared, plan), 'utf8'));
    const found = parsed.measures.flatMap((m) => m.targets.flatMap((t) => (t.baseline ? [{ indicator: t.indicator, baseline: t.baseline }] : [])));
    expect(found).toEqual(EXPECTED[plan] ?? []);
    // Where the answer key carries baselines, they are the parser's.
    const gold = JSON.parse(readFileSync(join(shared, `${plan}.gold.json`), 'utf8')) as { measures: { targets?: { baseline?: unknown }[] }[] };
    const keyed = gold.measures.flatMap((m) => (m.targets ?? []).flatMap((t) => (t.baseline === undefined ? [] : [t.baseline])));
    if (keyed.length) expect(found.map((f) => f.baseline)).toEqual(keyed);
  });
});
