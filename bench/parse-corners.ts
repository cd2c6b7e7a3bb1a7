import { parsePlan } from '../parser/parse-plan';
import { ratioOf, type TBenchResult } from './result';

/**
 * Texts that once made the parser quadratic, or could: each `size` repetitions of what a careless regex or a rescan
 * per line would read again and again.
 */
export const PARSE_CORNERS: Record<string, (size: number) => string> = {
  'one enormous paragraph': (n) => '（一）加强监管。' + '开展检查，合格率达到95%以上，培育企业5家、'.repeat(n) + '（市质监局负责）',
  'a long run of spaces': (n) => '（一）加强监管。' + ' '.repeat(10 * n) + 'x',
  'a long run of dates without 前': (n) => '（一）' + '2019年和'.repeat(n),
  'many unclosed parentheses': (n) => '（一）' + '（市质监局'.repeat(n),
  'many labelled clauses': (n) => '（一）加强。' + '责任单位：市质监局。'.repeat(n),
  'a pasted task table': (n) => '序号\t重点任务\t牵头单位\t完成时限\n' + '1\t开展检查。\t市质监局\t2026年底前\n'.repeat(n),
  'tabbed lines opening a quote that never closes': (n) => '"未闭合\t甲\t乙\n'.repeat(n),
};

const CORNER_SIZE = 20_000;
const CORNER_GROWTH = 4;
/** Linear growth makes the larger text take CORNER_GROWTH times as long, quadratic its square: the goal lies between. */
const CORNER_MAX_RATIO = 8;

const MIN_ROUNDS = 5;
const MIN_SECONDS = 2;

/** Seconds one parse of `text` takes. */
function parseSeconds(text: string): number {
  const started = process.hrtime.bigint();
  parsePlan(text);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The least time each of the two texts takes to parse, over alternating rounds (at least MIN_ROUNDS, and MIN_SECONDS
 * in all), so a machine busy for a while slows both alike and the least time is the one least disturbed.
 */
function bestOfPair(small: string, large: string): { small: number; large: number } {
  parsePlan(small);
  const best = { small: Infinity, large: Infinity };
  const started = performance.now();
  for (let round = 0; round < MIN_ROUNDS || performance.now() - started < MIN_SECONDS * 1000; round++) {
    best.small = Math.min(best.small, parseSeconds(small));
    best.large = Math.min(best.large, parseSeconds(large));
  }
  return best;
}

/**
 * The parser stays linear on its corners: each corner is parsed at CORNER_SIZE repetitions (the baseline, in the same
 * run) and at CORNER_GROWTH times that, and the figure is the corner that grew most. A ratio, not a time, so a loaded
 * machine slows both sides alike.
 */
export async function benchParseCorners(): Promise<TBenchResult> {
  const grown = Object.entries(PARSE_CORNERS).map(([name, make]) => {
    const { small: base, large: big } = bestOfPair(make(CORNER_SIZE), make(CORNER_SIZE * CORNER_GROWTH));
    return { name, base, big, ratio: ratioOf(big, base) };
  });
  const worst = grown.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    name: 'parse-corners',
    value: Math.round(worst.big * 1000) / 1000,
    unit: 's',
    baseline: Math.round(worst.base * 1000) / 1000,
    ratio: worst.ratio,
    target: `ratio ≤ ${CORNER_MAX_RATIO} for ${CORNER_GROWTH}× the text (linear ${CORNER_GROWTH}, quadratic ${CORNER_GROWTH ** 2})`,
    met: worst.ratio <= CORNER_MAX_RATIO,
    details: Object.fromEntries(grown.map((g) => [g.name, g.ratio])),
  };
}
