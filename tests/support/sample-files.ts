// Real small files of every kind an upload may be, and of kinds it must not be, made by the libraries that write them
// (pdf-lib, jpeg-js, jszip, write-excel-file, cfb), for the sniffer's and the file store's tests and for browser tests
// that upload evidence.
import { closeSync, openSync, readSync } from 'node:fs';
import zlib from 'node:zlib';
import CFB from 'cfb';
import jpeg from 'jpeg-js';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import writeXlsxFile from 'write-excel-file/node';

/**
 * A one-page PDF titled `title` (in any language: the page's standard font draws Latin only). Its dates are fixed, so
 * the same title gives the same bytes.
 */
export async function samplePdf(title = '工作进展佐证材料'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreationDate(new Date('2026-07-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-07-01T00:00:00Z'));
  const page = doc.addPage([300, 200]);
  page.drawText('Evidence of progress', { x: 20, y: 150, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** A JPEG photo of `width`×`height` pixels (a colour gradient; `seed` varies the pixels, so the bytes). */
export function sampleJpeg(width = 16, height = 16, seed = 0): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i * 7 + seed) & 255, (i * 3) & 255, (seed * 5) & 255, 255], i * 4);
  return jpeg.encode({ data, width, height }, 90).data;
}

const pngChunk = (type: string, body: Buffer): Buffer => {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const out = Buffer.alloc(8 + body.length + 4);
  out.writeUInt32BE(body.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(zlib.crc32(typed), 8 + body.length);
  return out;
};

/** A valid 2×2 RGB PNG. */
export function samplePng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const CONTENT_TYPES = (overrides: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  `${overrides}</Types>`;

/** A Word .docx of one paragraph, deflated as Word writes it; `extra` adds parts (a macro project, …). */
export async function sampleDocx(text = '佐证材料', extra: Record<string, Uint8Array | string> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES('<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'));
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An Excel .xlsx of one sheet, as write-excel-file (the report's own writer) makes it. */
export async function sampleXlsx(): Promise<Buffer> {
  const output = writeXlsxFile([[{ value: '单位' }, { value: '完成率' }], [{ value: '市发展改革委' }, { value: 0.85 }]]);
  return output.toBuffer();
}

/** An OFD document's container: OFD.xml at the root, the document's parts beneath (GB/T 33190). */
export async function sampleOfd(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    'OFD.xml',
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0c1d4f7eb6c1e7c9</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
  );
  zip.file(
    'Doc_0/Document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages/></ofd:Document>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An OLE2 compound file (the container of legacy .doc and .xls) holding the named streams at its root. */
export function sampleCompoundFile(streams: Record<string, Uint8Array>): Buffer {
  const cfb = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(cfb, `/${name}`, Buffer.from(content));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** The first bytes of the running Node executable: a real ELF program. */
export function sampleElf(length = 64 * 1024): Buffer {
  const fd = openSync(process.execPath, 'r');
  try {
    const bytes = Buffer.alloc(length);
    return bytes.subarray(0, readSync(fd, bytes, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

type TZipEntrySpec = { name: string; data: Uint8Array; uncompressed: number; crc?: number; method?: 0 | 8; offset?: number };

/**
 * A zip written by hand, each entry's declared sizes and local-header offset as given: how a zip bomb is shaped (sizes
 * far beyond its bytes, or entries sharing the same bytes).
 */
export function handMadeZip(entries: TZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const placed = entries.map((e) => {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.crc ?? 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.uncompressed, 22);
    local.writeUInt16LE(name.length, 26);
    const at = offset;
    locals.push(local, name, Buffer.from(e.data));
    offset += 30 + name.length + e.data.length;
    return { e, name, at: e.offset ?? at };
  });
  for (const { e, name, at } of placed) {
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 8, 10);
    central.writeUInt32LE(e.crc ?? 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.uncompressed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(at, 42);
    centrals.push(central, name);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A real deflate stream of `gib` GiB of zeros in a couple of MB: the same 64 MiB block, flushed to a byte boundary and
 * repeated, then a final empty block. Made without ever holding the expanded bytes.
 */
export function deflatedZeros(gib: number): { data: Buffer; uncompressed: number } {
  const block = zlib.deflateRawSync(Buffer.alloc(64 * 2 ** 20), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const repeats = gib * 16;
  return { data: Buffer.concat([...Array.from({ length: repeats }, () => block), Buffer.from([0x03, 0x00])]), uncompressed: repeats * 64 * 2 ** 20 };
}
