import { escapeHtml } from '../../lib/escape';
import { Raw } from './html';

type TSpan = { start: number; end: number };

/**
 * The source text with each measure's span and each responsibility annotation marked. Spans are swept once in order,
 * so a plan of thousands of measures renders in one pass.
 */
export function highlightSource(source: string, measures: { ref: string; span: TSpan | null; annotation: TSpan | null }[]): Raw {
  type TEvent = { at: number; open: boolean; kind: 'measure' | 'annotation'; ref: string };
  const events: TEvent[] = [];
  const clip = (n: number) => Math.max(0, Math.min(source.length, n));
  for (const m of measures) {
    if (m.span && m.span.end > m.span.start) {
      events.push({ at: clip(m.span.start), open: true, kind: 'measure', ref: m.ref }, { at: clip(m.span.end), open: false, kind: 'measure', ref: m.ref });
    }
    if (m.annotation && m.annotation.end > m.annotation.start) {
      events.push({ at: clip(m.annotation.start), open: true, kind: 'annotation', ref: m.ref }, { at: clip(m.annotation.end), open: false, kind: 'annotation', ref: m.ref });
    }
  }
  // Closings before openings at the same offset, so adjacent spans do not nest.
  events.sort((a, b) => a.at - b.at || Number(a.open) - Number(b.open));
  const openMeasures: string[] = [];
  let annotations = 0;
  let cursor = 0;
  let out = '';
  const emit = (to: number) => {
    if (to <= cursor) return;
    const text = escapeHtml(source.slice(cursor, to));
    const ref = openMeasures.at(-1);
    if (annotations > 0) out += `<mark class="annotation"${ref ? ` data-ref="${escapeHtml(ref)}"` : ''}>${text}</mark>`;
    else if (ref) out += `<mark class="measure" data-ref="${escapeHtml(ref)}">${text}</mark>`;
    else out += text;
    cursor = to;
  };
  for (const e of events) {
    emit(e.at);
    if (e.kind === 'annotation') annotations += e.open ? 1 : -1;
    else if (e.open) openMeasures.push(e.ref);
    else openMeasures.splice(openMeasures.lastIndexOf(e.ref), 1);
  }
  emit(source.length);
  return new Raw(out);
}
