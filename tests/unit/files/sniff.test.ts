import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ZIP_EXPANSION, REFUSAL, sniffFileType, type TByteSource } from '../../../files/sniff';
import {
  deflatedZeros,
  handMadeZip,
  sampleCompoundFile,
  sampleDocx,
  sampleElf,
  sampleJpeg,
  sampleOfd,
  samplePdf,
  samplePng,
  sampleXlsx,
} from '../../support/sample-files';

const bytesSource = (bytes: Uint8Array): TByteSource => ({
  size: bytes.length,
  read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
});

/** A source that counts what the sniffer read, to show it looks at a container's directory only. */
function counted(bytes: Uint8Array): TByteSource & { bytesRead: () => number } {
  const inner = bytesSource(bytes);
  let read = 0;
  return {
    size: inner.size,
    read: (offset, length) => {
      const out = inner.read(offset, length);
      read += out.length;
      return out;
    },
    bytesRead: () => read,
  };
}

/**
 * The compound file with its (one-sector) directory copied to a new last sector: the header points there, and that
 * sector's FAT entry, which lies in a FAT sector listed only in the first DIFAT sector, ends the chain.
 */
function directoryMovedToTheEnd(file: Buffer): Buffer {
  const sector = 512;
  const header = Buffer.from(file.subarray(0, sector));
  const directory = file.subarray((header.readUInt32LE(0x30) + 1) * sector, (header.readUInt32LE(0x30) + 2) * sector);
  const moved = Buffer.concat([file, directory]);
  const newSector = moved.length / sector - 2;
  const fatIndex = Math.floor(newSector / 128);
  expect(fatIndex).toBeGreaterThanOrEqual(109);
  const difat = header.readUInt32LE(0x44);
  const fatSector = moved.readUInt32LE((difat + 1) * sector + 4 * (fatIndex - 109));
  moved.writeUInt32LE(0xfffffffe, (fatSector + 1) * sector + 4 * (newSector % 128));
  moved.writeUInt32LE(newSector, 0x30);
  return moved;
}

const sniff = (bytes: Uint8Array) => sniffFileType(bytesSource(bytes));
const stream = (text: string) => new TextEncoder().encode(text);

describe('evidence files are recognised by their content', () => {
  it.each([
    ['a PDF', samplePdf, 'pdf', 'application/pdf'],
    ['a PNG image', async () => samplePng(), 'png', 'image/png'],
    ['a JPEG photo', async () => sampleJpeg(), 'jpeg', 'image/jpeg'],
    ['a Word .docx', () => sampleDocx(), 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an Excel .xlsx', sampleXlsx, 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['an OFD document', sampleOfd, 'ofd', 'application/ofd'],
    ['a legacy Word .doc', async () => sampleCompoundFile({ WordDocument: stream('Word'), '1Table': stream('table') }), 'doc', 'application/msword'],
    ['a legacy Excel .xls', async () => sampleCompoundFile({ Workbook: stream('BIFF8') }), 'xls', 'application/vnd.ms-excel'],
    ['an Excel 5 .xls', async () => sampleCompoundFile({ Book: stream('BIFF5') }), 'xls', 'application/vnd.ms-excel'],
  ])('%s is accepted as what it is', async (_label, make, kind, contentType) => {
    expect(sniff(await make())).toMatchObject({ ok: true, kind, contentType });
  });

  it('a large legacy .doc whose directory lies where only a DIFAT sector says which FAT sector covers it is read as a .doc', () => {
    // 8 MB in 512-byte sectors needs 130 FAT sectors; the header lists 109, a DIFAT sector the rest. Word often writes
    // the directory near the end of the file; cfb writes it first, so it is moved there.
    const big = directoryMovedToTheEnd(sampleCompoundFile({ WordDocument: new Uint8Array(8 * 2 ** 20).fill(7) }));
    const source = counted(big);
    expect(sniffFileType(source)).toMatchObject({ ok: true, kind: 'doc' });
    expect(source.bytesRead()).toBeLessThan(64 * 1024);
  });

  it('a Word document stays a Word document whatever it is named: the name is never consulted', async () => {
    // sniffFileType takes no name at all; the same bytes give the same answer.
    const bytes = await sampleDocx();
    expect(sniff(bytes)).toEqual(sniff(Buffer.from(bytes)));
  });
});

describe('anything else is refused with a reason', () => {
  it.each([
    ['an empty file', async () => new Uint8Array(0), REFUSAL.empty],
    ['an ELF program renamed .pdf', async () => sampleElf(), REFUSAL.executable],
    ['a Windows program', async () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]), REFUSAL.executable],
    ['a shell script', async () => stream('#!/bin/sh\nrm -rf /\n'), REFUSAL.executable],
    ['plain text', async () => stream('工作进展情况：已完成'), REFUSAL.unsupported],
    ['a GIF image', async () => Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]), REFUSAL.unsupported],
    ['a PostScript file that mentions %PDF- later', async () => stream('%!PS-Adobe-3.0\n%PDF-1.7'), REFUSAL.unsupported],
    ['a zip of other files', async () => handMadeZip([{ name: 'photo.txt', data: stream('x'), uncompressed: 1, method: 0 }]), REFUSAL.otherArchive],
    ['a zip holding word/document.xml but no package', async () => handMadeZip([{ name: 'word/document.xml', data: stream('<w/>'), uncompressed: 4, method: 0 }]), REFUSAL.otherArchive],
    ['a macro-enabled Word document', () => sampleDocx('宏', { 'word/vbaProject.bin': new Uint8Array(64) }), REFUSAL.macros],
    ['a legacy .doc with macros', async () => sampleCompoundFile({ WordDocument: stream('Word'), 'Macros/VBA/dir': stream('vba') }), REFUSAL.macros],
    ['a password-protected .docx', async () => sampleCompoundFile({ EncryptionInfo: stream('info'), EncryptedPackage: stream('zip') }), REFUSAL.encrypted],
    ['a PowerPoint .ppt', async () => sampleCompoundFile({ 'PowerPoint Document': stream('ppt') }), REFUSAL.otherCompound],
    ['a .docx cut short before its directory', async () => (await sampleDocx()).subarray(0, 200), REFUSAL.damagedZip],
    ['a .doc cut short after its header', async () => sampleCompoundFile({ WordDocument: stream('Word') }).subarray(0, 512), REFUSAL.damagedCompound],
    ['a PNG whose header chunk is missing', async () => samplePng().subarray(0, 12), REFUSAL.damagedPng],
  ])('%s', async (_label, make, reason) => {
    expect(sniff(await make())).toEqual({ ok: false, reason });
  });
});

describe('zip bombs are judged by their directory, never inflated', () => {
  it('a .docx whose document expands to 2 GiB of zeros is refused after reading only its directory', async () => {
    const zeros = deflatedZeros(2);
    const bomb = handMadeZip([
      { name: '[Content_Types].xml', data: stream('<Types/>'), uncompressed: 8, method: 0 },
      { name: 'word/document.xml', data: zeros.data, uncompressed: zeros.uncompressed },
    ]);
    expect(zeros.uncompressed).toBeGreaterThan(MAX_ZIP_EXPANSION);
    const source = counted(bomb);
    expect(sniffFileType(source)).toEqual({ ok: false, reason: REFUSAL.zipBomb });
    // The whole compressed stream is some 2 MB; the sniffer read the end record and the directory (within 64 KB).
    expect(bomb.length).toBeGreaterThan(1_000_000);
    expect(source.bytesRead()).toBeLessThan(70 * 1024);
  });

  it('entries that all point at the same bytes (an overlapping bomb) are refused', () => {
    const shared = { data: new Uint8Array(1000).fill(0xaa), uncompressed: 1_000_000 };
    const bomb = handMadeZip([
      { name: '[Content_Types].xml', ...shared },
      { name: 'word/document.xml', ...shared, offset: 0 },
      { name: 'word/styles.xml', ...shared, offset: 0 },
    ]);
    expect(sniff(bomb)).toEqual({ ok: false, reason: REFUSAL.zipBomb });
  });

  it('headers that claim gigabytes behind a few bytes are refused without looking at those bytes', () => {
    const liar = handMadeZip([
      { name: '[Content_Types].xml', data: stream('garbage, not deflate'), uncompressed: 0xfffffff0 },
      { name: 'xl/workbook.xml', data: stream('more garbage'), uncompressed: 0xfffffff0 },
    ]);
    expect(sniff(liar)).toEqual({ ok: false, reason: REFUSAL.zipBomb });
  });
});

describe('the sniffer never fails on arbitrary bytes', () => {
  const prefixes = [[], [0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]];
  it('answers accepted or refused-with-a-reason for any content, reading only from within the file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 4096 }), (prefix, rest) => {
        const bytes = Uint8Array.from([...prefix, ...rest]);
        const source: TByteSource = {
          size: bytes.length,
          read: (offset, length) => {
            expect(offset).toBeGreaterThanOrEqual(0);
            expect(offset).toBeLessThanOrEqual(bytes.length);
            return bytes.subarray(offset, offset + length);
          },
        };
        const result = sniffFileType(source);
        expect(result.ok || (result.reason.zh.length > 0 && result.reason.en.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a damaged directory in an otherwise real .docx or .doc is refused, not thrown', async () => {
    const docx = Buffer.from(await sampleDocx());
    const doc = Buffer.from(sampleCompoundFile({ WordDocument: stream('Word') }));
    fc.assert(
      fc.property(fc.constantFrom(docx, doc), fc.nat(), fc.integer({ min: 0, max: 255 }), (original, at, value) => {
        const bytes = Buffer.from(original);
        bytes[at % bytes.length] = value;
        const result = sniff(bytes);
        expect(result.ok || (result.reason.zh.length > 0 && result.reason.en.length > 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
