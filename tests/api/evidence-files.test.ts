import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileBackend } from '../../files/open-file-backend';
import { loadConfig } from '../../lib/config';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { waitFor } from '../support/wait-for';
import { sampleDocx, sampleElf, sampleJpeg, samplePdf, samplePng } from '../support/sample-files';
import { seedWorld, signIn, startTestApp, withSession, type TSession, type TTestApp, type TWorld } from './support';

const MB = 2 ** 20;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A multipart/form-data body as a browser sends one: the fields first, then the file. */
function multipart(file: { field?: string; name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}) {
  const boundary = '----duban' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let s3: TS3Server;
beforeAll(async () => {
  s3 = await startS3Server({ prefix: 'duban/' });
}, 180_000);
afterAll(async () => {
  await s3?.stop();
});

const backends = [
  { name: 'filesystem', env: (): Record<string, string> => ({}) },
  { name: 's3', env: (): Record<string, string> => ({ FILES_URL: s3.url }) },
];

describe.each(backends)('evidence files on the $name store', ({ env }) => {
  let t: TTestApp;
  let w: TWorld;
  let memberA: TSession, memberB: TSession, leaderA: TSession, coordinator: TSession;
  let pdf: Buffer;

  beforeAll(async () => {
    // Limits small enough to reach: 1 MB a file, 3 files a report.
    t = await startTestApp({ env: { ...env(), FILES_MAX_MB: '1', FILES_PER_REPORT: '3' } });
    w = await seedWorld(t.db);
    [memberA, memberB, leaderA, coordinator] = await Promise.all([
      signIn(t.app, w.memberA.email),
      signIn(t.app, w.memberB.email),
      signIn(t.app, w.leaderA.email),
      signIn(t.app, w.coordinator.email),
    ]);
    pdf = await samplePdf();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const upload = (who: TSession, assignmentId: string, file: Parameters<typeof multipart>[0]) => {
    const body = multipart(file);
    return t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/files`, payload: body.payload, headers: { ...body.headers, ...withSession(who) } });
  };
  const download = (who: TSession | null, id: string) => t.app.inject({ url: `/api/files/${id}`, headers: who ? withSession(who) : {} });
  /** What the store holds: one object per distinct content. */
  const storedObjects = async () => {
    const backend = openFileBackend(loadConfig({ DUBAN_DATA_DIR: t.config.DUBAN_DATA_DIR, ...env() }));
    try {
      const all: string[] = [];
      for await (const o of backend.list()) all.push(o.sha256);
      return all.sort();
    } finally {
      backend.close();
    }
  };
  const rowsFor = (assignmentId: string) => t.db.storedFile.count({ where: { assignmentId } });

  it('a unit uploads a PDF (201) that it, the office and its leader open in the browser, and anyone else finds nothing (404)', async () => {
    const res = await upload(memberA, w.assignmentA.id, { name: '整改报告（第一批）.pdf', bytes: pdf, type: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toEqual({ id: expect.any(String), name: '整改报告（第一批）.pdf', size: pdf.length, sha256: sha256(pdf), contentType: 'application/pdf' });
    expect(file.id).not.toBe(file.sha256);

    for (const who of [memberA, coordinator, leaderA]) {
      const got = await download(who, file.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(pdf)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-disposition']).toBe(`inline; filename="file-${file.id}.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告（第一批）.pdf')}`);
    }
    expect((await download(memberB, file.id)).statusCode).toBe(404);
    expect((await download(memberB, 'no-such-file')).statusCode).toBe(404);
    expect((await download(null, file.id)).statusCode).toBe(401);
  });

  it('a Word file downloads under its original name, safely encoded', async () => {
    const docx = await sampleDocx();
    const res = await upload(memberA, w.assignmentA.id, { name: '台账:明细;副本.docx', bytes: docx });
    expect(res.statusCode).toBe(201);
    const got = await download(coordinator, res.json().id);
    expect(got.statusCode).toBe(200);
    const disposition = got.headers['content-disposition'] as string;
    expect(disposition.startsWith('attachment; filename="file-')).toBe(true);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('台账 明细;副本.docx').replace(/;/g, '%3B')}`);
    expect(got.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(await rowsFor(w.assignmentA.id)).toBe(2);
  });

  it('the same content uploaded twice is stored once, under two ids, each with its own access check', async () => {
    const photo = sampleJpeg(32, 32, 7);
    const before = await storedObjects();
    const a = await upload(memberA, w.assignmentA.id, { name: '现场照片.jpg', bytes: photo });
    const b = await upload(memberB, w.assignmentB.id, { name: '现场.jpg', bytes: photo });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).not.toBe(b.json().id);
    expect(a.json().sha256).toBe(b.json().sha256);
    expect(await storedObjects()).toEqual([...before, sha256(photo)].sort());

    expect((await download(memberA, a.json().id)).statusCode).toBe(200);
    expect((await download(memberA, b.json().id)).statusCode).toBe(404);
    expect((await download(memberB, b.json().id)).statusCode).toBe(200);
    expect((await download(memberB, a.json().id)).statusCode).toBe(404);
    // The leader supervises unit A only; the office sees both.
    expect((await download(leaderA, b.json().id)).statusCode).toBe(404);
    expect((await download(coordinator, b.json().id)).statusCode).toBe(200);
  });

  it('over the size limit: 413 naming it, nothing stored', async () => {
    const objects = await storedObjects();
    const rows = await t.db.storedFile.count();
    const big = Buffer.concat([pdf, Buffer.alloc(MB, 0x20)]);
    const res = await upload(memberB, w.assignmentB.id, { name: '大文件.pdf', bytes: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('1 MB');
    expect(await t.db.storedFile.count()).toBe(rows);
    expect(await storedObjects()).toEqual(objects);
  });

  it('a type not allowed (an executable renamed .pdf, an empty file): 415 with the reason, nothing stored', async () => {
    const objects = await storedObjects();
    const rows = await t.db.storedFile.count();
    const exe = await upload(memberB, w.assignmentB.id, { name: '报告.pdf', bytes: sampleElf(4096), type: 'application/pdf' });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.message).toMatch(/可执行|executable/);
    const empty = await upload(memberB, w.assignmentB.id, { name: '空.pdf', bytes: new Uint8Array() });
    expect(empty.statusCode).toBe(415);
    expect(empty.json().error.message).toMatch(/空|empty/);
    expect(await t.db.storedFile.count()).toBe(rows);
    expect(await storedObjects()).toEqual(objects);
  });

  it('an upload cut off halfway stores nothing', async () => {
    const objects = await storedObjects();
    const rows = await t.db.storedFile.count();
    const spool = path.join(t.config.dataDir, 'files', 'tmp');
    const spooled = () => (existsSync(spool) ? readdirSync(spool).length : 0);
    // A real connection, to cut (the app is closed, listening or not, after the file's tests).
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    {
      const whole = multipart({ name: '半截.pdf', bytes: Buffer.concat([pdf, Buffer.alloc(MB / 2, 0x20)]) });
      const req = http.request(`${address}/api/assignments/${w.assignmentB.id}/files`, {
        method: 'POST',
        headers: { ...whole.headers, ...withSession(memberB), 'content-length': String(whole.payload.length) },
      });
      req.on('error', () => {});
      req.write(whole.payload.subarray(0, whole.payload.length / 2));
      // The server has begun receiving the file before the connection drops.
      await waitFor('the upload to be under way', async () => spooled() > 0, { timeoutMs: 10_000 });
      req.destroy();
      await waitFor('the cut-off upload to be cleared away', async () => spooled() === 0, { timeoutMs: 10_000 });
    }
    expect(await t.db.storedFile.count()).toBe(rows);
    expect(await storedObjects()).toEqual(objects);
  });

  it('only the unit may upload, refused before the body: another unit finds nothing, the office is refused, nobody signed in is asked to', async () => {
    const rows = await t.db.storedFile.count();
    expect((await upload(memberB, w.assignmentA.id, { name: 'x.pdf', bytes: pdf })).statusCode).toBe(404);
    expect((await upload(coordinator, w.assignmentA.id, { name: 'x.pdf', bytes: pdf })).statusCode).toBe(403);
    const body = multipart({ name: 'x.pdf', bytes: pdf });
    expect((await t.app.inject({ method: 'POST', url: `/api/assignments/${w.assignmentA.id}/files`, ...body })).statusCode).toBe(401);
    // A session's upload without its form token is refused like any other change.
    const noToken = await t.app.inject({ method: 'POST', url: `/api/assignments/${w.assignmentB.id}/files`, payload: body.payload, headers: { ...body.headers, cookie: memberB.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(await t.db.storedFile.count()).toBe(rows);
  });

  it('a report holds at most FILES_PER_REPORT files: the next upload is 413 naming the limit', async () => {
    // Unit A has three files waiting for its report (PDF, Word, photo).
    expect(await rowsFor(w.assignmentA.id)).toBe(3);
    const res = await upload(memberA, w.assignmentA.id, { name: '第四个.png', bytes: samplePng() });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('3');
    expect(await rowsFor(w.assignmentA.id)).toBe(3);
  });

  it("a report may name only its own assignment's files", async () => {
    const other = (await t.db.storedFile.findFirstOrThrow({ where: { assignmentId: w.assignmentB.id } })).id;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/assignments/${w.assignmentA.id}/progress`,
      headers: withSession(memberA),
      payload: { status: 'in_progress', percent: 50, narrative: '推进中', attachments: [{ fileId: other }], idempotencyKey: 'evidence-foreign-1' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain(other);
  });

  it('the limit holds at submission too: a report naming more files than FILES_PER_REPORT is refused with one line, nothing reported', async () => {
    // A file an earlier report carried, named again beside the three waiting: four in all.
    const earlier = await t.db.storedFile.create({ data: { ...(await t.db.storedFile.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id }, omit: { id: true } })), name: '上次的附件.pdf' } });
    const waiting = await t.db.storedFile.findMany({ where: { assignmentId: w.assignmentA.id, id: { not: earlier.id } }, select: { id: true } });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/assignments/${w.assignmentA.id}/progress`,
      headers: withSession(memberA),
      payload: { status: 'in_progress', percent: 50, narrative: '推进中', attachments: [...waiting, earlier].map((f) => ({ fileId: f.id })), idempotencyKey: 'evidence-too-many-1' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toBe('每次报送最多附 3 个文件，本次附了 4 个，未报送');
    expect(await t.db.progressReport.count({ where: { idempotencyKey: 'evidence-too-many-1' } })).toBe(0);
    await t.db.storedFile.delete({ where: { id: earlier.id } });
  });

  it('a waiting upload is deleted by its unit (API and page button): audited, its content gone from the store; nobody else may, and a reported file stays', async () => {
    const png = sampleJpeg(8, 8, 42);
    const up = await upload(memberB, w.assignmentB.id, { name: '待删除.jpg', bytes: png });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    expect(await storedObjects()).toContain(sha256(png));
    const remove = (who: TSession, fileId: string) => t.app.inject({ method: 'DELETE', url: `/api/files/${fileId}`, headers: withSession(who) });

    // Another unit finds nothing; the office, which may read it, is told only the unit may.
    expect((await remove(memberA, id)).statusCode).toBe(404);
    const office = await remove(coordinator, id);
    expect(office.statusCode).toBe(403);
    expect(office.json().error.message).toBe('只有承办单位人员可以填报');
    // The item page offers the unit a labelled button beside each waiting file.
    const item = await t.app.inject({ url: `/items/${w.assignmentB.id}`, headers: { cookie: memberB.cookie } });
    expect(item.body).toContain(`action="/items/${w.assignmentB.id}/files/${id}/delete"`);
    expect(item.body).toContain('aria-label="删除 待删除.jpg"');

    const gone = await remove(memberB, id);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toEqual({ id, deleted: true });
    expect(await t.db.storedFile.count({ where: { id } })).toBe(0);
    expect(await storedObjects()).not.toContain(sha256(png));
    expect((await download(memberB, id)).statusCode).toBe(404);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'evidence.deleted', actorId: w.memberB.id } })).toMatchObject({ planId: w.plan.id, data: { fileId: id, name: '待删除.jpg' } });
    expect((await remove(memberB, id)).statusCode).toBe(404);

    // By the page's button: back on the item, the file no longer listed.
    const again = await upload(memberB, w.assignmentB.id, { name: '再删除.jpg', bytes: png });
    const page = await t.app.inject({
      method: 'POST',
      url: `/items/${w.assignmentB.id}/files/${again.json().id}/delete`,
      headers: { cookie: memberB.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(memberB.csrfToken)}`,
    });
    expect(page.statusCode, page.body).toBe(303);
    expect(page.headers.location).toBe(`/items/${w.assignmentB.id}?done=fileDeleted#evidence`);
    expect(await t.db.storedFile.count({ where: { id: again.json().id } })).toBe(0);

    // A file a report carries is part of what was reported.
    const reported = await upload(memberB, w.assignmentB.id, { name: '已报送.jpg', bytes: png });
    await t.db.progressReport.create({
      data: { assignmentId: w.assignmentB.id, period: '2026-H1', dueAt: new Date('2026-07-15T00:00:00Z'), status: 'in_progress', percent: 30, narrative: '附件已报', submittedAt: new Date(), submittedById: w.memberB.id, idempotencyKey: 'evidence-reported-1', attachments: [{ fileId: reported.json().id }] },
    });
    const kept = await remove(memberB, reported.json().id);
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.message).toBe('文件“已报送.jpg”已随报告报送，不能删除');
    expect(await t.db.storedFile.count({ where: { id: reported.json().id } })).toBe(1);
  });
});
