import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ZRegistryNamesSchema = z.object({ units: z.array(z.object({ name: z.string() })) });

/** The sample registry's unit names. */
function registryUnitNames(): string[] {
  const registry = ZRegistryNamesSchema.parse(JSON.parse(readFileSync(new URL('../seeds/registry.json', import.meta.url), 'utf8')));
  return registry.units.map((u) => u.name);
}

const CN = '一二三四五六七八九十';
function cnNumber(n: number): string {
  if (n <= 10) return CN[n - 1]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? CN[tens - 1]! : '') + '十' + (ones ? CN[ones - 1]! : '');
}

/**
 * A plan of `measures` measures, twenty-five to a section, each naming `unitsPerMeasure` units of the sample registry
 * (one lead, the rest cooperating), every name resolvable, so each measure gets exactly that many assignments.
 */
export function benchPlanText(year: number, measures: number, unitsPerMeasure: 1 | 2 | 3): string {
  const names = registryUnitNames();
  const lines = [`${year}年重点工作推进行动计划`, `为推进${year}年重点工作，制定本行动计划。`];
  const perSection = 25;
  for (let k = 0, section = 1; k < measures; section++) {
    lines.push(`${cnNumber(section)}、第${section}方面重点工作`);
    for (let item = 1; item <= perSection && k < measures; item++, k++) {
      const [lead, ...cooperating] = [0, 1, 2].slice(0, unitsPerMeasure).map((step) => names[(k + step) % names.length]!);
      const who = cooperating.length ? `${lead}牵头，${cooperating.join('、')}配合` : `${lead}负责`;
      lines.push(`（${cnNumber(item)}）推进第${k + 1}项重点工作。完善工作机制，加强统筹协调，按期报送进展。（${who}）`);
    }
  }
  return lines.join('\n') + '\n';
}
