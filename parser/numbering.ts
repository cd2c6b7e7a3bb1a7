/**
 * Item numbering as plans write it. Each style is one family whatever the punctuation width: 一、 · (一)/（一） ·
 * 1. 1、 1． · (1)/（1） · 1) · ①. Which level a style sits at is not fixed across plans, so the structure builder
 * learns it from the order in which styles appear.
 */
export type TNumberStyle = 'part' | 'cn' | 'paren-cn' | 'digit' | 'paren-digit' | 'digit-paren' | 'circled';

export type TMarker = {
  style: TNumberStyle;
  value: number;
  /** the marker as a reference writes it: 一 for 一、, 1 for 1., (一) and (1) with their brackets as written */
  label: string;
  /** length of the marker including trailing spaces */
  length: number;
};

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_MAGNITUDES: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/**
 * 二十三 → 23, 一百零五 → 105, 一万二千 → 12000; NaN for anything else. Runs that are not one number (十三五, 一一,
 * 两三) are NaN rather than a guess, because a count read from them would be a target nobody set.
 */
export function chineseNumeralValue(text: string): number {
  if (text.length === 0) return NaN;
  let total = 0;
  let section = 0;
  let lastUnit = Infinity;
  let pending: number | null = null;
  for (const ch of text) {
    const digit = CN_DIGITS[ch];
    if (digit !== undefined) {
      if (pending) return NaN;
      pending = digit;
      continue;
    }
    const unit = CN_UNITS[ch];
    if (unit !== undefined) {
      if (unit >= lastUnit) return NaN;
      section += (pending ?? 1) * unit;
      lastUnit = unit;
      pending = null;
      continue;
    }
    const magnitude = CN_MAGNITUDES[ch];
    if (magnitude === undefined || (section === 0 && pending === null)) return NaN;
    // 一亿五千万: 亿 scales everything before it, 万 only its own section
    total = magnitude === 1e8 ? (total + section + (pending ?? 0)) * magnitude : total + (section + (pending ?? 0)) * magnitude;
    section = 0;
    lastUnit = Infinity;
    pending = null;
  }
  return total + section + (pending ?? 0);
}

const CN = '[一二三四五六七八九十百零〇]{1,5}';
const SPACE = '[ \\t\\u3000\\u00a0]*';
const DIGITS = '[0-9０-９]{1,3}';
const MARKERS: { style: TNumberStyle; re: RegExp; cn: boolean }[] = [
  { style: 'part', re: new RegExp(`^第(${CN})(?:部分|章|篇)${SPACE}`), cn: true },
  { style: 'cn', re: new RegExp(`^(${CN})${SPACE}[、.．]${SPACE}`), cn: true },
  { style: 'paren-cn', re: new RegExp(`^[(（]${SPACE}(${CN})${SPACE}[)）]${SPACE}`), cn: true },
  { style: 'paren-digit', re: new RegExp(`^[(（]${SPACE}(${DIGITS})${SPACE}[)）]${SPACE}`), cn: false },
  { style: 'digit', re: new RegExp(`^(${DIGITS})${SPACE}[、.．](?![0-9０-９])${SPACE}`), cn: false },
  { style: 'digit-paren', re: new RegExp(`^(${DIGITS})[)）]${SPACE}`), cn: false },
];

const CIRCLED_FIRST = 0x2460; // ①..⑳
const PAREN_DIGIT_FIRST = 0x2474; // ⑴..⒇
const DOT_DIGIT_FIRST = 0x2488; // ⒈..⒛

/** The numbering marker at the start of `text`, or null. */
export function matchMarker(text: string): TMarker | null {
  const code = text.charCodeAt(0);
  const single = singleCharMarker(code);
  if (single) {
    const rest = /^[ \t\u3000\u00a0]*/.exec(text.slice(1))![0].length;
    return { ...single, label: text[0]!, length: 1 + rest };
  }
  for (const { style, re, cn } of MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const value = cn ? chineseNumeralValue(m[1]!) : Number(halfWidthDigits(m[1]!));
    if (!Number.isFinite(value) || value <= 0) continue;
    return { style, value, label: referenceLabel(style, m[0]), length: m[0].length };
  }
  return null;
}

export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
}

function referenceLabel(style: TNumberStyle, written: string): string {
  const compact = written.replace(/[ \t\u3000\u00a0]/g, '');
  if (style === 'cn' || style === 'digit') return halfWidthDigits(compact.slice(0, -1));
  return style === 'part' ? compact : halfWidthDigits(compact);
}

function singleCharMarker(code: number): { style: TNumberStyle; value: number } | null {
  if (code >= CIRCLED_FIRST && code < CIRCLED_FIRST + 20) return { style: 'circled', value: code - CIRCLED_FIRST + 1 };
  if (code >= PAREN_DIGIT_FIRST && code < PAREN_DIGIT_FIRST + 20)
    return { style: 'paren-digit', value: code - PAREN_DIGIT_FIRST + 1 };
  if (code >= DOT_DIGIT_FIRST && code < DOT_DIGIT_FIRST + 20) return { style: 'digit', value: code - DOT_DIGIT_FIRST + 1 };
  return null;
}

/**
 * Places inside a line where a flattened document starts its next item: a marker right after a sentence or an
 * annotation closes. The structure builder accepts one only if it continues the numbering it has seen.
 */
const INLINE = new RegExp(
  '[。；;)）][ \\t\\u3000\\u00a0]*(?=[(（][一二三四五六七八九十百]{1,4}[)）]|[一二三四五六七八九十]{1,3}、|[(（]\\d{1,2}[)）]|\\d{1,2}[、.．][^\\d０-９])' +
    // a heading run straight into its first sub-item: 一、重点任务（一）加强监管
    '|(?<=\\p{Script=Han})[ \\t\\u3000\\u00a0]*(?=[(（][一二三四五六七八九十]{1,3}[)）])',
  'gu',
);

export function inlineMarkerOffsets(line: string): number[] {
  const out: number[] = [];
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(line); m; m = INLINE.exec(line)) {
    out.push(m.index + m[0].length);
    if (m[0].length === 0) INLINE.lastIndex++;
  }
  return out;
}
