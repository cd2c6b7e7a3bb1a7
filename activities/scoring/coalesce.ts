export type TCoalescerOptions<TArg> = {
  /** Folds the arguments of calls that share one computation, e.g. the latest `asOf`. */
  merge: (a: TArg, b: TArg) => TArg;
  /** After a computation that took d ms, the key rests min(restFactor × d, maxRestMs) before the next one starts. */
  restFactor: number;
  maxRestMs: number;
};

type TWaiter<TResult> = { resolve: (r: TResult) => void; reject: (e: unknown) => void };
type TLane<TArg, TResult> = { busy: boolean; next: { arg: TArg; waiters: TWaiter<TResult>[] } | null; restUntil: number };

/**
 * One computation per key at a time, shared by every call that arrives before it starts.
 *
 * A call made while its key's computation runs joins the next one, never the running one (which may have read its
 * data before the caller's change was written), so every caller gets the result of a computation that started after
 * it called. Between computations of a key lies a rest proportional to the last one's duration: under any stream of
 * calls a key is busy at most 1 / (1 + restFactor) of the time, and the calls of a rest all share one computation.
 */
export function createCoalescer<TArg, TResult>(run: (key: string, arg: TArg) => Promise<TResult>, options: TCoalescerOptions<TArg>) {
  const lanes = new Map<string, TLane<TArg, TResult>>();

  async function drain(key: string, lane: TLane<TArg, TResult>) {
    lane.busy = true;
    try {
      while (lane.next) {
        const rest = lane.restUntil - Date.now();
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
        const batch = lane.next;
        lane.next = null;
        const started = Date.now();
        try {
          const result = await run(key, batch.arg);
          for (const w of batch.waiters) w.resolve(result);
        } catch (err) {
          for (const w of batch.waiters) w.reject(err);
        }
        const ended = Date.now();
        lane.restUntil = ended + Math.min(options.maxRestMs, (ended - started) * options.restFactor);
      }
    } finally {
      lane.busy = false;
    }
  }

  return function call(key: string, arg: TArg): Promise<TResult> {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { busy: false, next: null, restUntil: 0 };
      lanes.set(key, lane);
    }
    const joined = lane;
    const result = new Promise<TResult>((resolve, reject) => {
      if (joined.next) {
        joined.next.arg = options.merge(joined.next.arg, arg);
        joined.next.waiters.push({ resolve, reject });
      } else {
        joined.next = { arg, waiters: [{ resolve, reject }] };
      }
    });
    if (!joined.busy) void drain(key, joined);
    return result;
  };
}
