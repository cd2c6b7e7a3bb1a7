import type { TWorld } from './workflow-world';

/**
 * A workflow world's mail read in turns: `next(n)` waits for `n` more emails and for the world to settle, so a stray
 * would be among them, and returns the new ones as "to | subject", sorted; `seen()` is how many the turns have read.
 * The world is passed as a getter because test files start it in a hook after this is made.
 */
export function mailTurns(world: () => Pick<TWorld, 'capture' | 'settled'>) {
  let seen = 0;
  return {
    async next(n: number): Promise<string[]> {
      const { capture, settled } = world();
      await capture.waitFor(() => capture.messages().length >= seen + n, 20_000, `${n} more emails`);
      await settled();
      const fresh = capture.messages().slice(seen);
      seen = capture.messages().length;
      return fresh.map((m) => `${m.to.join(',')} | ${m.subject}`).sort();
    },
    seen: () => seen,
  };
}
