/**
 * How wide a string prints, in characters of its type size: a Chinese character or full-width sign is one, a
 * half-width letter, digit or sign half. The 通报 places its 落款 by it and the charts size their labels by it.
 */
export function printWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u0000-\u00ff\uff61-\uff9f]/.test(ch) ? 0.5 : 1;
  return w;
}
