import mammoth from 'mammoth';
import { UserError } from '../lib/errors';
import { say } from '../lib/messages';
import { htmlToPlanText } from './docx-html';
import { typeOutDocxNumbering } from './docx-package';
import { OWN_SEPARATOR } from './task-tables';

/**
 * Turns an uploaded file into text. Plans arrive as UTF-8 (with or without BOM), as GBK/GB18030 saved by older
 * Windows tools, or as Word .docx; anything else is refused with a reason the uploader can act on.
 */

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .doc / .xls
const PDF = [0x25, 0x50, 0x44, 0x46];

function startsWith(buf: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => buf[i] === byte);
}

/** Characters so common in Chinese prose that a correct decoding always shows them; a wrong one rarely does. */
const COMMON = new Set('的一是在不了有和人这中大为上个国我以要时来用们生到作地于出就分对成会可主发年动同工也能下过产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞' +
  '們這個為對發會來時說國關經過當進開問長門見間電實現點體學產動員們從業應開題與區條質監務');

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** Control characters other than tab, newline, carriage return and form feed betray binary content. */
function controlShare(text: string): number {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) control++;
  }
  return text.length ? control / text.length : 0;
}

/** Share of Han characters that are common ones: near 0.5 for real Chinese, far lower for a mis-decoding. */
function commonHanShare(text: string): { han: number; share: number } {
  let han = 0;
  let common = 0;
  for (const ch of text) {
    if (!isHan(ch.codePointAt(0)!)) continue;
    han++;
    if (COMMON.has(ch)) common++;
  }
  return { han, share: han ? common / han : 1 };
}

const EMPTY = say('fileEmpty');
const BINARY = say('fileBinary');
const UNDECODABLE = say('fileUndecodable');

export async function decodeDocument(buf: Buffer, fileName?: string): Promise<string> {
  if (buf.length === 0) throw new UserError(EMPTY);
  const name = (fileName ?? '').toLowerCase();
  if (startsWith(buf, ZIP) || name.endsWith('.docx')) return nonEmpty(await fromDocx(buf));
  if (startsWith(buf, OLE) || name.endsWith('.doc'))
    throw new UserError(say('legacyDoc'));
  if (startsWith(buf, PDF)) throw new UserError(say('pdfUnsupported'));
  return nonEmpty(withOwnLineEnds(fromBytes(buf)));
}

/**
 * A text as it came (a file's, or one pasted into a form) with its own line and paragraph separators read as line
 * ends, so none of them can pass for the parser's TABLE_END.
 */
export function withOwnLineEnds(text: string): string {
  return text.replace(OWN_SEPARATOR, '\n');
}

function nonEmpty(text: string): string {
  if (text.trim().length === 0) throw new UserError(EMPTY);
  return text;
}

/** Images carry no plan text: an empty element keeps mammoth from encoding each one as a data URI. */
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

async function fromDocx(buf: Buffer): Promise<string> {
  let html: string;
  try {
    // Mammoth drops the numbers of Word's automatic numbering; they are written into the text first.
    const typed = await typeOutDocxNumbering(buf);
    // HTML rather than raw text: raw text loses a table's rows and columns, and plans keep their tasks in tables.
    html = (await mammoth.convertToHtml({ buffer: typed }, { convertImage: NO_IMAGES })).value;
  } catch {
    throw new UserError(say('docxDamaged'));
  }
  return htmlToPlanText(html);
}

/** A text saved as UTF-16 with its byte-order mark (Notepad's "Unicode"), else null. */
function fromUtf16(buf: Buffer): string | null {
  if (buf.length < 2 || !((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return null;
  const text = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf);
  if (controlShare(text) > 0.01) throw new UserError(BINARY);
  return text;
}

/**
 * A small data file as text: a unit registry (.csv, .json) or a report or calendar (.json). UTF-8 with or without
 * BOM, UTF-16 with BOM, else GB18030, which is what Excel writes as "CSV" on Chinese Windows. Never a .docx, and a
 * file that fails strict UTF-8 is GB18030 or refused: no lenient reading of damaged UTF-8 as for a plan's prose.
 */
export function decodeDataFile(buf: Buffer): string {
  if (buf.length === 0) throw new UserError(EMPTY);
  const utf16 = fromUtf16(buf);
  if (utf16 !== null) return utf16;
  if (buf.includes(0)) throw new UserError(BINARY);
  const text = tryDecode('utf-8', buf) ?? tryDecode('gb18030', buf);
  if (text === null) throw new UserError(UNDECODABLE);
  if (controlShare(text) > 0.01) throw new UserError(BINARY);
  return text.replace(/^\uFEFF/, '');
}

function fromBytes(buf: Buffer): string {
  const utf16 = fromUtf16(buf);
  if (utf16 !== null) return utf16;
  if (buf.includes(0)) throw new UserError(BINARY);
  const utf8 = tryDecode('utf-8', buf);
  if (utf8 !== null) {
    if (controlShare(utf8) > 0.01) throw new UserError(BINARY);
    return utf8.replace(/^\uFEFF/, '');
  }
  const gb = tryDecode('gb18030', buf);
  if (gb !== null && controlShare(gb) > 0.01) throw new UserError(BINARY);
  // GB18030 maps almost any byte sequence to some character: only prose that reads as Chinese is accepted.
  if (gb !== null && readsAsChinese(gb)) return gb;
  // UTF-8 damaged in a few places (a truncated download) is still worth reading; the damage shows as �.
  const lenient = new TextDecoder('utf-8').decode(buf).replace(/^\uFEFF/, '');
  const damaged = (lenient.match(/\uFFFD/g) ?? []).length;
  if (damaged <= Math.max(1, lenient.length / 1000) && readsAsChinese(lenient)) return lenient;
  throw new UserError(UNDECODABLE);
}

function readsAsChinese(text: string): boolean {
  const { han, share } = commonHanShare(text);
  return han >= 2 && (han < 20 || share >= 0.15);
}

function tryDecode(encoding: string, buf: Buffer): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}
