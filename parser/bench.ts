import { parsePlan } from './parse-plan';
import { syntheticPlan } from './synthetic-plan';

const PLANS = 40;
const MIN_SECONDS = 1.5;
const MB = 1024 * 1024;

/**
 * MB of UTF-8 plan text parsed per second on this one thread. Plans are parsed one by one, as imports do, from
 * synthetic plans written to the conventions of real ones; a warm-up pass lets the JIT settle first.
 */
export async function benchParse(): Promise<{ name: 'parse'; value: number; unit: 'MB/s' }> {
  const plans = Array.from({ length: PLANS }, (_, i) => syntheticPlan(i * 7));
  const bytes = plans.reduce((sum, p) => sum + Buffer.byteLength(p, 'utf8'), 0);
  for (const plan of plans) parsePlan(plan);
  let rounds = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (const plan of plans) parsePlan(plan);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  } while (elapsed < MIN_SECONDS);
  return { name: 'parse', value: Math.round(((bytes * rounds) / MB / elapsed) * 100) / 100, unit: 'MB/s' };
}
