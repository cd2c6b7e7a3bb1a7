import JSZip from 'jszip';
import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { syntheticPlan } from '../../parser/synthetic-plan';
import { PARSE_REFUSAL, parsePlanOffThread } from '../../services/plans/parse-off-thread';
import { deflatedZeros, handMadeZip } from '../support/sample-files';
import { withSession, type TSession, type TTestApp } from '../api/support';


/**
 * Probes come every 5 ms, far oftener than any load balancer's: /healthz answers without the database, so probes back
 * to back would number hundreds of thousands while a plan parses, and the test would measure the injector's memory.
 */
const probeInterval = () => new Promise((resolve) => setTimeout(resolve, 5));

let t: TTestApp;
let coordinator: TSession;

const it = appTest;
it.beforeAll(async ({ t: app, coordinator: signedIn }) => {
  t = app;
  coordinator = signedIn;
});

const PLAN_LINES = ['2026年质量提升行动方案', '一、重点任务', '（一）加强质量监管。（区财政局牵头，区教育局配合）', '（二）推进标准化建设。（区教育局负责）'];

/** A Word file of the plan's paragraphs, deflated as Word writes it, with `extra` parts beside them. */
async function planDocx(extra: Record<string, Uint8Array | string> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const paragraphs = PLAN_LINES.map((l) => `<w:p><w:r><w:t>${l}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`);
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The plan's Word file rebuilt by hand, its parts stored as they are, with `extra` entries as handMadeZip writes them. */
async function docxWith(extra: Parameters<typeof handMadeZip>[0]): Promise<Buffer> {
  const real = await JSZip.loadAsync(await planDocx());
  const parts = await Promise.all(
    ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'].map(async (name) => {
      const data = Buffer.from(await real.file(name)!.async('uint8array'));
      return { name, data, uncompressed: data.length, method: 0 as const };
    }),
  );
  return handMadeZip([...parts, ...extra]);
}

const importFile = (content: Buffer, fileName = '方案.docx') =>
  t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { file: { fileName, contentBase64: content.toString('base64') }, year: 2026, again: true }, headers: withSession(coordinator) });

describe('a plan document is judged by its size and its zip directory before it is read', () => {
  it('a .docx within the limits imports as before, a picture and all', async () => {
    const res = await importFile(await planDocx({ 'word/media/image1.png': Buffer.alloc(300_000, 7) }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().measures).toBe(2);
  });

  it('a .docx whose parts inflate to more than 64 MB is refused by its directory alone, before anything is inflated', async () => {
    // 512 MiB of zeros in half a megabyte, declared honestly: inflating it would take seconds and the memory with it.
    const docx = await docxWith([{ name: 'word/media/image1.png', ...deflatedZeros(1 / 2) }]);
    const started = performance.now();
    const res = await importFile(docx);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('64 MB');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['with a part that expands more than 100 times', () => planDocx({ 'word/media/image1.emf': Buffer.alloc(4 * 2 ** 20) }), '1:100'],
    ['of more than 1,000 parts', () => planDocx(Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`customXml/item${i}.xml`, `<a>${i}</a>`]))), '1000'],
  ])('a .docx %s is refused, naming the limit', async (_, make, limit) => {
    const res = await importFile(await make());
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain(limit);
    expect(res.json().error.message).toContain('疑为恶意文件');
  });

  it('a text of more than 2,000,000 characters is refused, pasted or as a file', async () => {
    const text = `${PLAN_LINES.join('\n')}\n${'质'.repeat(2_000_000)}`;
    const pasted = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text, year: 2026, again: true }, headers: withSession(coordinator) });
    expect(pasted.statusCode).toBe(422);
    expect(pasted.json().error.message).toContain('2,000,000');
    const uploaded = await importFile(Buffer.from(text, 'utf8'), '方案.txt');
    expect(uploaded.statusCode).toBe(422);
    expect(uploaded.json().error.message).toContain('2,000,000');
  });

  it('a file of more than 10 MB is refused', async () => {
    const res = await importFile(Buffer.concat([Buffer.from(`${PLAN_LINES.join('\n')}\n`), Buffer.alloc(10 * 2 ** 20 + 1, 'a')]), '方案.txt');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('10 MB');
  });
});

describe('a plan is parsed off the event loop', () => {
  it('while a large plan parses, /healthz answers within 200 ms', async () => {
    // Some 300,000 characters in 2,600 measures: half a second of the parser's work on this machine. The same text
    // is already a plan of the year, so once parsed the import is refused (409) in a moment: what is timed is the parse.
    const text = syntheticPlan(1, 40, 40);
    expect(text.length).toBeGreaterThan(300_000);
    // The coordinator's own office's plan: a duplicate is looked for among the importer's plans only.
    const office = (await t.db.person.findFirstOrThrow({ where: { email: 'coordinator@test.local' } })).unitId;
    await t.db.plan.create({ data: { title: '已导入的大方案', year: 2026, sourceText: text, schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: office } });
    let importing = true;
    const imported = t.app
      .inject({ method: 'POST', url: '/api/plans/import', payload: { text, year: 2026 }, headers: withSession(coordinator) })
      .finally(() => (importing = false));
    const waits: number[] = [];
    while (importing) {
      const started = performance.now();
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      waits.push(performance.now() - started);
      expect(res.statusCode).toBe(200);
      await probeInterval();
    }
    const res = await imported;
    expect(res.statusCode, res.body).toBe(409);
    // None waited behind the parse, and they ran all the while it parsed.
    expect(Math.max(...waits)).toBeLessThan(200);
    expect(waits.length).toBeGreaterThan(10);
  });
});

describe('the parse thread', () => {
  const job = { source: { text: PLAN_LINES.join('\n') }, registry: { units: [], groups: [] } };

  it('stops a parse past its deadline, and the next parse still runs', async () => {
    await expect(parsePlanOffThread(job, { deadlineMs: 1 })).rejects.toThrow(PARSE_REFUSAL.deadline);
    const { parsed } = await parsePlanOffThread(job);
    expect(parsed.measures.map((m) => m.ref)).toEqual(['一/（一）', '一/（二）']);
  });

  it('a .docx whose directory lies about what it inflates to costs its thread, while the process answers', async () => {
    const real = await JSZip.loadAsync(await planDocx());
    const part = async (name: string) => Buffer.from(await real.file(name)!.async('uint8array'));
    const stored = async (name: string) => ({ name, data: await part(name), uncompressed: (await part(name)).length, method: 0 as const });
    // word/document.xml declared a kilobyte once inflated; 256 MiB of zeros in fact.
    const docx = handMadeZip([await stored('[Content_Types].xml'), await stored('_rels/.rels'), { name: 'word/document.xml', data: deflatedZeros(1 / 4).data, uncompressed: 1_024 }]);
    let importing = true;
    const imported = importFile(docx).finally(() => (importing = false));
    let answered = 0;
    while (importing) {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      answered++;
      await probeInterval();
    }
    const res = await imported;
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/docx|内存/);
    expect(answered).toBeGreaterThan(10);
  });
});
