import { shanghaiDate } from '../calendar/working-days';
type TColour = 'green' | 'yellow' | 'red';

export type TColourPoint = { date: string; green: number; yellow: number; red: number };

/**
 * Measures by colour at the end of each day a colour changed (and on the first and last day), from the recorded
 * changes: a measure's colour before its first change is that change's `from`; with no change, its colour now.
 * Changes after `to` are not counted.
 */
export function colourHistory(
  measures: readonly { id: string; colour: TColour }[],
  changes: readonly { measureId: string; from: TColour; to: TColour; at: Date }[],
  span: { from: Date; to: Date },
): TColourPoint[] {
  const last = shanghaiDate(span.to);
  const ids = new Set(measures.map((m) => m.id));
  const kept = changes.filter((c) => c.at <= span.to && ids.has(c.measureId)).sort((a, b) => a.at.getTime() - b.at.getTime());
  const colour = new Map<string, TColour>(measures.map((m) => [m.id, kept.find((c) => c.measureId === m.id)?.from ?? m.colour]));
  const first = shanghaiDate(span.from) < last ? shanghaiDate(span.from) : last;
  const dates = [...new Set([first, ...kept.map((c) => shanghaiDate(c.at)).filter((d) => d >= first), last])].sort();
  let i = 0;
  return dates.map((date) => {
    for (; i < kept.length && shanghaiDate(kept[i]!.at) <= date; i++) colour.set(kept[i]!.measureId, kept[i]!.to);
    const point: TColourPoint = { date, green: 0, yellow: 0, red: 0 };
    for (const c of colour.values()) point[c] += 1;
    return point;
  });
}
