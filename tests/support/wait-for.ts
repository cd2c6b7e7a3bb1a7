/**
 * Polls `check` until it gives a value (anything but null, undefined or false) and returns it, or fails after
 * `timeoutMs` naming what it waited for (and, given `progress`, how far it got). The tests' one way to wait: on a
 * condition, with a bound, never a fixed sleep.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  { timeoutMs = 30_000, everyMs = 100, progress }: { timeoutMs?: number; everyMs?: number; progress?: () => string | Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${progress ? ` (${await progress()})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
