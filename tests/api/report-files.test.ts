import { expect } from 'vitest';
import { workflowAppTest as test } from '../support/fixtures';
import { samplePdf, samplePng } from '../support/sample-files';
import { launchDraftPlan, multipartFile, withSession, type TSession } from './support';

test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

test('files uploaded before the report wait for it, go with it, and are listed with links for the unit and the office', async ({ t, w, coordinator, memberA }) => {
  const { assignments } = await launchDraftPlan(t, w, coordinator, '2026年佐证材料试点', [{ title: '开展抽检', units: ['A'] }]);
  const assignmentId = assignments[0]!.id;

  const upload = async (s: TSession, name: string, bytes: Uint8Array) => {
    const body = multipartFile(name, bytes);
    const res = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/files`, payload: body.payload, headers: { ...body.headers, ...withSession(s) } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const pdf = await upload(memberA, '抽检报告.pdf', await samplePdf());
  const png = await upload(memberA, '现场.png', samplePng());
  const item = async (s: TSession) => (await t.app.inject({ url: `/api/assignments/${assignmentId}`, headers: withSession(s) })).json();
  // Before the report: both wait, as a draft's files would.
  expect((await item(memberA)).waitingFiles.map((f: { name: string }) => f.name)).toEqual(['抽检报告.pdf', '现场.png']);

  const sent = await t.app.inject({
    method: 'POST',
    url: `/api/assignments/${assignmentId}/progress`,
    headers: withSession(memberA),
    payload: {
      status: 'in_progress',
      percent: 40,
      narrative: '已完成首轮抽检。',
      attachments: [{ fileId: pdf }, { title: '通报', url: 'https://example.gov.cn/a' }, { fileId: png }],
      idempotencyKey: 'report-files-1',
    },
  });
  expect(sent.statusCode, sent.body).toBe(200);

  const seen = await item(coordinator);
  expect(seen.waitingFiles).toEqual([]);
  expect(seen.reports[0].attachments).toEqual([
    { fileId: pdf, name: '抽检报告.pdf', size: expect.any(Number), contentType: 'application/pdf' },
    { title: '通报', url: 'https://example.gov.cn/a' },
    { fileId: png, name: '现场.png', size: expect.any(Number), contentType: 'image/png' },
  ]);
  const page = await t.app.inject({ url: `/items/${assignmentId}`, headers: withSession(coordinator) });
  expect(page.body).toContain(`<a href="/api/files/${pdf}" data-file="${pdf}" target="_blank">抽检报告.pdf</a>`);
  expect(page.body).toContain(`<a href="/api/files/${png}" data-file="${png}" target="_blank">现场.png</a>`);
});
