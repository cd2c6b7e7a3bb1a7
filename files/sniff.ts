// What an uploaded file is, from its content alone: magic bytes, and for containers (zip, OLE2 compound files) their
// directory, read in place. Nothing is ever decompressed, so a zip bomb costs no more to judge than its directory.
// A pure module: it reads through the `TByteSource` it is given and imports nothing.

/** Random access to the file's bytes; `read` may return fewer bytes than asked at the end of the file. */
export type TByteSource = { size: number; read: (offset: number, length: number) => Uint8Array };

/** The kinds of file accepted as evidence (佐证材料), each with the content type it is stored and served as. */
export const FILE_KINDS = {
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  ofd: { contentType: 'application/ofd', extension: 'ofd' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  doc: { contentType: 'application/msword', extension: 'doc' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  xls: { contentType: 'application/vnd.ms-excel', extension: 'xls' },
} as const;
export type TFileKind = keyof typeof FILE_KINDS;

export type TSniffResult =
  | { ok: true; kind: TFileKind; contentType: string; extension: string }
  | { ok: false; reason: TReason };

/** Why a file is refused, in both languages (lib/text TText): each edge says it in its reader's. */
export type TReason = { readonly zh: string; readonly en: string };

export const REFUSAL = {
  empty: { zh: '文件为空', en: 'the file is empty' },
  executable: { zh: '不接受可执行程序或脚本，无论文件名如何', en: 'executable programs and scripts are not accepted, whatever the file is named' },
  unsupported: { zh: '只接受 PDF、OFD、JPEG、PNG、Word 和 Excel 文件', en: 'only PDF, OFD, JPEG, PNG, Word and Excel files are accepted' },
  otherArchive: { zh: '压缩包不是 OFD、Word 或 Excel 文档；请直接上传文档本身', en: 'a zip archive that is not an OFD, Word or Excel document: upload the documents themselves' },
  damagedZip: { zh: '文件已损坏：压缩结构无法读取', en: 'the file is damaged: its zip structure cannot be read' },
  zipBomb: { zh: '压缩结构异常（解压后体积过大或条目重叠），疑为恶意文件', en: 'refused: the archive would expand far beyond any document (or its entries overlap)' },
  otherCompound: { zh: '该 Office 文件不是 Word 或 Excel 文档', en: 'an Office file that is neither a Word nor an Excel document' },
  damagedCompound: { zh: '文件已损坏：Office 文件结构无法读取', en: 'the file is damaged: its Office structure cannot be read' },
  macros: { zh: '不接受含宏的 Office 文档，请另存为不含宏的格式', en: 'Office documents with macros are not accepted: save it without macros' },
  encrypted: { zh: '文档已加密，请去除密码后再上传', en: 'the document is encrypted: remove its password and upload it again' },
  damagedPng: { zh: '文件已损坏：PNG 图像头无效', en: 'the file is damaged: its PNG header is invalid' },
} as const satisfies Record<string, TReason>;

/** The declared size a zip's entries may expand to in all: far above any real document of the upload limit. */
export const MAX_ZIP_EXPANSION = 2 ** 30;

const refuse = (reason: TReason): TSniffResult => ({ ok: false, reason });
const accept = (kind: TFileKind): TSniffResult => ({ ok: true, kind, ...FILE_KINDS[kind] });

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const ELF = [0x7f, 0x45, 0x4c, 0x46];
const PE = ascii('MZ');
const MACH_O = [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]];
const SCRIPT = ascii('#!');
const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Sniffs the file's kind; anything not positively recognised as an accepted kind is refused with a reason. */
export function sniffFileType(source: TByteSource): TSniffResult {
  if (source.size === 0) return refuse(REFUSAL.empty);
  const head = source.read(0, 16);
  if ([ELF, PE, SCRIPT, ...MACH_O].some((magic) => startsWith(head, magic))) return refuse(REFUSAL.executable);
  if (startsWith(head, PDF) && (head[5] === 0x31 || head[5] === 0x32) && head[6] === 0x2e) return accept('pdf');
  if (startsWith(head, PNG)) return startsWith(head, ascii('IHDR'), 12) ? accept('png') : refuse(REFUSAL.damagedPng);
  if (startsWith(head, JPEG)) return accept('jpeg');
  if (startsWith(head, ZIP_LOCAL)) return sniffZip(source);
  if (startsWith(head, OLE2)) return sniffCompoundFile(source);
  return refuse(REFUSAL.unsupported);
}

class Damaged extends Error {}

/** Zip names compared here are ASCII; any other byte just has to stay one character. */
const LATIN1 = new TextDecoder('latin1');

/** Little-endian reads that throw `Damaged` past the end of what was read. */
class View {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(at: number, width: number) {
    if (at < 0 || at + width > this.bytes.length) throw new Damaged();
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  u64(at: number): number {
    this.check(at, 8);
    return Number(this.view.getBigUint64(at, true));
  }
  latin1(at: number, length: number): string {
    this.check(at, length);
    return LATIN1.decode(this.bytes.subarray(at, at + length));
  }
}

/** Exactly `length` bytes at `offset`, or `Damaged`. */
function readExactly(source: TByteSource, offset: number, length: number): View {
  if (offset < 0 || length < 0 || offset + length > source.size) throw new Damaged();
  const bytes = source.read(offset, length);
  if (bytes.length !== length) throw new Damaged();
  return new View(bytes);
}

// ── zip: OFD, .docx, .xlsx ──

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIZE = 30;
/** A central directory larger than this lists more entries than any document has. */
const MAX_CENTRAL_DIRECTORY = 16 * 2 ** 20;

/** An entry as a zip's central directory declares it: sizes in bytes, `offset` of its local header. */
export type TZipEntry = { name: string; offset: number; compressed: number; uncompressed: number };

/** The entries a zip's central directory declares, read in place and never inflated; null when it cannot be read. */
export function zipEntries(source: TByteSource): TZipEntry[] | null {
  try {
    return readCentralDirectory(source);
  } catch (err) {
    if (err instanceof Damaged) return null;
    throw err;
  }
}

function sniffZip(source: TByteSource): TSniffResult {
  const entries = zipEntries(source);
  if (!entries) return refuse(REFUSAL.damagedZip);
  if (entries.reduce((sum, e) => sum + e.uncompressed, 0) > MAX_ZIP_EXPANSION) return refuse(REFUSAL.zipBomb);
  // Entries that share bytes (the overlapping kind of zip bomb) or point past the directory are no document's.
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i]!;
    const end = e.offset + LOCAL_HEADER_SIZE + e.name.length + e.compressed;
    if (end > source.size || (i + 1 < byOffset.length && end > byOffset[i + 1]!.offset)) return refuse(REFUSAL.zipBomb);
  }
  const names = new Set(entries.map((e) => e.name));
  if ([...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return refuse(REFUSAL.macros);
  if (names.has('OFD.xml')) return accept('ofd');
  if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return accept('docx');
  if (names.has('[Content_Types].xml') && names.has('xl/workbook.xml')) return accept('xlsx');
  return refuse(REFUSAL.otherArchive);
}

function readCentralDirectory(source: TByteSource): TZipEntry[] {
  // The end record is the last thing in the file, followed only by a comment of up to 65,535 bytes.
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = readExactly(source, tailStart, tailLength);
  let eocd = -1;
  for (let at = tailLength - 22; at >= 0; at--) {
    if (tail.u32(at) === EOCD_SIGNATURE && at + 22 + tail.u16(at + 20) === tailLength) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Damaged();
  if (tail.u16(eocd + 4) !== 0 || tail.u16(eocd + 6) !== 0) throw new Damaged(); // split across several disks
  let count = tail.u16(eocd + 10);
  let size = tail.u32(eocd + 12);
  let offset = tail.u32(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20;
    const locator = readExactly(source, locatorAt, 20);
    if (locator.u32(0) !== ZIP64_LOCATOR_SIGNATURE) throw new Damaged();
    const record = readExactly(source, locator.u64(8), 56);
    if (record.u32(0) !== ZIP64_EOCD_SIGNATURE) throw new Damaged();
    count = record.u64(32);
    size = record.u64(40);
    offset = record.u64(48);
  }
  if (size > MAX_CENTRAL_DIRECTORY || count > size / 46) throw new Damaged();
  const directory = readExactly(source, offset, size);
  const entries: TZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (directory.u32(at) !== CENTRAL_SIGNATURE) throw new Damaged();
    const nameLength = directory.u16(at + 28);
    const extraLength = directory.u16(at + 30);
    const commentLength = directory.u16(at + 32);
    const entry: TZipEntry = {
      name: directory.latin1(at + 46, nameLength),
      compressed: directory.u32(at + 20),
      uncompressed: directory.u32(at + 24),
      offset: directory.u32(at + 42),
    };
    readZip64Sizes(directory, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The zip64 extra field holds, in this order, whichever of the three values the entry marked 0xffffffff. */
function readZip64Sizes(directory: View, extraAt: number, extraLength: number, entry: TZipEntry): void {
  const fields = (['uncompressed', 'compressed', 'offset'] as const).filter((f) => entry[f] === 0xffffffff);
  if (fields.length === 0) return;
  for (let at = extraAt; at + 4 <= extraAt + extraLength; ) {
    const id = directory.u16(at);
    const length = directory.u16(at + 2);
    if (id === 0x0001) {
      fields.forEach((f, i) => (entry[f] = directory.u64(at + 4 + 8 * i)));
      return;
    }
    at += 4 + length;
  }
  throw new Damaged();
}

// ── OLE2 compound files: legacy .doc and .xls ──

const FREE_SECTOR = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;
const DIRECTORY_ENTRY_SIZE = 128;

function sniffCompoundFile(source: TByteSource): TSniffResult {
  let names: Set<string>;
  try {
    names = rootEntryNames(source);
  } catch (err) {
    if (err instanceof Damaged) return refuse(REFUSAL.damagedCompound);
    throw err;
  }
  // An OOXML document saved with a password is a compound file holding the encrypted zip.
  if (names.has('EncryptedPackage')) return refuse(REFUSAL.encrypted);
  if (names.has('Macros') || names.has('_VBA_PROJECT_CUR')) return refuse(REFUSAL.macros);
  if (names.has('WordDocument')) return accept('doc');
  if (names.has('Workbook') || names.has('Book')) return accept('xls');
  return refuse(REFUSAL.otherCompound);
}

/** The names of the root storage's children, read from the directory stream through the FAT, nothing else. */
function rootEntryNames(source: TByteSource): Set<string> {
  const header = readExactly(source, 0, 512);
  if (header.u16(0x1c) !== 0xfffe) throw new Damaged();
  const shift = header.u16(0x1e);
  if (shift !== 9 && shift !== 12) throw new Damaged();
  const sectorSize = 1 << shift;
  // Sector n starts at (n + 1) × size: the header fills the space of sector -1.
  const sectorCount = Math.ceil(source.size / sectorSize) - 1;
  const perSector = sectorSize / 4;
  const sectorAt = (n: number) => {
    if (n >= sectorCount) throw new Damaged();
    return (n + 1) * sectorSize;
  };

  // DIFAT: where the FAT's own sectors are; 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(header.u32(0x4c + 4 * i));
  let difat = header.u32(0x44);
  const difatCount = Math.min(header.u32(0x48), sectorCount);
  for (let i = 0; i < difatCount && difat !== END_OF_CHAIN && difat !== FREE_SECTOR; i++) {
    const sector = readExactly(source, sectorAt(difat), sectorSize);
    for (let j = 0; j < perSector - 1; j++) fatSectors.push(sector.u32(4 * j));
    difat = sector.u32(sectorSize - 4);
  }
  const fatCount = header.u32(0x2c);
  if (fatCount > fatSectors.length) throw new Damaged();
  const nextSector = (n: number): number => {
    const fatSector = fatSectors[Math.floor(n / perSector)];
    if (fatSector === undefined || Math.floor(n / perSector) >= fatCount) throw new Damaged();
    return readExactly(source, sectorAt(fatSector) + 4 * (n % perSector), 4).u32(0);
  };

  // The directory stream: 128-byte entries, the first being the root storage.
  const entries: View[] = [];
  for (let n = header.u32(0x30), steps = 0; n !== END_OF_CHAIN; n = nextSector(n)) {
    if (++steps > sectorCount) throw new Damaged(); // a cycle in the chain
    const sector = readExactly(source, sectorAt(n), sectorSize);
    for (let at = 0; at < sectorSize; at += DIRECTORY_ENTRY_SIZE) entries.push(new View(sector.bytes.subarray(at, at + DIRECTORY_ENTRY_SIZE)));
  }
  const root = entries[0];
  if (!root || root.bytes[0x42] !== 5) throw new Damaged();

  // The root's children form a red-black tree through their left and right sibling ids.
  const names = new Set<string>();
  const pending = [root.u32(0x4c)];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id === NO_STREAM) continue;
    const entry = entries[id];
    if (!entry || seen.has(id)) throw new Damaged();
    seen.add(id);
    const nameBytes = entry.u16(0x40);
    if (nameBytes < 2 || nameBytes > 64 || nameBytes % 2 !== 0) throw new Damaged();
    let name = '';
    for (let i = 0; i < nameBytes - 2; i += 2) name += String.fromCharCode(entry.u16(i));
    names.add(name);
    pending.push(entry.u32(0x44), entry.u32(0x48));
  }
  return names;
}
