/**
 * A measure's final due date (ISO, Asia/Shanghai): the latest deadline its text sets; else the end of the latest
 * year (or the exact date) its targets are tied to; else the end of the plan's year.
 */
export function finalDueOf(input: { deadlines: readonly string[]; targetYears: readonly (string | null)[]; planYear: number }): string {
  const latest = (xs: string[]) => xs.reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  const deadline = latest([...input.deadlines]);
  if (deadline) return deadline;
  const fromTargets = latest(
    input.targetYears.flatMap((by) => {
      if (!by) return [];
      if (/^\d{4}-\d{2}-\d{2}$/.test(by)) return [by];
      if (/^\d{4}$/.test(by)) return [`${by}-12-31`];
      return [];
    }),
  );
  return fromTargets ?? `${input.planYear}-12-31`;
}
