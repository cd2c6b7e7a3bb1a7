import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../../activities/scoring/coalesce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A computation that records what it was asked and when, taking `ms`. */
function recorder(ms: number, fail?: (arg: number) => boolean) {
  const runs: { key: string; arg: number; start: number; end: number }[] = [];
  const run = async (key: string, arg: number) => {
    const start = performance.now();
    await sleep(ms);
    if (fail?.(arg)) throw new Error(`failed at ${arg}`);
    runs.push({ key, arg, start, end: performance.now() });
    return `${key}@${arg}`;
  };
  return { runs, run };
}

const latest = (a: number, b: number) => Math.max(a, b);

describe('createCoalescer', () => {
  it('runs a lone call at once', async () => {
    const { runs, run } = recorder(5);
    const call = createCoalescer(run, { merge: latest, restFactor: 3, maxRestMs: 1_000 });
    expect(await call('plan-a', 1)).toBe('plan-a@1');
    expect(runs.map((r) => r.arg)).toEqual([1]);
  });

  it('gives calls made during a computation one shared later computation, as of the latest argument', async () => {
    const { runs, run } = recorder(40);
    const call = createCoalescer(run, { merge: latest, restFactor: 0, maxRestMs: 0 });
    const first = call('plan-a', 1);
    await sleep(10);
    const later = [call('plan-a', 3), call('plan-a', 2), call('plan-a', 4)];
    expect(await first).toBe('plan-a@1');
    expect(await Promise.all(later)).toEqual(['plan-a@4', 'plan-a@4', 'plan-a@4']);
    expect(runs.map((r) => r.arg)).toEqual([1, 4]);
  });

  it('rests in proportion to the last computation before the next, capped', async () => {
    const { runs, run } = recorder(30);
    const call = createCoalescer(run, { merge: latest, restFactor: 2, maxRestMs: 1_000 });
    await call('plan-a', 1);
    await Promise.all([call('plan-a', 2), call('plan-a', 3)]);
    expect(runs.map((r) => r.arg)).toEqual([1, 3]);
    expect(runs[1]!.start - runs[0]!.end).toBeGreaterThanOrEqual(50);

    const capped = recorder(30);
    const callCapped = createCoalescer(capped.run, { merge: latest, restFactor: 100, maxRestMs: 20 });
    await callCapped('plan-a', 1);
    await callCapped('plan-a', 2);
    expect(capped.runs[1]!.start - capped.runs[0]!.end).toBeLessThan(1_000);
  });

  it('keeps plans apart: one plan’s rest does not hold another back', async () => {
    const { runs, run } = recorder(30);
    const call = createCoalescer(run, { merge: latest, restFactor: 100, maxRestMs: 10_000 });
    await call('plan-a', 1);
    const started = performance.now();
    expect(await call('plan-b', 1)).toBe('plan-b@1');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(runs.map((r) => r.key)).toEqual(['plan-a', 'plan-b']);
  });

  it('fails every caller of a failed computation, and the next callers get a fresh one', async () => {
    const { runs, run } = recorder(10, (arg) => arg === 1);
    const call = createCoalescer(run, { merge: latest, restFactor: 0, maxRestMs: 0 });
    const failing = call('plan-a', 1);
    await expect(failing).rejects.toThrow('failed at 1');
    expect(await call('plan-a', 2)).toBe('plan-a@2');
    expect(runs.map((r) => r.arg)).toEqual([2]);
  });
});
