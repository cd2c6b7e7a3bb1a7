/**
 * Item numbering as plans write it. Each style is one family whatever the punctuation width: 一、 · (一)/（一） ·
 * 1. 1、 1． 1﹒ · (1)/（1） · 1) · ① · A. a、 (a) a) · Ⅰ、 I. (i) · 甲、 （甲） · 子、 （子）. Which level a style sits at is
 * not fixed across plans, so the structure builder learns it from the order in which styles appear.
 */
export type TNumberStyle =
  | 'part'
  | 'cn'
  | 'paren-cn'
  | 'digit'
  | 'paren-digit'
  | 'digit-paren'
  | 'circled'
  | `${'' | 'paren-'}${'upper-letter' | 'lower-letter' | 'upper-roman' | 'lower-roman' | 'stem' | 'branch'}${'' | '-paren'}`;

export type TMarker = {
  style: TNumberStyle;
  value: number;
  /** the marker as a reference writes it: 一 for 一、, 1 for 1., A for A., (一) (1) (a) with their brackets as written */
  label: string;
  /** length of the marker including trailing spaces */
  length: number;
  /**
   * A Latin letter, a Roman numeral in letters, a heavenly stem or an earthly branch is also a word, a grade, a party
   * or a time (A级, i.e., 甲方, 子公司, 午间), so it numbers an item only where it starts a list or continues one.
   */
  weak?: boolean;
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
  { style: 'cn', re: new RegExp(`^(${CN})${SPACE}[、.．﹒]${SPACE}`), cn: true },
  { style: 'paren-cn', re: new RegExp(`^[(（]${SPACE}(${CN})${SPACE}[)）]${SPACE}`), cn: true },
  { style: 'paren-digit', re: new RegExp(`^[(（]${SPACE}(${DIGITS})${SPACE}[)）]${SPACE}`), cn: false },
  { style: 'digit', re: new RegExp(`^(${DIGITS})${SPACE}[、.．﹒](?![0-9０-９])${SPACE}`), cn: false },
  { style: 'digit-paren', re: new RegExp(`^(${DIGITS})[)）]${SPACE}`), cn: false },
];

const CIRCLED_FIRST = 0x2460; // ①..⑳
const PAREN_DIGIT_FIRST = 0x2474; // ⑴..⒇
const DOT_DIGIT_FIRST = 0x2488; // ⒈..⒛

/** The numbering marker at the start of `text`, or null; where it reads two ways, the likelier reading. */
export function matchMarker(text: string): TMarker | null {
  return matchMarkers(text)[0] ?? null;
}

/**
 * Every reading of the numbering marker at the start of `text`, the likelier first: `i.` is the Roman one or the
 * ninth letter, and only the list around it tells which.
 */
export function matchMarkers(text: string): TMarker[] {
  const code = text.charCodeAt(0);
  const single = singleCharMarker(code);
  if (single) {
    const rest = /^[ \t\u3000\u00a0]*/.exec(text.slice(1))![0].length;
    return [{ ...single, label: text[0]!, length: 1 + rest }];
  }
  for (const { style, re, cn } of MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const value = cn ? chineseNumeralValue(m[1]!) : Number(halfWidthDigits(m[1]!));
    if (!Number.isFinite(value) || value <= 0) continue;
    return [{ style, value, label: referenceLabel(style, m[0]), length: m[0].length }];
  }
  return letteredMarkers(text);
}

const STEMS = '甲乙丙丁戊己庚辛壬癸';
/** Word's ideographZodiac numbering: 子、丑、寅、… */
const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';
const ROMAN_CHARS = '\\u2160-\\u216b\\u2170-\\u217b'; // Ⅰ..Ⅻ ⅰ..ⅻ
const LETTER_TOKEN = `[A-Za-zＡ-Ｚａ-ｚ]{1,6}|[${ROMAN_CHARS}]|[${STEMS}${BRANCHES}]`;
/** (a) · a. a、 · a) — no space between a letter and its stop, as nobody types one. */
const LETTERED = new RegExp(`^(?:([(（])${SPACE}(${LETTER_TOKEN})${SPACE}[)）]|(${LETTER_TOKEN})(?:([.．、])|[)）]))${SPACE}`);
/** What cannot follow a marker: more of a word, a number or a list (i.e., A、B两类, 甲、乙双方, X.509). A stem or a
 * branch followed by another of its kind is a list of names (甲、乙双方, 子、丑时), checked in letteredMarkers. */
const NOT_AFTER_LETTER = new RegExp(`[A-Za-z0-9Ａ-Ｚａ-ｚ０-９${ROMAN_CHARS}.．、)）]`);
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10 };

function letteredMarkers(text: string): TMarker[] {
  const m = LETTERED.exec(text);
  if (!m) return [];
  const token = m[2] ?? m[3]!;
  const next = text[m[0].length];
  if (next === undefined || NOT_AFTER_LETTER.test(next) || sameCycle(token, next)) return [];
  const form = (kind: string) => `${m[1] ? 'paren-' : ''}${kind}${m[1] || m[4] ? '' : '-paren'}` as TNumberStyle;
  const compact = m[0].replace(/[ \t\u3000\u00a0]/g, '');
  const label = m[4] ? compact.slice(0, -1) : compact;
  const marker = (kind: string, value: number, weak: boolean): TMarker => ({ style: form(kind), value, label, length: m[0].length, ...(weak ? { weak } : {}) });

  const stem = STEMS.indexOf(token);
  if (stem >= 0) return [marker('stem', stem + 1, true)];
  const branch = BRANCHES.indexOf(token);
  if (branch >= 0) return [marker('branch', branch + 1, true)];
  const code = token.charCodeAt(0);
  if (code >= 0x2160 && code <= 0x217b) return [marker(code < 0x2170 ? 'upper-roman' : 'lower-roman', (code - 0x2160) % 16 + 1, false)];
  const latin = token.replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const upper = latin.toUpperCase();
  if (latin !== upper && latin !== latin.toLowerCase()) return []; // mixed case is a word
  const letterCase = latin === upper ? 'upper' : 'lower';
  const readings: TMarker[] = [];
  if (ROMAN.test(upper)) readings.push(marker(`${letterCase}-roman`, romanValue(upper), true));
  if (latin.length === 1) readings.push(marker(`${letterCase}-letter`, upper.charCodeAt(0) - 0x40, true));
  return readings;
}

/** Whether two characters are both heavenly stems or both earthly branches. */
function sameCycle(token: string, next: string): boolean {
  return (STEMS.includes(token) && STEMS.includes(next)) || (BRANCHES.includes(token) && BRANCHES.includes(next));
}

/** I..XXXIX, already checked well-formed. */
function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN_VALUES[numeral[i]!]!;
    const next = ROMAN_VALUES[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
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
  '[。；;)）][ \\t\\u3000\\u00a0]*(?=[(（][一二三四五六七八九十百]{1,4}[)）]|[一二三四五六七八九十]{1,3}、|[(（]\\d{1,2}[)）]|\\d{1,2}[、.．﹒][^\\d０-９])' +
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
