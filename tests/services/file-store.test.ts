import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { TFileBackend } from '../../files/backend';
import { openFileBackend } from '../../files/open-file-backend';
import { REFUSAL } from '../../files/sniff';
import type { TS3Location } from '../../lib/config';
import { createFileStore, type TFileStore } from '../../services/files/file-store';
import { FileTooLargeError, FileTypeRefusedError } from '../../services/files/file-errors';
import { startFileSweeper } from '../../worker/file-sweeper';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { sampleElf, sampleJpeg, samplePdf } from '../support/sample-files';
import { waitFor } from '../support/wait-for';

const MB = 2 ** 20;
const HOUR = 60 * 60_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The bytes as an upload arrives: in chunks of a network's size. */
function chunked(bytes: Uint8Array, size = 16 * 1024): Readable {
  return Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  })());
}

/** An upload whose connection drops after `after` bytes. */
async function* cutOff(bytes: Uint8Array, after: number): AsyncIterable<Uint8Array> {
  yield bytes.subarray(0, after);
  await new Promise((r) => setImmediate(r));
  throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}

/** Until the millisecond clock has moved past `ms`: what is made afterwards is strictly younger. */
const clockPasses = async (ms: number) => {
  while (Date.now() <= ms) await new Promise((r) => setImmediate(r));
};

const bytesOf = async (body: Readable) => Buffer.concat(await body.toArray());

type TBackendCase = { name: 'filesystem' | 's3'; make: (dataDir: string) => Promise<TFileBackend> };

let s3: TS3Server;
const backends: TBackendCase[] = [
  { name: 'filesystem', make: async (dataDir) => openFileBackend({ dataDir }) },
  // A key prefix, as an installation sharing its bucket would have.
  { name: 's3', make: async (dataDir) => openFileBackend({ dataDir, FILES_URL: s3.location }) },
];

let database: TestDatabase;
let uploaderId: string;
beforeAll(async () => {
  [database, s3] = await Promise.all([createTestDatabase(), startS3Server({ prefix: 'duban/' })]);
  uploaderId = (await database.db.person.create({ data: { name: '联络员', email: 'contact@duban.test' }, select: { id: true } })).id;
});
afterAll(async () => {
  await database?.close();
  await s3?.stop();
});

describe.each(backends)('the file store on the $name backend', ({ name: kind, make }) => {
  let dataDir: string;
  let backend: TFileBackend;
  let store: TFileStore;
  const objects = async () => {
    const all = [];
    for await (const o of backend.list()) all.push(o.sha256);
    return all.sort();
  };
  const spooled = () => readdirSync(backend.spoolDir, { withFileTypes: true }).filter((e) => e.isFile());
  const nothingStored = async () => {
    expect(await database.db.storedFile.count()).toBe(0);
    expect(await objects()).toEqual([]);
    expect(spooled()).toEqual([]);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), `duban-files-${kind}-`));
    backend = await make(dataDir);
    store = createFileStore({ db: database.db, backend, maxBytes: 1 * MB });
  });
  afterAll(() => {
    store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    for (const row of await database.db.storedFile.findMany({ select: { sha256: true } })) await backend.remove(row.sha256);
    await database.db.storedFile.deleteMany();
    for (const sha of await objects()) await backend.remove(sha);
  });

  it('stores an upload and opens it again by its id, with what was sniffed and the name without its folder', async () => {
    const pdf = await samplePdf();
    const stored = await store.store(chunked(pdf), { name: 'C:\\Users\\联络员\\桌面\\2026年上半年进展.pdf', uploaderId });
    expect(stored).toEqual({ id: expect.any(String), name: '2026年上半年进展.pdf', size: pdf.length, sha256: sha256(pdf), contentType: 'application/pdf' });
    expect(stored.id).not.toBe(stored.sha256);
    const opened = await store.open(stored.id);
    expect(opened).toMatchObject({ ...stored, uploaderId, createdAt: expect.any(Date) });
    expect(await bytesOf(opened!.body)).toEqual(pdf);
    expect(spooled()).toEqual([]);
  });

  it('cannot be asked for content by its hash: only an upload id opens a file', async () => {
    const stored = await store.store(chunked(sampleJpeg()), { name: 'photo.jpg', uploaderId });
    expect(await store.open(stored.sha256)).toBeNull();
    expect(await store.open('no-such-file')).toBeNull();
  });

  it('keeps the same content once, under separate ids, and removes it with its last upload', async () => {
    const pdf = await samplePdf('同一份材料');
    const first = await store.store(chunked(pdf), { name: '材料.pdf', uploaderId });
    const second = await store.store(chunked(pdf), { name: '材料（再次上传）.pdf', uploaderId });
    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    expect(await objects()).toEqual([first.sha256]);

    expect(await store.delete(first.id)).toBe(true);
    expect(await store.open(first.id)).toBeNull();
    expect(await bytesOf((await store.open(second.id))!.body)).toEqual(pdf);
    expect(await objects()).toEqual([first.sha256]);

    expect(await store.delete(second.id)).toBe(true);
    expect(await store.delete(second.id)).toBe(false);
    await nothingStored();
  });

  it('refuses an upload over its limit, naming the limit, and keeps nothing of it', async () => {
    const big = Buffer.concat([await samplePdf(), Buffer.alloc(2 * MB, 0x20)]);
    const error = await store.store(chunked(big), { name: 'big.pdf', uploaderId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).message).toContain('1 MB');
    await nothingStored();

    const limited = await store.store(chunked(big), { name: 'big.pdf', uploaderId, limits: { maxBytes: 3 * MB } });
    expect(limited.size).toBe(big.length);
  });

  it('refuses an executable renamed .pdf, and an empty file, with the reason and nothing kept', async () => {
    await expect(store.store(chunked(sampleElf()), { name: '进展报告.pdf', uploaderId })).rejects.toThrow(new FileTypeRefusedError(REFUSAL.executable));
    await expect(store.store(chunked(Buffer.alloc(0)), { name: 'empty.pdf', uploaderId })).rejects.toThrow(new FileTypeRefusedError(REFUSAL.empty));
    await nothingStored();
  });

  it('keeps nothing of an upload cut off halfway', async () => {
    const pdf = Buffer.concat([await samplePdf(), Buffer.alloc(256 * 1024, 0x20)]);
    await expect(store.store(cutOff(pdf, pdf.length / 2), { name: 'cut.pdf', uploaderId })).rejects.toThrow('aborted');
    await nothingStored();
  });

  it('stores concurrent uploads of the same content once, each under its own id', async () => {
    const photo = sampleJpeg(64, 64, 7);
    const stored = await Promise.all(Array.from({ length: 6 }, (_, i) => store.store(chunked(photo, 512), { name: `现场照片${i}.jpg`, uploaderId })));
    expect(new Set(stored.map((s) => s.id)).size).toBe(6);
    expect(await objects()).toEqual([sha256(photo)]);
    for (const s of stored) expect(await bytesOf((await store.open(s.id))!.body)).toEqual(photo);
  });

  it('sweeps an upload that died between recording its row and marking its content stored, with its content', async () => {
    const stored = await store.store(chunked(await samplePdf('中断')), { name: 'died.pdf', uploaderId });
    // What a process killed after putting the content, before marking the row, leaves behind.
    await database.db.storedFile.update({ where: { id: stored.id }, data: { storedAt: null } });
    expect(await store.open(stored.id)).toBeNull();

    expect(await store.sweep()).toEqual({ abandonedUploads: 0, orphanedContent: 0, staleSpoolFiles: 0 });
    expect(await database.db.storedFile.count()).toBe(1);

    expect(await store.sweep({ olderThan: new Date(Date.now() + 1) })).toEqual({ abandonedUploads: 1, orphanedContent: 1, staleSpoolFiles: 0 });
    await nothingStored();
  });

  it('sweeps a row whose content never arrived', async () => {
    const stored = await store.store(chunked(await samplePdf('未到')), { name: 'never.pdf', uploaderId });
    // What a process killed after recording the row, before putting the content, leaves behind.
    await database.db.storedFile.update({ where: { id: stored.id }, data: { storedAt: null } });
    await backend.remove(stored.sha256);
    expect(await store.sweep({ olderThan: new Date(Date.now() + 1) })).toEqual({ abandonedUploads: 1, orphanedContent: 0, staleSpoolFiles: 0 });
    await nothingStored();
  });

  it('sweeps content no upload refers to once past the grace period, never content that one does', async () => {
    const kept = await store.store(chunked(await samplePdf('保留')), { name: 'kept.pdf', uploaderId });
    const orphan = await store.store(chunked(await samplePdf('孤立')), { name: 'orphan.pdf', uploaderId });
    // A deletion whose removal of the content could not reach the store.
    await database.db.storedFile.delete({ where: { id: orphan.id } });

    expect(await store.sweep()).toMatchObject({ orphanedContent: 0 });
    expect(await store.sweep({ olderThan: new Date(Date.now() + 1) })).toEqual({ abandonedUploads: 0, orphanedContent: 1, staleSpoolFiles: 0 });
    expect(await objects()).toEqual([kept.sha256]);
    expect(await bytesOf((await store.open(kept.id))!.body)).toEqual(await samplePdf('保留'));
  });

  it('two workers sweeping at once, while the same content is uploaded again, remove each orphan once and nothing in use', async () => {
    const orphans = await Promise.all([1, 2, 3, 4].map(async (i) => store.store(chunked(await samplePdf(`孤立${i}`)), { name: `orphan${i}.pdf`, uploaderId })));
    const kept = await store.store(chunked(await samplePdf('保留')), { name: 'kept.pdf', uploaderId });
    await database.db.storedFile.deleteMany({ where: { id: { in: orphans.map((o) => o.id) } } });
    const olderThan = new Date(Date.now() + 1);
    // Each sweep is one worker's; the upload of the first orphan's content again races both.
    const [a, b, again] = await Promise.all([
      store.sweep({ olderThan }),
      store.sweep({ olderThan }),
      store.store(chunked(await samplePdf('孤立1')), { name: 'orphan1-again.pdf', uploaderId }),
    ]);
    // The content uploaded again survives whichever came first; the other orphans go. (Both sweeps may count the same
    // removal: each decides under the content's lock that no row refers to it, and removing twice is harmless.)
    expect(await bytesOf((await store.open(again.id))!.body)).toEqual(await samplePdf('孤立1'));
    expect(await objects()).toEqual([kept.sha256, again.sha256].sort());
    expect(a.orphanedContent + b.orphanedContent).toBeGreaterThanOrEqual(3);
  });

  it('sweeps spooled uploads left by a process that died while receiving them', async () => {
    const stale = path.join(backend.spoolDir, 'stale-upload.part');
    const fresh = path.join(backend.spoolDir, 'fresh-upload.part');
    writeFileSync(stale, 'half an upload');
    writeFileSync(fresh, 'an upload under way');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    expect(await store.sweep()).toEqual({ abandonedUploads: 0, orphanedContent: 0, staleSpoolFiles: 1 });
    expect(spooled().map((e) => e.name)).toEqual(['fresh-upload.part']);
    rmSync(fresh);
  });

  it('an upload of content that the sweep is removing at that moment still ends stored', async () => {
    const pdf = await samplePdf('竞争');
    for (let round = 0; round < 10; round++) {
      const earlier = await store.store(chunked(pdf), { name: 'earlier.pdf', uploaderId });
      await database.db.storedFile.delete({ where: { id: earlier.id } });
      // The content is now an orphan older than the cut-off; the new upload's spool file and row will be younger, by
      // more than the few milliseconds a file system's coarse timestamps may lag the clock.
      const olderThan = new Date(Date.now() + 10);
      await clockPasses(olderThan.getTime() + 10);
      const [again, swept] = await Promise.all([store.store(chunked(pdf, 1024), { name: 'again.pdf', uploaderId }), store.sweep({ olderThan })]);
      expect(swept.abandonedUploads + swept.staleSpoolFiles).toBe(0);
      expect(await bytesOf((await store.open(again.id))!.body)).toEqual(pdf);
      await store.delete(again.id);
    }
  });
});

describe('what an upload is called', () => {
  it('is refused without a name, or with one longer than 255 characters, before anything is read', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-files-names-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const store = createFileStore({ db: database.db, backend: openFileBackend({ dataDir }), maxBytes: MB });
    let read = false;
    const source = (async function* () {
      read = true;
      yield await samplePdf();
    })();
    const noName = '上传无效：文件名为空 / invalid upload: the file has no name';
    const tooLong = '上传无效：文件名超过 255 个字符 / invalid upload: the file name is longer than 255 characters';
    for (const [name, refusal] of [['', noName], ['C:\\Users\\', noName], [`${'长'.repeat(252)}.pdf`, tooLong]] as const) {
      await expect(store.store(source, { name, uploaderId })).rejects.toThrow(refusal);
    }
    expect(read).toBe(false);
    expect(await database.db.storedFile.count()).toBe(0);
  });
});

describe("the worker's file sweeper", () => {
  it('clears what an interrupted upload left behind on its own timer, and stops when told', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-files-sweeper-'));
    const store = createFileStore({ db: database.db, backend: openFileBackend({ dataDir }), maxBytes: MB });
    const warnings: { message: string; meta?: Record<string, unknown> }[] = [];
    const stale = path.join(dataDir, 'files', 'tmp', 'died-mid-upload.part');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, 'half an upload');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);

    const sweeper = startFileSweeper(store, { warn: (message, meta) => warnings.push({ message, meta }) }, 20);
    try {
      await waitFor('the stale spool file swept', () => !existsSync(stale), { timeoutMs: 10_000, everyMs: 20 });
      expect(warnings[0]?.meta).toEqual({ abandonedUploads: 0, orphanedContent: 0, staleSpoolFiles: 1 });
    } finally {
      await sweeper.stop();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the S3 backend speaks plain S3 to the store', () => {
  type TRecorded = { method: string; url: string; headers: http.IncomingHttpHeaders };
  let recorder: http.Server;
  let recorded: TRecorded[];
  let store: TFileStore;
  let dataDir: string;

  beforeAll(async () => {
    recorded = [];
    // A recording HTTP relay between the SDK and s3proxy: what 阿里云 OSS, 腾讯 COS or 华为 OBS would receive.
    recorder = http.createServer((req, res) => {
      recorded.push({ method: req.method!, url: req.url!, headers: req.headers });
      const upstream = http.request({ host: '127.0.0.1', port: new URL(s3.location.endpoint).port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const location: TS3Location = { ...s3.location, endpoint: `http://127.0.0.1:${(recorder.address() as { port: number }).port}`, prefix: 'recorded/' };
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-files-recorded-'));
    store = createFileStore({ db: database.db, backend: openFileBackend({ dataDir, FILES_URL: location }), maxBytes: MB });
  });
  afterAll(async () => {
    store?.close();
    await new Promise((r) => recorder?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads with Content-MD5 and a plain body, without the checksum headers or aws-chunked bodies other stores reject', async () => {
    const pdf = await samplePdf('兼容');
    const stored = await store.store(chunked(pdf), { name: 'compatible.pdf', uploaderId });
    expect(await bytesOf((await store.open(stored.id))!.body)).toEqual(pdf);

    const put = recorded.find((r) => r.method === 'PUT' && r.url.includes(stored.sha256))!;
    expect(put.headers['content-md5']).toBe(createHash('md5').update(pdf).digest('base64'));
    expect(put.headers['content-length']).toBe(String(pdf.length));
    expect(put.headers['content-encoding'] ?? '').not.toContain('aws-chunked');
    expect(put.headers['x-amz-content-sha256']).not.toMatch(/^STREAMING-/);
    const get = recorded.find((r) => r.method === 'GET' && r.url.includes(stored.sha256))!;
    for (const request of [put, get]) {
      expect(Object.keys(request.headers).filter((h) => h.startsWith('x-amz-checksum') || h === 'x-amz-sdk-checksum-algorithm' || h === 'x-amz-trailer')).toEqual([]);
    }
    expect(get.headers['x-amz-checksum-mode']).toBeUndefined();
    await store.delete(stored.id);
  });
});
