import ICAL from 'ical.js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { hostileAppTest } from '../support/fixtures';
import { createEscalateAssignment } from '../../activities/escalation/escalate-assignment';
import { extensionMessage } from '../../activities/mail/extension-mail';
import { createSendNotice } from '../../activities/mail/send-notice';
import { createLeaderSummaryActivities } from '../../activities/scoring/send-leader-summaries';
import { pageRoutes } from '../../api/pages/index';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startOutboxDispatcher, type TDispatcher } from '../../outbox/dispatcher';
import { emailChannel } from '../../outbox/email-channel';
import { writeMessages } from '../../outbox/messages';
import { WECOM_MARKDOWN_BYTES } from '../../outbox/robot-channels';
import { robotMarkdown, utf8Bytes } from '../../outbox/robot-text';
import { fillSmsBody, smsText } from '../../outbox/sms-channel';
import { renderColourChart } from '../../report/render-colour-chart';
import { renderIndicatorChart } from '../../report/render-indicator-chart';
import { renderNoticeDocx } from '../../report/render-notice-docx';
import { renderNoticeHtml } from '../../report/render-notice-html';
import { renderIcs } from '../../report/render-ics';
import { renderRankingChart } from '../../report/render-ranking-chart';
import { paragraphs, readDocx } from '../support/read-docx';
import { suzhouNotice } from '../support/notice-fixtures';
import { type TSession, type TTestApp } from '../api/support';
import { BIDI_CONTROLS, HOSTILE, shown, tokensIn, type THostileField } from './hostile';
import { fieldsCutOrAltered, problemsIn } from './stays-text';
import { type THostileWorld } from './world';
import { waitFor } from '../support/wait-for';
import { openFileStore } from '../../services/files/file-store';
import { createNotice } from '../../services/notices/create-notice';
import { issueNotice } from '../../services/notices/issue-notice';
import { saveNotice } from '../../services/notices/save-notice';

let t: TTestApp;
let w: THostileWorld;
let mailer: Mailer;
/** The plan's 通报, issued: a 表扬 line holding the plan's hostile title, the unit named by its hostile name. */
let noticeId = '';
const sessions = {} as Record<'admin' | 'coordinator' | 'leader' | 'member', TSession>;

const it = hostileAppTest;
it.beforeAll(async ({ t: app, hostile, hostileSessions }) => {
  t = app;
  w = hostile;
  Object.assign(sessions, hostileSessions);
  mailer = createMailer(t.capture.smtpUrl, '督办测试 <duban@test.local>');
  const by = { id: w.coordinator.id, label: 'web' };
  const draft = await createNotice({ db: t.db, now: () => new Date() }, w.plan.id, { period: '2026' }, by);
  const sections = [
    { paragraphs: [HOSTILE.auditReason] },
    { kind: 'praise' as const, heading: '通报表扬', units: [{ unit: HOSTILE.unitB, reason: HOSTILE.planTitle }] },
  ];
  await saveNotice({ db: t.db }, w.plan.id, draft.id, { notice: { ...draft.notice, title: HOSTILE.planTitle, sections } }, by);
  // The year final as 定稿 leaves it, without scoring the plan: the other tests read it unscored.
  const final = await t.db.assessmentYear.create({ data: { planId: w.plan.id, year: 2026, stage: 'final', version: 1, finalisedAt: new Date() } });
  const files = openFileStore(t.db, t.config);
  try {
    await issueNotice({ db: t.db, files, now: () => new Date(), publicUrl: t.config.publicUrl }, w.plan.id, draft.id, {}, by);
  } finally {
    files.close();
  }
  await t.db.assessmentYear.delete({ where: { id: final.id } });
  noticeId = draft.id;
});
afterAll(async () => mailer?.close());

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number such as a deduction (-1.00) is no formula, and stays a number. */
const PLAIN_NUMBER = /^-\d+(\.\d+)?$/;
const get = (url: string, session: TSession) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });

describe('pages, as each role sees them', () => {
  const pages = pageRoutes.filter((r) => r.method === 'GET' && r.auth === 'signed-in');
  const urlOf = (pattern: string) =>
    pattern.replace(/:(\w+)/g, (_, name: string) => {
      const ids: Record<string, string> = {
        planId: w.plan.id,
        measureId: w.measure.id,
        assignmentId: w.assignmentA.id,
        extensionId: w.pendingExtension.id,
        year: '2026',
        index: '0',
        noticeId,
      };
      if (!(name in ids)) throw new Error(`no value for :${name} in ${pattern}`);
      return ids[name]!;
    });

  it.each(['admin', 'coordinator', 'leader', 'member'] as const)('show every hostile field as text to the %s', async (role) => {
    const seen = new Set<THostileField>();
    for (const route of pages) {
      const url = urlOf(route.url);
      const res = await get(url, sessions[role]);
      expect(res.statusCode, `${role} GET ${url}`).toBeLessThan(500);
      if (res.statusCode !== 200) continue;
      expect(problemsIn(res.body), `${role} GET ${url}`).toEqual([]);
      for (const field of tokensIn(res.body)) seen.add(field);
    }
    // The test reaches what it means to: the role's own pages showed it the hostile fields.
    const expected: Record<typeof role, THostileField[]> = {
      admin: ['adminName', 'planTitle', 'unitA', 'unitB', 'measureTitle', 'coordinatorName', 'auditReason', 'leaderName'],
      coordinator: ['coordinatorName', 'planTitle', 'unitA', 'unitB', 'office', 'measureTitle', 'measureText', 'target', 'narrative', 'extensionReason', 'auditReason'],
      leader: ['leaderName', 'unitA', 'unitB', 'planTitle', 'measureTitle'],
      member: ['memberName', 'planTitle', 'unitA', 'measureTitle', 'measureText', 'target', 'narrative', 'attachmentTitle', 'extensionReason', 'decisionNote'],
    };
    expect([...seen]).toEqual(expect.arrayContaining(expected[role]));
  });
});

describe('the assessment report and the audit trail, downloaded', () => {
  const report = (format: string) => get(`/api/plans/${w.plan.id}/report?format=${format}&asOf=2026-07-20T10:00:00%2B08:00`, sessions.coordinator);

  it('html: every field is text, and the running head at the top of each printed page is the plan title as typed', async () => {
    const res = await report('html');
    expect(res.statusCode).toBe(200);
    expect(problemsIn(res.body)).toEqual([]);
    expect(tokensIn(res.body)).toEqual(expect.arrayContaining(['planTitle', 'unitA', 'unitB', 'measureTitle', 'narrative']));
    const head = /@top-center\s*\{\s*content:\s*("(?:[^"\\]|\\[\s\S])*")/.exec(res.body)?.[1];
    expect(head, 'the running head').toBeDefined();
    expect(cssStringValue(head!)).toBe(`${HOSTILE.planTitle.replace(BIDI_CONTROLS, '')} · 考核结果（截至 2026-07-20）`);
  });

  it('csv: no cell starts a formula, every text is quoted (so no separator in it starts a cell) and whole', async () => {
    const res = await report('csv');
    expect(res.statusCode).toBe(200);
    const fields = readCsv(res.body.replace(/^\uFEFF/, '')).flat();
    const cells = fields.map((f) => f.value);
    expect(cells.filter((c) => FORMULA_START.test(c) && !PLAIN_NUMBER.test(c))).toEqual([]);
    expect(fields.filter((f) => !f.quoted && f.value !== '' && !/^-?\d+(\.\d+)?$/.test(f.value)).map((f) => f.value)).toEqual([]);
    expect(fieldsCutOrAltered(cells)).toEqual([]);
    expect(tokensIn(cells.join('\n'))).toEqual(expect.arrayContaining(['planTitle', 'unitA', 'unitB', 'measureTitle', 'narrative']));
  });

  it('xlsx: text is never a formula, and text a spreadsheet would read as one is marked as text (quotePrefix)', async () => {
    const res = await report('xlsx');
    expect(res.statusCode).toBe(200);
    const book = await readWorkbook(res.rawPayload);
    expect(book.formulas).toEqual([]);
    const risky = book.cells.filter((c) => c.type === 's' && FORMULA_START.test(c.text) && !PLAIN_NUMBER.test(c.text));
    expect(risky.length).toBeGreaterThan(0);
    expect(risky.filter((c) => !c.quotePrefix).map((c) => `${c.sheet}!${c.ref} ${JSON.stringify(c.text.slice(0, 40))}`)).toEqual([]);
    expect(fieldsCutOrAltered(book.cells.map((c) => c.text))).toEqual([]);
  });

  it('audit csv: reasons and names that look like formulas are text', async () => {
    const res = await get(`/api/plans/${w.plan.id}/audit?format=csv`, sessions.coordinator);
    expect(res.statusCode).toBe(200);
    const cells = readCsv(res.body.replace(/^\uFEFF/, '')).flat().map((f) => f.value);
    expect(tokensIn(cells.join('\n'))).toEqual(expect.arrayContaining(['planTitle', 'auditReason', 'coordinatorName']));
    expect(cells.filter((c) => FORMULA_START.test(c) && !PLAIN_NUMBER.test(c))).toEqual([]);
    expect(fieldsCutOrAltered(cells)).toEqual([]);
  });

  it.each(['csv', 'xlsx'])('%s: the file name is the plan title, with nothing that disguises it or leaves the folder', async (format) => {
    const res = await report(format);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(new RegExp(`^attachment; filename="report-${w.plan.id}\\.${format}"; filename\\*=UTF-8''[A-Za-z0-9%!#$&+^_\`|~.-]+$`));
    const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!);
    expect(name).toContain('⟦planTitle⟧');
    expect(name.endsWith(`.${format}`)).toBe(true);
    expect(name).not.toMatch(/[\\/:*?"<>|\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('emails', () => {
  // Every email goes through the outbox: the activities write, a dispatcher as the worker runs sends.
  let dispatcher: TDispatcher | undefined;
  const publicUrl = 'https://duban.example.gov.cn';
  const deps = () => ({ db: t.db, clock: () => new Date('2026-07-20T01:00:00Z'), config: { publicUrl }, outbox: { gatherMs: 0, written: () => dispatcher?.wake() } });
  let mails: Awaited<ReturnType<typeof sendEveryMail>>;

  async function sendEveryMail() {
    const a = { ...createSendNotice(deps()), ...createEscalateAssignment(deps()), ...createLeaderSummaryActivities(deps()) };
    const periods = [{ key: '2026-H1', due: '2026-07-15' }];
    await a.sendNotice({ kind: 'notice', assignmentId: w.assignmentA.id, period: 'assign', periods });
    await a.sendNotice({ kind: 'reminder', assignmentId: w.assignmentB.id, period: '2026-H1', due: '2026-07-15', periods });
    for (const [level, days] of [['urge', 1], ['supervise', 3], ['coordinator', 7]] as const) {
      await a.escalateAssignment({ level, assignmentId: w.assignmentA.id, period: '2026-H1', due: '2026-07-15', workingDaysLate: days, at: `2026-07-${15 + days}T01:00:00.000Z` });
    }
    // The 延期 emails are written as the request and the decision are recorded.
    await writeMessages(t.db, [await extensionMessage(t.db, publicUrl, 'extension-requested', w.pendingExtension.id)]);
    await writeMessages(t.db, [await extensionMessage(t.db, publicUrl, 'extension-decided', w.refusedExtension.id)]);
    await a.sendLeaderSummaries({ periodKey: '2026-07-20', since: '2026-07-01T00:00:00+08:00', asOf: '2026-07-20T09:00:00+08:00' });
    dispatcher!.wake();
    await waitFor('the outbox to send every email', async () => (await t.db.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0, { timeoutMs: 20_000, everyMs: 50 });
    const sent = await t.db.outboxDelivery.count({ where: { status: 'sent' } });
    await t.capture.waitFor(() => t.capture.messages().length >= sent, 20_000, `${sent} emails`);
    return t.capture.messages();
  }

  beforeAll(async () => {
    dispatcher = startOutboxDispatcher({ db: t.db, channels: [emailChannel(mailer)], log: { warn: () => {} }, pollMs: 100 });
    mails = await sendEveryMail();
  });
  afterAll(async () => dispatcher?.stop());

  it('each kind is sent, to the people it is for only', () => {
    const kinds = mails.map((m) => /^(?:leader-summary|[^:]+:(?:extension-\w+|notice-issued|\w+))/.exec(m.headers['x-duban-key']!)![0].replace(/^[^:]+:/, ''));
    // The issued 通报 (see beforeAll) mails both units.
    expect(kinds.sort()).toEqual(['coordinator', 'extension-decided', 'extension-requested', 'leader-summary', 'notice', 'notice-issued', 'notice-issued', 'reminder', 'supervise', 'urge']);
    for (const m of mails) expect(m.to.every((to) => to.endsWith('@hostile.test')), m.subject).toBe(true);
  });

  it('a subject is one line: a line break in a name adds no header and no recipient', async () => {
    // As written to the outbox, which every sending path reads, and as received.
    for (const row of await t.db.outboxMessage.findMany({ select: { subject: true } })) {
      expect(row.subject, row.subject).not.toMatch(/[\r\n]/);
      expect(row.subject).not.toMatch(BIDI_CONTROLS);
    }
    for (const m of mails) {
      expect(m.subject, m.subject).not.toMatch(/[\r\n]/);
      expect(m.subject).not.toMatch(BIDI_CONTROLS);
      expect(Object.keys(m.headers)).not.toContain('x-injected');
      expect(Object.keys(m.headers)).not.toContain('bcc');
      expect(m.to).not.toContain('victim@evil.example');
    }
    expect(tokensIn(mails.map((m) => m.subject).join('\n'))).toEqual(expect.arrayContaining(['unitA', 'measureTitle', 'leaderName']));
  });

  it('the html part shows every field as text, the text part shows it as typed', () => {
    const seen = new Set<string>();
    for (const m of mails) {
      expect(problemsIn(m.html), m.subject).toEqual([]);
      expect(fieldsCutOrAltered([m.text]), m.subject).toEqual([]);
      for (const f of tokensIn(m.text)) seen.add(f);
    }
    expect([...seen]).toEqual(
      expect.arrayContaining(['planTitle', 'unitA', 'unitB', 'office', 'measureTitle', 'measureText', 'target', 'extensionReason', 'decisionNote', 'leaderName', 'memberName']),
    );
  });
});

describe('the 通报 and the charts', () => {
  const notice = () =>
    suzhouNotice({
      masthead: HOSTILE.office,
      title: HOSTILE.planTitle,
      recipients: HOSTILE.unitB,
      sections: [
        { paragraphs: [HOSTILE.auditReason] },
        { kind: 'praise', heading: HOSTILE.coordinatorName, units: [{ unit: HOSTILE.unitB, reason: HOSTILE.decisionNote }] },
        { kind: 'criticism', heading: HOSTILE.adminName, units: [{ unit: HOSTILE.office, reason: HOSTILE.auditReason }] },
      ],
      issuer: HOSTILE.office,
      copyTo: [HOSTILE.adminName],
      printedBy: HOSTILE.coordinatorName,
    });

  it('the html preview shows every field as text', () => {
    const html = renderNoticeHtml(notice());
    expect(problemsIn(html, { fragment: true })).toEqual([]);
    expect(tokensIn(html)).toEqual(expect.arrayContaining(['planTitle', 'unitB', 'office', 'auditReason', 'decisionNote', 'coordinatorName', 'adminName']));
  });

  it('the Word file reads back every field as typed', async () => {
    const texts = paragraphs((await readDocx(await renderNoticeDocx(notice()))).document).map((p) => p.text);
    expect(tokensIn(texts.join('\n'))).toEqual(expect.arrayContaining(['planTitle', 'unitB', 'office', 'auditReason', 'decisionNote', 'coordinatorName', 'adminName']));
    expect(fieldsCutOrAltered(texts)).toEqual([]);
  });

  it('the issued 通报 mails each unit its 文号 and title as text, the text part as typed', async () => {
    const messages = await t.db.outboxMessage.findMany({ where: { step: 'notice-issued' } });
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(problemsIn(m.html), m.subject).toEqual([]);
      expect(fieldsCutOrAltered([m.text]), m.subject).toEqual([]);
    }
    expect(tokensIn(messages.map((m) => m.text).join('\n'))).toEqual(expect.arrayContaining(['planTitle', 'unitB']));
  });

  it('the issued 通报’s page, list and archived Word file show the 表扬 line holding the plan’s text as text', async () => {
    const page = await get(`/plans/${w.plan.id}/notices/${noticeId}`, sessions.coordinator);
    expect(page.statusCode).toBe(200);
    expect(problemsIn(page.body)).toEqual([]);
    expect(tokensIn(page.body)).toEqual(expect.arrayContaining(['planTitle', 'unitB']));
    const member = await get('/items', sessions.member);
    expect(problemsIn(member.body)).toEqual([]);
    expect(member.body).toContain(`/api/notices/${noticeId}.docx`);
    const docx = await get(`/api/notices/${noticeId}.docx`, sessions.member);
    expect(docx.statusCode).toBe(200);
    const texts = paragraphs((await readDocx(docx.rawPayload)).document).map((p) => p.text);
    expect(tokensIn(texts.join('\n'))).toEqual(expect.arrayContaining(['planTitle', 'unitB']));
    expect(fieldsCutOrAltered(texts)).toEqual([]);
  });

  it('the charts draw hostile names and titles as text', () => {
    const svgs = [
      renderRankingChart({ title: HOSTILE.planTitle, units: [{ name: HOSTILE.unitA, score: 80 }, { name: HOSTILE.unitB, score: 70, class: HOSTILE.office }] }),
      renderColourChart({ title: HOSTILE.measureTitle, points: [{ date: '2026-06-30', green: 1, yellow: 2, red: 3 }] }),
      renderIndicatorChart({
        title: HOSTILE.planTitle,
        indicators: [{ name: HOSTILE.target, unit: HOSTILE.office, comparator: 'gte', baseline: 1, target: 95, values: [{ period: HOSTILE.auditReason, value: 90 }] }],
      }),
    ];
    for (const svg of svgs) expect(problemsIn(svg, { fragment: true, allowCut: Object.keys(HOSTILE) })).toEqual([]);
    expect(tokensIn(svgs.join(''))).toEqual(expect.arrayContaining(['planTitle', 'measureTitle']));
  });
});

/** A CSS string literal's value: `\` escapes (hex up to six digits and one optional space, or one character) read. */
function cssStringValue(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\n]?|\\([\s\S])/g, (_, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : ch === '\n' ? '' : ch!));
}

/** Rows as a spreadsheet reads a CSV file: quoted fields hold commas, quotes ("") and line breaks. */
function readCsv(text: string): { value: string; quoted: boolean }[][] {
  const rows: { value: string; quoted: boolean }[][] = [];
  let row: { value: string; quoted: boolean }[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const end = () => (row.push({ value: field, quoted: wasQuoted }), (field = ''), (wasQuoted = false));
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = wasQuoted = true;
    else if (c === ',') end();
    else if (c === '\r' && text[i + 1] === '\n') (end(), rows.push(row), (row = []), i++);
    else field += c;
  }
  end();
  rows.push(row);
  return rows;
}

type TSheetCell = { sheet: string; ref: string; type: string; text: string; quotePrefix: boolean };

/** A workbook's text cells with the style each carries, and any formula in it, read from the package itself. */
async function readWorkbook(buf: Buffer): Promise<{ cells: TSheetCell[]; formulas: string[] }> {
  const zip = await JSZip.loadAsync(buf);
  const read = async (path: string) => (await zip.file(path)?.async('string')) ?? '';
  const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp|#x?[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    return named[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
  const shared = [...(await read('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1]!)).join(''));
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(await read('xl/styles.xml'))?.[1] ?? '';
  const quoted = [...cellXfs.matchAll(/<xf\b[^>]*?(\/>|>[\s\S]*?<\/xf>)/g)].map((m) => /quotePrefix="(1|true)"/.test(m[0]));
  const cells: TSheetCell[] = [];
  const formulas: string[] = [];
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
    const xml = await read(path);
    for (const f of xml.matchAll(/<f[\s>][\s\S]*?<\/f>|<f\/>/g)) formulas.push(`${path}: ${f[0]}`);
    for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]!;
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? 'n';
      const style = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
      const value = /<v>([\s\S]*?)<\/v>/.exec(c[2] ?? '')?.[1];
      const inline = /<is>([\s\S]*?)<\/is>/.exec(c[2] ?? '')?.[1];
      const text = type === 's' && value !== undefined ? shared[Number(value)]! : inline !== undefined ? unescape(inline.replace(/<[^>]+>/g, '')) : unescape(value ?? '');
      cells.push({ sheet: path, ref: /\br="(\w+)"/.exec(attrs)?.[1] ?? '?', type: inline !== undefined ? 's' : type, text, quotePrefix: quoted[style] ?? false });
    }
  }
  return { cells, formulas };
}

describe('robot markdown and SMS', () => {
  const messages = (['planTitle', 'measureTitle', 'unitA', 'narrative'] as const).map((f) => ({ subject: `【督办】催办：${HOSTILE[f]}`, text: `${HOSTILE.measureText}\n# 标题\n> 引用\n- 列表\n1. 编号` }));

  it('a robot’s markdown shows plan text literally: no emphasis, link, code, heading, quote or tag opens, within 4,096 bytes', () => {
    const markdown = robotMarkdown(messages, WECOM_MARKDOWN_BYTES);
    expect(utf8Bytes(markdown)).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
    // Each formatting character the text carried is escaped; the digest's own bold subjects and separators aside.
    const body = markdown.replace(/^\*\*|\*\*$/gm, '').replace(/^---$/gm, '');
    expect(body.match(/(?<!\\)[*_`[\]~]/g) ?? []).toEqual([]);
    expect(body).not.toMatch(/<[a-z!/]/i);
    expect(body).not.toMatch(/^\s*(#|>|-|\d+\.)/m);
    for (const f of ['planTitle', 'measureTitle', 'unitA', 'narrative'] as const) expect(markdown).toContain(`⟦${f}⟧`);
  });

  it('an SMS body keeps the text whole inside the gateway’s JSON or form, adding no field and no other number', () => {
    const text = smsText(`【督办】催办：${HOSTILE.unitA}${HOSTILE.unitB}`, 'https://duban.example.gov.cn/items/a1');
    expect(text.startsWith('【督办】')).toBe(true);
    expect(text.endsWith(' https://duban.example.gov.cn/items/a1')).toBe(true);
    const json = fillSmsBody({ url: 'https://sms.example', body: '{"mobile":"{phone}","content":"{text}","url":"{link}"}' }, { id: 'k|13800138000', phone: '13800138000', text, link: 'https://duban.example.gov.cn/items/a1' });
    expect(JSON.parse(json)).toEqual({ mobile: '13800138000', content: text, url: 'https://duban.example.gov.cn/items/a1' });
    const form = fillSmsBody({ url: 'https://sms.example', body: 'mobile={phone}&content={text}&url={link}', contentType: 'application/x-www-form-urlencoded' }, { id: 'k|13800138000', phone: '13800138000', text, link: 'https://x/items/a1' });
    const fields = new URLSearchParams(form);
    expect([...fields.keys()]).toEqual(['mobile', 'content', 'url']);
    expect(fields.get('content')).toBe(text);
    expect(fields.getAll('mobile')).toEqual(['13800138000']);
  });
});

describe('calendar feeds (.ics)', () => {
  /** Content lines as a calendar reads them: folds joined, split at CRLF only. */
  const contentLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const PROPERTY_LINE = /^(BEGIN|END|VERSION|PRODID|CALSCALE|METHOD|X-WR-CALNAME|X-WR-TIMEZONE|UID|DTSTAMP|DTSTART|DTEND|SEQUENCE|SUMMARY|DESCRIPTION|URL|TRANSP|ACTION|TRIGGER)[;:]/;

  it('the unit’s feed carries a hostile measure title whole in SUMMARY: no line break or markup starts a property of its own', async () => {
    const renewed = await t.app.inject({ method: 'POST', url: '/api/calendar-feeds', payload: { owner: 'unit' }, headers: { cookie: sessions.member.cookie, 'x-csrf-token': sessions.member.csrfToken } });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: new URL(renewed.json<{ url: string }>().url).pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    for (const line of contentLines(res.body)) expect(line).toMatch(PROPERTY_LINE);
    const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.summary).toContain(shown(HOSTILE.measureTitle));
  });

  it('a title with ; , \\ and line breaks and markup reads back as typed, without the controls that would disguise it', () => {
    const title = `${HOSTILE.measureTitle}${HOSTILE.unitB};分号,逗号\\反斜杠\n换行\r\nSUMMARY:伪造`;
    const ics = renderIcs({ name: HOSTILE.unitB, now: new Date('2026-12-07T00:00:00Z'), events: [{ uid: 'x@duban.test', date: '2026-12-31', summary: title, description: title, url: 'https://duban.test/items/a1', sequence: 0, alarms: [{ minutesFromStart: 540, description: title }] }] });
    for (const line of contentLines(ics)) expect(line).toMatch(PROPERTY_LINE);
    expect(contentLines(ics).filter((l) => l.startsWith('SUMMARY'))).toHaveLength(1);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(shown(title));
    expect(event.description).toBe(shown(title));
  });
});
