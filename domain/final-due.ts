/** When a target's year (2020) or date (2020-06-30) falls due: its year's end, or the date. */
export function targetDueDate(by: string | null): string | null {
  if (!by) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(by)) return by;
  return /^\d{4}$/.test(by) ? `${by}-12-31` : null;
}

/**
 * A measure's final due date (ISO, Asia/Shanghai): the latest date it names for itself — its deadlines, its targets'
 * years and each yearly milestone's — else the end of the plan's period. A deadline the parser read as a month without
 * its year (6月底前完成, in a plan whose period lies in one year) is a deadline like any other: a measure that names only
 * 6月底前 is due on 30 June and owes no report after that period; one that also names 年底前 is due at the year's end.
 */
export function finalDueOf(input: {
  deadlines: readonly string[];
  targets: readonly { by: string | null; milestones?: readonly { by: string }[] }[];
  planEnd: string;
}): string {
  const own = [
    ...input.deadlines,
    ...input.targets.flatMap((t) => [t.by, ...(t.milestones ?? []).map((m) => m.by)].map(targetDueDate).filter((d): d is string => d !== null)),
  ];
  return own.reduce<string | null>((a, b) => (a === null || b > a ? b : a), null) ?? input.planEnd;
}
