/** The office's correction of an indicator value a unit reported (IndicatorCorrection), as scoring reads it. */
export type TScoringCorrection = { reportId: string; targetId: string; value: number; correctedAt: Date };

/** The latest correction of each (report, target), keyed by correctionKey: the value that counts in its place. */
export function latestCorrections<C extends TScoringCorrection>(corrections: readonly C[]): Map<string, C> {
  const latest = new Map<string, C>();
  for (const c of [...corrections].sort((a, b) => a.correctedAt.getTime() - b.correctedAt.getTime())) latest.set(correctionKey(c.reportId, c.targetId), c);
  return latest;
}

export const correctionKey = (reportId: string, targetId: string) => `${reportId}\u0000${targetId}`;

/**
 * Reports with the values that count: each corrected value in place of the one reported (or added, when the report
 * carried none for that target). The reports as sent are kept elsewhere (the indicator table shows both).
 */
export function correctedReports<R extends { id: string; targetValues: { targetId: string; value: number }[] }>(
  reports: readonly R[],
  corrections: readonly TScoringCorrection[],
): R[] {
  if (!corrections.length) return [...reports];
  const latest = latestCorrections(corrections);
  const byReport = new Map<string, TScoringCorrection[]>();
  for (const c of latest.values()) byReport.set(c.reportId, [...(byReport.get(c.reportId) ?? []), c]);
  return reports.map((r) => {
    const own = byReport.get(r.id);
    if (!own) return r;
    const corrected = new Map(own.map((c) => [c.targetId, c.value]));
    const kept = r.targetValues.map((v) => (corrected.has(v.targetId) ? { targetId: v.targetId, value: corrected.get(v.targetId)! } : v));
    const added = own.filter((c) => !r.targetValues.some((v) => v.targetId === c.targetId)).map((c) => ({ targetId: c.targetId, value: c.value }));
    return { ...r, targetValues: [...kept, ...added] };
  });
}
