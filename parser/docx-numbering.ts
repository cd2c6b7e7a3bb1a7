/**
 * Word's automatic numbering, written out as text. A plan drafted in Word or WPS often numbers its items with the
 * numbering feature (一、 （一） 1. typed by nobody): the paragraph only says "list 3, level 0" and the number Word
 * shows is computed from word/numbering.xml. Mammoth drops that number, so the parser would see headings and items
 * without their markers. This module computes what Word shows and writes it into document.xml as the paragraph's
 * first run, as if the author had typed it.
 *
 * The rules, kept to what plans use:
 * - A paragraph is numbered by its own `w:numPr`, else by its paragraph style's (following `w:basedOn`; a paragraph
 *   without `w:pStyle` has the default paragraph style). `w:numId` 0 means "not numbered", also against a style.
 *   Without a `w:ilvl`, the level is the style's, else the level whose `w:pStyle` names the paragraph's style, else 0.
 * - Counters belong to a list. Instances (`w:num`) of one `w:abstractNum` share one list, as in Word, where "continue
 *   numbering" writes a second `w:num` of the same definition; an instance with a `w:lvlOverride` (what "restart
 *   numbering" writes) is a list of its own, starting at its `w:startOverride`.
 * - A level's counter starts at its `w:start` (0 when absent, as the standard says) the first time it is used, then
 *   counts up; using a level restarts every deeper level, unless a deeper level's `w:lvlRestart` says otherwise.
 * - `%1`…`%9` in `w:lvlText` are the counters of levels 1…9, each in its own level's `w:numFmt` (all decimal under
 *   `w:isLgl`); a level not used yet shows its start value. Bullets and empty level texts show no number.
 * - Markup-compatibility choices (`mc:AlternateContent`) are read through their `mc:Fallback`, as mammoth reads them,
 *   so a paragraph drawn twice (Choice and Fallback) is counted once.
 *
 * XML is read with a small tokenizer, tolerant of what Word and WPS write: prefixes are taken from the root's
 * namespace declarations, attributes in either quote, self-closing elements, unclosed elements at the end.
 */

export type TWordParts = { document: string; numbering: string | null; styles?: string | null };
/** A paragraph that shows a number: the number as Word shows it, and the paragraph's own text after it. */
export type TNumberedParagraph = { marker: string; text: string };

type TElement = {
  name: string;
  /** the open tag's attribute source, parsed on first use */
  rawAttributes: string;
  attributes?: Map<string, string>;
  children: (TElement | string)[];
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
};

const MAIN_NS = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[?!][^>]*>|<(\/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/** The element tree of an XML part, with the source offsets of every tag so that edits can be spliced in. */
function readXml(xml: string): TElement {
  const root: TElement = { name: '', rawAttributes: '', children: [], start: 0, openEnd: 0, closeStart: xml.length, end: xml.length, selfClosing: false };
  const stack: TElement[] = [root];
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    const top = stack[stack.length - 1]!;
    if (m.index > at) top.children.push(xml.slice(at, m.index));
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      top.children.push(m[1]); // CDATA: literal text
      continue;
    }
    const name = m[3];
    if (name === undefined) continue; // comment, declaration, processing instruction
    if (m[2] === '/') {
      const depth = stack.findLastIndex((e) => e.name === name);
      if (depth <= 0) continue; // a stray closing tag
      // elements left open inside it end where it ends
      for (let i = stack.length - 1; i >= depth; i--) {
        stack[i]!.closeStart = m.index;
        stack[i]!.end = i === depth ? at : m.index;
      }
      stack.length = depth;
      continue;
    }
    const selfClosing = m[4]!.endsWith('/');
    const element: TElement = {
      name,
      rawAttributes: selfClosing ? m[4]!.slice(0, -1) : m[4]!,
      children: [],
      start: m.index,
      openEnd: at,
      closeStart: at,
      end: at,
      selfClosing,
    };
    top.children.push(element);
    if (!selfClosing) {
      element.closeStart = element.end = xml.length; // until its closing tag is seen
      stack.push(element);
    }
  }
  if (at < xml.length) stack[stack.length - 1]!.children.push(xml.slice(at));
  return root;
}

const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(element: TElement): Map<string, string> {
  if (!element.attributes) {
    element.attributes = new Map();
    ATTRIBUTE.lastIndex = 0;
    for (let m = ATTRIBUTE.exec(element.rawAttributes); m; m = ATTRIBUTE.exec(element.rawAttributes)) {
      element.attributes.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''));
    }
  }
  return element.attributes;
}

function attribute(element: TElement, name: string): string | undefined {
  return attributes(element).get(name);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Qualified names in one part: its own prefixes for WordprocessingML and markup compatibility. */
type TNames = { w: (local: string) => string; mc: (local: string) => string };

function namesOf(root: TElement): TNames {
  const top = root.children.find((c): c is TElement => typeof c !== 'string');
  let w = 'w';
  let mc = 'mc';
  if (top) {
    for (const [name, value] of attributes(top)) {
      const prefix = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice(6) : null;
      if (prefix === null) continue;
      if (MAIN_NS.includes(value)) w = prefix;
      else if (value === MC_NS) mc = prefix;
    }
  }
  const qualify = (prefix: string) => (local: string) => (prefix ? `${prefix}:${local}` : local);
  return { w: qualify(w), mc: qualify(mc) };
}

/** Child elements, reading an `mc:AlternateContent` as the children of its `mc:Fallback`. */
function* childElements(element: TElement, names: TNames): Generator<TElement> {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.name === names.mc('AlternateContent')) {
      const fallback = child.children.find((c): c is TElement => typeof c !== 'string' && c.name === names.mc('Fallback'));
      if (fallback) yield* childElements(fallback, names);
    } else yield child;
  }
}

function child(element: TElement | undefined, name: string, names: TNames): TElement | undefined {
  if (!element) return undefined;
  for (const c of childElements(element, names)) if (c.name === name) return c;
  return undefined;
}

function* descendants(element: TElement, name: string, names: TNames): Generator<TElement> {
  for (const c of childElements(element, names)) {
    if (c.name === name) yield c;
    yield* descendants(c, name, names);
  }
}

/** `w:val` of a child element, e.g. the 3 of `<w:numId w:val="3"/>`. */
function childValue(element: TElement | undefined, local: string, names: TNames): string | undefined {
  const found = child(element, names.w(local), names);
  return found ? attribute(found, names.w('val')) : undefined;
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** An on/off property: present means on, unless its value says off. */
function isOn(element: TElement | undefined, local: string, names: TNames): boolean {
  const found = child(element, names.w(local), names);
  if (!found) return false;
  const value = attribute(found, names.w('val'));
  return value === undefined || !['0', 'false', 'off'].includes(value);
}

type TLevel = {
  start: number | undefined;
  format: string;
  /** null when the level has no text, so shows nothing */
  text: string | null;
  /** w:lvlRestart: 0 never, n restarts when a level 1…n is used */
  restart: number | undefined;
  legal: boolean;
  suffix: string;
  style: string | undefined;
};
type TAbstractNum = { levels: Map<number, TLevel>; numStyleLink: string | undefined };
type TNum = { abstractId: string; starts: Map<number, number>; levels: Map<number, TLevel>; overridden: boolean };
type TStyle = { basedOn: string | undefined; numId: string | undefined; ilvl: number | undefined };

function readLevel(element: TElement, names: TNames): TLevel {
  const text = child(element, names.w('lvlText'), names);
  return {
    start: integer(childValue(element, 'start', names)),
    format: childValue(element, 'numFmt', names) ?? 'decimal',
    text: text && !isOn(text, 'null', names) ? (attribute(text, names.w('val')) ?? null) : null,
    restart: integer(childValue(element, 'lvlRestart', names)),
    legal: isOn(element, 'isLgl', names),
    suffix: childValue(element, 'suff', names) ?? 'tab',
    style: childValue(element, 'pStyle', names),
  };
}

function levelIndex(element: TElement, names: TNames): number {
  const n = integer(attribute(element, names.w('ilvl')));
  return n !== undefined && n >= 0 && n <= 8 ? n : 0;
}

function readNumbering(xml: string) {
  const root = readXml(xml);
  const names = namesOf(root);
  const abstracts = new Map<string, TAbstractNum>();
  const nums = new Map<string, TNum>();
  const top = child(root, names.w('numbering'), names);
  if (!top) return { abstracts, nums };
  for (const element of childElements(top, names)) {
    if (element.name === names.w('abstractNum')) {
      const levels = new Map<number, TLevel>();
      for (const lvl of childElements(element, names)) {
        if (lvl.name === names.w('lvl')) levels.set(levelIndex(lvl, names), readLevel(lvl, names));
      }
      abstracts.set(attribute(element, names.w('abstractNumId')) ?? '', { levels, numStyleLink: childValue(element, 'numStyleLink', names) });
    } else if (element.name === names.w('num')) {
      const num: TNum = { abstractId: childValue(element, 'abstractNumId', names) ?? '', starts: new Map(), levels: new Map(), overridden: false };
      for (const override of childElements(element, names)) {
        if (override.name !== names.w('lvlOverride')) continue;
        num.overridden = true;
        const ilvl = levelIndex(override, names);
        const start = integer(childValue(override, 'startOverride', names));
        if (start !== undefined) num.starts.set(ilvl, start);
        const lvl = child(override, names.w('lvl'), names);
        if (lvl) num.levels.set(ilvl, readLevel(lvl, names));
      }
      nums.set(attribute(element, names.w('numId')) ?? '', num);
    }
  }
  return { abstracts, nums };
}

function readStyles(xml: string | null | undefined) {
  const styles = new Map<string, TStyle>();
  let defaultStyle: string | undefined;
  if (!xml) return { styles, defaultStyle };
  const root = readXml(xml);
  const names = namesOf(root);
  const top = child(root, names.w('styles'), names);
  if (!top) return { styles, defaultStyle };
  for (const element of childElements(top, names)) {
    if (element.name !== names.w('style')) continue;
    const id = attribute(element, names.w('styleId'));
    if (id === undefined) continue;
    const numPr = child(child(element, names.w('pPr'), names), names.w('numPr'), names);
    styles.set(id, {
      basedOn: childValue(element, 'basedOn', names),
      numId: childValue(numPr, 'numId', names),
      ilvl: integer(childValue(numPr, 'ilvl', names)),
    });
    const type = attribute(element, names.w('type')) ?? 'paragraph';
    const isDefault = attribute(element, names.w('default'));
    if (type === 'paragraph' && isDefault !== undefined && ['1', 'true', 'on'].includes(isDefault)) defaultStyle = id;
  }
  return { styles, defaultStyle };
}

type TParagraph = { element: TElement; marker: string | null };

/** Every paragraph of the document, in order, with the number Word shows before it (null for none). */
function numberDocument(parts: TWordParts): { xml: string; names: TNames; paragraphs: TParagraph[] } {
  const root = readXml(parts.document);
  const names = namesOf(root);
  const elements = [...descendants(root, names.w('p'), names)];
  if (!parts.numbering) return { xml: parts.document, names, paragraphs: elements.map((element) => ({ element, marker: null })) };
  const { abstracts, nums } = readNumbering(parts.numbering);
  const { styles, defaultStyle } = readStyles(parts.styles);

  /** The numbering a style gives, found along its basedOn chain. */
  const styleNumbering = (styleId: string | undefined) => {
    const seen = new Set<string>();
    for (let id = styleId; id !== undefined && !seen.has(id); id = styles.get(id)?.basedOn) {
      seen.add(id);
      const style = styles.get(id);
      if (style?.numId !== undefined) return style;
    }
    return undefined;
  };
  /** A definition that only points at a numbering style (w:numStyleLink) is that style's list. */
  const abstractOf = (num: TNum): { id: string; definition: TAbstractNum } | undefined => {
    let id = num.abstractId;
    for (let hops = 0; hops < 8; hops++) {
      const definition = abstracts.get(id);
      if (!definition) return undefined;
      if (definition.numStyleLink === undefined) return { id, definition };
      const linkedNum = nums.get(styleNumbering(definition.numStyleLink)?.numId ?? '');
      if (!linkedNum) return { id, definition };
      id = linkedNum.abstractId;
    }
    return undefined;
  };

  const counters = new Map<string, (number | undefined)[]>();
  const paragraphs = elements.map((element): TParagraph => {
    const pPr = child(element, names.w('pPr'), names);
    const numPr = child(pPr, names.w('numPr'), names);
    const styleId = childValue(pPr, 'pStyle', names) ?? defaultStyle;
    const fromStyle = styleNumbering(styleId);
    const numId = childValue(numPr, 'numId', names) ?? fromStyle?.numId;
    if (numId === undefined || integer(numId) === 0) return { element, marker: null };
    const num = nums.get(numId);
    const abstract = num && abstractOf(num);
    if (!num || !abstract) return { element, marker: null };
    const levelOf = (i: number) => num.levels.get(i) ?? abstract.definition.levels.get(i);
    let linkedLevel: number | undefined;
    for (const [i, level] of abstract.definition.levels) if (styleId !== undefined && level.style === styleId) linkedLevel ??= i;
    const ilvl = Math.min(8, Math.max(0, integer(childValue(numPr, 'ilvl', names)) ?? fromStyle?.ilvl ?? linkedLevel ?? 0));
    const level = levelOf(ilvl);
    if (!level) return { element, marker: null };

    const startOf = (i: number) => num.starts.get(i) ?? levelOf(i)?.start ?? 0;
    const key = num.overridden ? `num:${numId}` : `abstract:${abstract.id}`;
    const values = counters.get(key) ?? [];
    counters.set(key, values);
    values[ilvl] = values[ilvl] === undefined ? startOf(ilvl) : values[ilvl] + 1;
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      if (restartsWhenUsed(levelOf(deeper)?.restart, deeper, ilvl)) values[deeper] = undefined;
    }
    if (level.format === 'bullet' || level.text === null) return { element, marker: null };
    const marker = level.text.replace(/%([1-9])/g, (_, n: string) => {
      const i = Number(n) - 1;
      const format = level.legal ? 'decimal' : (levelOf(i)?.format ?? 'decimal');
      return formatNumber(values[i] ?? startOf(i), format);
    });
    if (marker.trim().length === 0) return { element, marker: null };
    return { element, marker: marker + separator(marker, level.suffix) };
  });
  return { xml: parts.document, names, paragraphs };
}

/**
 * Whether a level restarts when the shallower level `used` is used. w:lvlRestart names the deepest level (1-based)
 * that restarts it; 0 means never; absent, or naming this level or a deeper one, means any shallower level.
 */
function restartsWhenUsed(restart: number | undefined, level: number, used: number): boolean {
  if (restart === 0) return false;
  const through = restart !== undefined && restart >= 1 && restart <= level ? restart : level;
  return used < through;
}

/**
 * What Word puts between the number and the text (a tab, a space or nothing), as typed plans write it: nothing
 * after a number that delimits itself (一、加强 · （一）加强 · 1.加强 · ①加强), a space after one that ends in a
 * letter, digit or character (1 加强 · 第一条 加强). A tab would make the line read as a pasted table.
 */
function separator(marker: string, suffix: string): string {
  return suffix !== 'nothing' && /[\p{L}\p{Nd}]$/u.test(marker) ? ' ' : '';
}

const CN_COUNTING = { digits: '零一二三四五六七八九', units: ['', '十', '百', '千'], myriad: '万', shortTens: true };
const CN_LEGAL_SIMPLIFIED = { digits: '零壹贰叁肆伍陆柒捌玖', units: ['', '拾', '佰', '仟'], myriad: '万', shortTens: false };
const CN_LEGAL_TRADITIONAL = { digits: '零壹貳參肆伍陸柒捌玖', units: ['', '拾', '佰', '仟'], myriad: '萬', shortTens: false };
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

/** A counter in one of Word's number formats; formats plans do not use fall back to decimal, as Word does. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'none':
    case 'bullet':
      return '';
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return enclosed(n, 0x2460, 20);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474, 20);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488, 20);
    case 'ideographEnclosedCircle':
      return enclosed(n, 0x3220, 10);
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'japaneseCounting':
      return chineseNumber(n, CN_COUNTING);
    case 'chineseLegalSimplified':
      return chineseNumber(n, CN_LEGAL_SIMPLIFIED);
    case 'ideographLegalTraditional':
    case 'japaneseLegal':
      return chineseNumber(n, CN_LEGAL_TRADITIONAL);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return n >= 0 ? String(n).replace(/[0-9]/g, (d) => '〇一二三四五六七八九'[Number(d)]!) : String(n);
    case 'ideographTraditional':
      return n >= 1 && n <= HEAVENLY_STEMS.length ? HEAVENLY_STEMS[n - 1]! : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= EARTHLY_BRANCHES.length ? EARTHLY_BRANCHES[n - 1]! : String(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    default:
      return String(n);
  }
}

function enclosed(n: number, first: number, count: number): string {
  return n >= 1 && n <= count ? String.fromCharCode(first + n - 1) : String(n);
}

/** 1 → A, 26 → Z, 27 → AA, 28 → BB: Word repeats the letter rather than counting in base 26. */
function letters(n: number): string {
  if (n < 1) return String(n);
  return String.fromCharCode(0x41 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n < 1 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, symbol] of table) {
    for (; n >= value; n -= value) out += symbol;
  }
  return out;
}

type TNumerals = { digits: string; units: string[]; myriad: string; shortTens: boolean };

/** 11 → 十一, 20 → 二十, 105 → 一百零五, 12000 → 一万二千 (壹拾壹 in the legal forms). */
function chineseNumber(n: number, numerals: TNumerals): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n === 0) return numerals.digits[0]!;
  if (n >= 1e4) {
    const high = Math.floor(n / 1e4);
    const low = n % 1e4;
    if (high >= 1e4) return String(n);
    return chineseNumber(high, { ...numerals, shortTens: false }) + numerals.myriad + (low === 0 ? '' : (low < 1000 ? numerals.digits[0] : '') + chineseNumber(low, { ...numerals, shortTens: false }));
  }
  let out = '';
  let zero = false;
  for (let position = 3; position >= 0; position--) {
    const digit = Math.floor(n / 10 ** position) % 10;
    if (digit === 0) {
      zero = out.length > 0;
      continue;
    }
    if (zero) out += numerals.digits[0];
    zero = false;
    out += numerals.digits[digit]! + numerals.units[position]!;
  }
  return numerals.shortTens && n >= 10 && n < 20 ? out.slice(1) : out;
}

/** The numbered paragraphs of a document as Word shows them, in document order. */
export function numberedParagraphs(parts: TWordParts): TNumberedParagraph[] {
  const { names, paragraphs } = numberDocument(parts);
  return paragraphs
    .filter((p): p is { element: TElement; marker: string } => p.marker !== null)
    .map(({ element, marker }) => ({ marker, text: paragraphText(element, names) }));
}

function paragraphText(paragraph: TElement, names: TNames): string {
  let text = '';
  const visit = (element: TElement) => {
    for (const c of childElements(element, names)) {
      if (c.name === names.w('p')) continue;
      if (c.name === names.w('t')) text += c.children.map((t) => (typeof t === 'string' ? decodeXml(t) : '')).join('');
      else visit(c);
    }
  };
  visit(paragraph);
  return text;
}

/**
 * document.xml with every number Word would show written as the first run of its paragraph, and that paragraph's
 * numbering switched off (numId 0) so that mammoth does not also make it a list item; null when no paragraph shows
 * a number, so that such a document is read exactly as before.
 */
export function typeOutNumbers(parts: TWordParts): string | null {
  const { xml, names, paragraphs } = numberDocument(parts);
  const edits: { at: number; end: number; text: string }[] = [];
  const w = names.w;
  const noNumbering = `<${w('numPr')}><${w('ilvl')} ${w('val')}="0"/><${w('numId')} ${w('val')}="0"/></${w('numPr')}>`;
  for (const { element: p, marker } of paragraphs) {
    if (marker === null) continue;
    const run = `<${w('r')}><${w('t')} xml:space="preserve">${escapeXml(marker)}</${w('t')}></${w('r')}>`;
    if (p.selfClosing) {
      const open = xml.slice(p.start, p.openEnd).replace(/\s*\/\s*>$/, '>');
      edits.push({ at: p.start, end: p.end, text: `${open}<${w('pPr')}>${noNumbering}</${w('pPr')}>${run}</${p.name}>` });
      continue;
    }
    const pPr = p.children.find((c): c is TElement => typeof c !== 'string' && c.name === w('pPr'));
    if (!pPr) {
      edits.push({ at: p.openEnd, end: p.openEnd, text: `<${w('pPr')}>${noNumbering}</${w('pPr')}>${run}` });
      continue;
    }
    if (pPr.selfClosing) {
      edits.push({ at: pPr.start, end: pPr.end, text: `<${w('pPr')}>${noNumbering}</${w('pPr')}>${run}` });
      continue;
    }
    const numPr = pPr.children.find((c): c is TElement => typeof c !== 'string' && c.name === w('numPr'));
    if (numPr) edits.push({ at: numPr.start, end: numPr.end, text: noNumbering });
    else {
      const pStyle = pPr.children.find((c): c is TElement => typeof c !== 'string' && c.name === w('pStyle'));
      const at = pStyle ? pStyle.end : pPr.openEnd;
      edits.push({ at, end: at, text: noNumbering });
    }
    edits.push({ at: pPr.end, end: pPr.end, text: run });
  }
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const edit of edits) {
    out += xml.slice(from, edit.at) + edit.text;
    from = edit.end;
  }
  return out + xml.slice(from);
}
