import { cnDate } from '../../domain/dates';
import { isEscalation, type TStep } from '../../domain/ladder';
import { periodLabel, reportLabel } from '../../domain/schedule';
import { escapeHtml as esc, escapeHtmlLines, headerLine, plainText } from '../../lib/escape';

export type TMailFacts = {
  planTitle: string;
  measureRef: string;
  measureTitle: string;
  measureText: string;
  unitName: string;
  role: 'lead' | 'cooperating';
  link: string;
  targets: { text: string }[];
  periods: { key: string; due: string }[];
  period?: string;
  due?: string;
  workingDaysLate?: number;
  /** Target indicators with no reported value yet, for an escalation's 尚缺 line. */
  missingIndicators?: string[];
  leaderName?: string | null;
  /** The plan's coordinating unit, named in the coordinator's escalation and as the office to contact. */
  coordinatorName?: string | null;
  /**
   * Why the email went to the coordinating office instead of its addressee: the unit has no contact on file, or no
   * supervising leader. The email then says so, so the office knows to pass it on rather than wonder why it got it.
   */
  redirected?: 'no-contact' | 'no-leader';
  /** The day an item was to be signed for (签收), in a 签收提醒 or 逾期未签收. */
  ackDue?: string;
  /** A cooperating unit's part as it reached the lead unit (配合单位报送): who sent it and what it says. */
  part?: { unitName: string; period: string; status: TPartStatus; percent: number; narrative: string; submittedAt: string };
};
type TPartStatus = 'not_started' | 'in_progress' | 'done' | 'blocked';
export type TRendered = { subject: string; html: string; text: string };
export type TMailKind = 'notice' | TStep;

const ROLE: Record<TMailFacts['role'], string> = { lead: '牵头单位', cooperating: '配合单位' };
const COORDINATOR_FALLBACK = '牵头协调办公室';


/**
 * A measure's title as it fits a subject line: whitespace collapsed (a header carries one line), and a long title cut
 * at a character, never inside a surrogate pair, with an ellipsis, so a phone's inbox still shows what the mail is.
 */
export const SUBJECT_TITLE_MAX = 24;
export function subjectTitle(title: string): string {
  const chars = Array.from(title.replace(/\s+/g, ' ').trim());
  return chars.length <= SUBJECT_TITLE_MAX ? chars.join('') : `${chars.slice(0, SUBJECT_TITLE_MAX - 1).join('')}…`;
}

type TAudience = 'unit' | 'leader' | 'coordinator';
const AUDIENCE: Record<TMailKind, TAudience> = { notice: 'unit', reminder: 'unit', due: 'unit', urge: 'unit', supervise: 'leader', coordinator: 'coordinator' };
/** The heading of the email body: what kind of document this is. */
const HEADING: Record<TMailKind, string> = {
  notice: '任务交办通知',
  reminder: '报送提醒',
  due: '到期提醒',
  urge: '催办通知',
  supervise: '督办单',
  coordinator: '提请协调',
};

function heading(kind: TMailKind, f: TMailFacts): { subject: string; lead: string } {
  const what = `“${f.measureTitle}”`;
  const s = `“${subjectTitle(f.measureTitle)}”`;
  const report = f.period ? reportLabel(f.period) : '进展报告';
  const due = f.due ? cnDate(f.due) : '';
  const late = f.workingDaysLate ?? 0;
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  switch (kind) {
    case 'notice':
      return {
        subject: `【督办】任务交办：${s}（${ROLE[f.role]}）`,
        lead: `${f.unitName}：根据《${f.planTitle}》分工，贵单位为${what}任务的${ROLE[f.role]}。请认真抓好落实，并按下列报送节点报送工作进展。`,
      };
    case 'reminder':
      return { subject: `【督办】报送提醒：${s}${report}请于${due}前报送`, lead: `${f.unitName}：${what}${report}应于${due}前报送，请按时报送。` };
    case 'due':
      return { subject: `【督办】今日到期：${s}${report}请于今日报送`, lead: `${f.unitName}：${what}${report}报送期限为今日（${due}），目前尚未收到贵单位报送，请于今日内报送。` };
    case 'urge':
      return {
        subject: `【督办】催办：${f.unitName}${s}${report}已逾期${late}个工作日`,
        lead: `${f.unitName}：${what}${report}应于${due}前报送，现已逾期${late}个工作日，请立即报送。`,
      };
    case 'supervise':
      return {
        subject: `【督办】督办单：${f.unitName}${s}${report}已逾期${late}个工作日`,
        lead: `${f.leaderName ? `${f.leaderName}同志` : '分管领导同志'}：您分管的${f.unitName}承担的${what}任务，${report}应于${due}前报送，现已逾期${late}个工作日，经催办仍未报送。请督促该单位尽快报送。`,
      };
    case 'coordinator':
      return {
        subject: `【督办】提请协调：${f.unitName}${s}${report}已逾期${late}个工作日`,
        lead: `${office}：${f.unitName}承担的${what}任务，${report}应于${due}前报送，现已逾期${late}个工作日，经催办、督办仍未报送，提请协调处理。`,
      };
  }
}

function redirectNote(f: TMailFacts): string | null {
  if (f.redirected === 'no-contact') return `说明：${f.unitName}尚未在督办系统登记联系人，本邮件发送至${f.coordinatorName || COORDINATOR_FALLBACK}，请转交该单位并补登联系人。`;
  if (f.redirected === 'no-leader') return `说明：${f.unitName}尚未在督办系统登记分管领导，本督办单发送至${f.coordinatorName || COORDINATOR_FALLBACK}，请转呈分管领导并补登。`;
  return null;
}

/** What the recipient is asked to do with the link: units report, leaders and the office follow up. */
function action(audience: TAudience, unitName: string): { label: string; sentence: string } {
  if (audience === 'unit') return { label: '登录督办系统报送进展', sentence: '请登录督办系统，在任务页面填报进展（状态、完成比例、工作进展、指标数值、附件链接）。' };
  if (audience === 'leader') return { label: '查看任务详情', sentence: `任务详情及${unitName}的报送情况可在督办系统中查看。` };
  return { label: '查看任务详情', sentence: '任务详情、报送及催办督办记录可在督办系统中查看。' };
}

const CELL = 'padding:6px 8px;border:1px solid #d0d0d0;vertical-align:top';

/**
 * Chinese email in HTML and plain text, saying the same: a heading, the lead paragraph, the facts as a table (lines
 * in the text), what to do, and the link to the item. The HTML is one column with inline styles and no external
 * resources, so a phone's mail client shows it as written.
 */
export function renderMeasureMail(kind: TMailKind, f: TMailFacts): TRendered {
  const { subject, lead } = heading(kind, f);
  const audience = AUDIENCE[kind];
  const rows: [string, string][] = [
    ['所属计划', `《${f.planTitle}》`],
    ['任务', `${f.measureRef} ${f.measureTitle}`],
    ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
  ];
  if (f.period && f.due) {
    rows.push(['应报事项', reportLabel(f.period)], ['报送期限', `${cnDate(f.due)}前`]);
  }
  if (f.workingDaysLate) rows.push(['逾期时间', `${f.workingDaysLate}个工作日`]);
  if (kind !== 'notice' && isEscalation(kind) && f.period) {
    rows.push(['尚缺材料', [reportLabel(f.period), ...(f.missingIndicators ?? []).map((i) => `指标“${i}”的报送数值`)].join('；')]);
  }
  if (kind === 'notice') {
    rows.push(['任务内容', f.measureText]);
    if (f.targets.length) rows.push(['目标指标', f.targets.map((t) => t.text).join('；')]);
    rows.push(['报送节点', f.periods.map((p) => `${periodLabel(p.key)}：${cnDate(p.due)}前`).join('；')]);
  }
  // Mail that reaches the coordinating office itself does not send it to itself with questions.
  const toOffice = audience === 'coordinator' || f.redirected !== undefined;
  return renderLetter({ subject, title: HEADING[kind], note: redirectNote(f), lead, rows, todo: action(audience, f.unitName), link: f.link, footer: footerFor(toOffice, f) });
}

const footerFor = (toOffice: boolean, f: Pick<TMailFacts, 'coordinatorName'>) =>
  toOffice ? '本邮件由督办系统自动发送。' : `本邮件由督办系统自动发送。如有疑问，请与${f.coordinatorName || COORDINATOR_FALLBACK}联系。`;

type TLetter = {
  subject: string;
  /** What kind of document this is, the body's heading. */
  title: string;
  note: string | null;
  lead: string;
  rows: [string, string][];
  todo: { sentence: string; label: string };
  link: string;
  footer: string;
};

/** The one layout of a letter about a measure, as HTML and as plain text saying the same. */
function renderLetter({ subject: said, title, note, lead, rows, todo, link, footer }: TLetter): TRendered {
  const subject = headerLine(said);
  const text = plainText([
    title,
    '',
    ...(note ? [note, ''] : []),
    lead,
    '',
    ...rows.map(([k, v]) => `${k}：${v}`),
    '',
    todo.sentence,
    `${todo.label}：${link}`,
    '',
    footer,
  ].join('\n'));

  const para = (s: string, style = '') => `<p style="margin:0 0 12px${style}">${escapeHtmlLines(s)}</p>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff">
<div style="max-width:640px;margin:0 auto;padding:16px;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#222222">
<h2 style="margin:0 0 12px;font-size:20px;color:#b00000;text-align:center">${esc(title)}</h2>
${note ? para(note, ';padding:8px;background:#fff6e0;border:1px solid #e8c36a') : ''}${para(lead)}
<table style="width:100%;border-collapse:collapse;margin:0 0 12px">${rows.map(([k, v]) => `<tr><th style="${CELL};text-align:left;white-space:nowrap;background:#f5f5f5;font-weight:normal">${esc(k)}</th><td style="${CELL};word-break:break-word">${escapeHtmlLines(v)}</td></tr>`).join('')}</table>
${para(todo.sentence)}<p style="margin:0 0 12px"><a href="${esc(link)}" style="display:inline-block;padding:8px 16px;background:#b00000;color:#ffffff;text-decoration:none;border-radius:4px">${esc(todo.label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#666666;word-break:break-all">链接：<a href="${esc(link)}" style="color:#1a5fb4">${esc(link)}</a></p>
<p style="margin:16px 0 0;padding-top:8px;border-top:1px solid #e0e0e0;font-size:13px;color:#666666">${esc(footer)}</p>
</div></body></html>`;
  return { subject, html, text };
}

/** A 延期 request, for the coordinating office to decide, or the decision, for the unit that asked. */
export type TExtensionMailKind = 'extension-requested' | 'extension-decided';
export type TExtensionFacts = Pick<TMailFacts, 'planTitle' | 'measureRef' | 'measureTitle' | 'unitName' | 'role' | 'coordinatorName'> & {
  /** The coordinator's measure page for a request, the unit's item page for a decision. */
  link: string;
  period: string;
  originalDue: string;
  requestedDue: string;
  reason: string;
  requestedBy: string;
  status: 'pending' | 'approved' | 'refused';
  decisionNote: string | null;
};

/**
 * A request tells the office what is asked and that, until it decides, the original date stands; a decision tells
 * the unit the date it now reports by.
 */
export function renderExtensionMail(kind: TExtensionMailKind, f: TExtensionFacts): TRendered {
  const what = `“${f.measureTitle}”`;
  const s = `“${subjectTitle(f.measureTitle)}”`;
  const report = reportLabel(f.period);
  const [from, to] = [cnDate(f.originalDue), cnDate(f.requestedDue)];
  const rows: [string, string][] = [
    ['所属计划', `《${f.planTitle}》`],
    ['任务', `${f.measureRef} ${f.measureTitle}`],
    ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
    ['应报事项', report],
    ['原报送期限', `${from}前`],
    ['申请延至', `${to}前`],
    ['申请理由', f.reason],
  ];
  if (kind === 'extension-requested') {
    const office = f.coordinatorName || COORDINATOR_FALLBACK;
    return renderLetter({
      subject: `【督办】延期申请待审批：${f.unitName}${s}${report}申请延至${to}`,
      title: '延期申请',
      note: null,
      lead: `${office}：${f.unitName}申请将${what}任务${report}的报送期限由${from}延至${to}，请审批。审批前，该单位仍应按原期限报送；未获同意的，逾期按原期限计算。`,
      rows: [...rows, ['申请人', f.requestedBy]],
      todo: { sentence: `请登录督办系统，在任务页面的“待审批的延期申请”中审批，最好在原期限（${from}）前作出决定。`, label: '审批延期申请' },
      link: f.link,
      footer: footerFor(true, f),
    });
  }
  const approved = f.status === 'approved';
  return renderLetter({
    subject: approved ? `【督办】延期申请已同意：${s}${report}延至${to}前报送` : `【督办】延期申请未获同意：${s}${report}仍须于${from}前报送`,
    title: approved ? '延期申请审批结果：同意' : '延期申请审批结果：不同意',
    note: null,
    lead: approved
      ? `${f.unitName}：贵单位关于${what}任务${report}的延期申请已获同意，报送期限由${from}延至${to}。请于${to}前报送。`
      : `${f.unitName}：贵单位关于${what}任务${report}的延期申请未获同意，报送期限仍为${from}，逾期按原期限计算。请尽快报送。`,
    rows: [...rows, ['审批结果', approved ? '同意' : '不同意'], ...(f.decisionNote ? [['审批意见', f.decisionNote] as [string, string]] : [])],
    todo: action('unit', f.unitName),
    link: f.link,
    footer: footerFor(false, f),
  });
}

/** The steps whose messages to one unit are digested: several items of the same kind go as one email. */
export const DIGEST_KINDS = ['notice', 'reminder', 'due', 'urge', 'ack-reminder', 'ack-office', 'instruction-reminder', 'instruction-office', 'subtask-due', 'subtask-overdue', 'part-received'] as const;
export type TDigestKind = (typeof DIGEST_KINDS)[number];
export const isDigestKind = (kind: string): kind is TDigestKind => (DIGEST_KINDS as readonly string[]).includes(kind);

const DIGEST_HEADING: Record<TDigestKind, string> = {
  notice: '任务交办通知',
  reminder: '报送提醒',
  due: '到期提醒',
  urge: '催办通知',
  'ack-reminder': '签收提醒',
  'ack-office': '逾期未签收',
  'instruction-reminder': '批示落实提醒',
  'instruction-office': '批示逾期未回复',
  'subtask-due': '分解任务到期提醒',
  'subtask-overdue': '分解任务逾期',
  'part-received': '配合单位报送',
};

/** 牵头3项、配合2项, leaving out a role with none. */
function roleCounts(items: readonly TMailFacts[]): string {
  const lead = items.filter((f) => f.role === 'lead').length;
  const cooperating = items.length - lead;
  return [lead ? `牵头${lead}项` : '', cooperating ? `配合${cooperating}项` : ''].filter(Boolean).join('、');
}

/**
 * One email for several items of one kind to one unit (its 交办通知 of a plan's launch, or its reminders, due notices
 * or 催办 about reports due the same day): the lead paragraph says what they have in common, then each item in turn
 * with its own facts and link. Same layout, sentences and escaping as a single item's email.
 */
export function renderDigestMail(kind: TDigestKind, items: readonly TMailFacts[]): TRendered {
  if (kind === 'ack-reminder' || kind === 'ack-office') return renderAcknowledgeDigest(kind, items);
  if (kind === 'instruction-reminder' || kind === 'instruction-office') return renderInstructionDigest(kind, items as readonly TInstructionFacts[]);
  if (kind === 'subtask-due' || kind === 'subtask-overdue') return renderSubtaskDigest(kind, items as readonly TSubtaskFacts[]);
  if (kind === 'part-received') return renderPartDigest(items);
  const f = items[0]!;
  const n = items.length;
  const plans = [...new Set(items.map((i) => i.planTitle))];
  const due = f.due ? cnDate(f.due) : '';
  const late = f.workingDaysLate ?? 0;
  const heading = {
    notice: {
      subject: `【督办】任务交办：《${subjectTitle(f.planTitle)}》${n}项任务（${roleCounts(items)}）`,
      lead: `${f.unitName}：根据《${f.planTitle}》分工，贵单位承担以下${n}项任务（${roleCounts(items)}）。请认真抓好落实，并按各项任务的报送节点报送工作进展。`,
    },
    reminder: { subject: `【督办】报送提醒：${n}项任务进展报告请于${due}前报送`, lead: `${f.unitName}：贵单位承担的以下${n}项任务，进展报告应于${due}前报送，请按时报送。` },
    due: {
      subject: `【督办】今日到期：${n}项任务进展报告请于今日报送`,
      lead: `${f.unitName}：贵单位承担的以下${n}项任务，进展报告报送期限为今日（${due}），目前尚未收到贵单位报送，请于今日内报送。`,
    },
    urge: {
      subject: `【督办】催办：${f.unitName}${n}项任务进展报告已逾期${late}个工作日`,
      lead: `${f.unitName}：贵单位承担的以下${n}项任务，进展报告应于${due}前报送，现已逾期${late}个工作日，请立即报送。`,
    },
  }[kind];
  const entries = items.map((i, at) => {
    const rows: [string, string][] = [];
    if (plans.length > 1) rows.push(['所属计划', `《${i.planTitle}》`]);
    if (kind === 'notice') {
      rows.push(['任务内容', i.measureText]);
      if (i.targets.length) rows.push(['目标指标', i.targets.map((t) => t.text).join('；')]);
      rows.push(['报送节点', i.periods.map((p) => `${periodLabel(p.key)}：${cnDate(p.due)}前`).join('；')]);
    } else if (i.period) {
      rows.push(['应报事项', reportLabel(i.period)]);
      if (kind === 'urge') rows.push(['尚缺材料', [reportLabel(i.period), ...(i.missingIndicators ?? []).map((m) => `指标“${m}”的报送数值`)].join('；')]);
    }
    return { title: `${at + 1}. ${i.measureRef} ${i.measureTitle}（${ROLE[i.role]}）`, rows, link: i.link };
  });
  const common: [string, string][] = [];
  if (plans.length === 1) common.push(['所属计划', `《${f.planTitle}》`]);
  common.push(['责任单位', f.unitName]);
  if (kind !== 'notice' && f.due) common.push(['报送期限', `${due}前`]);
  if (kind === 'urge' && late) common.push(['逾期时间', `${late}个工作日`]);
  const todo = '请登录督办系统，在各项任务的页面填报进展（状态、完成比例、工作进展、指标数值、附件链接）。';
  return renderDigestLetter({ subject: heading.subject, title: DIGEST_HEADING[kind], note: redirectNote(f), lead: heading.lead, common, entries, todo, footer: footerFor(f.redirected !== undefined, f) });
}

/**
 * Several items not signed for by the same day, in one letter: to the unit (签收提醒), or to the office about the units
 * that have not (逾期未签收), each item with its unit and its link.
 */
function renderAcknowledgeDigest(kind: TAcknowledgeMailKind, items: readonly TMailFacts[]): TRendered {
  const f = items[0]!;
  const n = items.length;
  const due = cnDate(f.ackDue ?? '');
  const plans = [...new Set(items.map((i) => i.planTitle))];
  const units = [...new Set(items.map((i) => i.unitName))];
  const entries = items.map((i, at) => ({
    title: `${at + 1}. ${i.measureRef} ${i.measureTitle}（${ROLE[i.role]}）`,
    rows: [...(plans.length > 1 ? [['所属计划', `《${i.planTitle}》`] as [string, string]] : []), ...(kind === 'ack-office' ? [['责任单位', i.unitName] as [string, string]] : [])],
    link: i.link,
  }));
  const common: [string, string][] = [];
  if (plans.length === 1) common.push(['所属计划', `《${f.planTitle}》`]);
  if (kind === 'ack-reminder') common.push(['责任单位', f.unitName]);
  else common.push(['未签收单位', `${units.join('、')}（共${units.length}个）`]);
  common.push(['签收期限', `${due}前`]);
  if (kind === 'ack-reminder') {
    return renderDigestLetter({
      subject: `【督办】签收提醒：${n}项任务请尽快签收`,
      title: DIGEST_HEADING[kind],
      note: redirectNote(f),
      lead: `${f.unitName}：贵单位承担的以下${n}项任务应于${due}前签收，目前尚未签收。请登录督办系统逐项签收，并明确责任领导和经办人；如认为分工有误，请在任务页面拒签并说明理由。`,
      common,
      entries,
      todo: '请登录督办系统，在各项任务的页面签收或拒签。',
      linkLabel: '进入任务页面签收',
      footer: footerFor(f.redirected !== undefined, f),
    });
  }
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  return renderDigestLetter({
    subject: `【督办】逾期未签收：${units.length}个单位${n}项任务`,
    title: DIGEST_HEADING[kind],
    note: null,
    lead: `${office}：以下${n}项任务应于${due}前签收，经提醒仍未签收，请督促有关单位签收。`,
    common,
    entries,
    todo: '任务详情、签收及催办记录可在督办系统中查看。',
    linkLabel: '查看任务详情',
    footer: footerFor(true, f),
  });
}

/**
 * Several 批示 whose 落实情况 fell due the same day, in one letter: to the unit (批示落实提醒), or to the office about the
 * units that have not replied (批示逾期未回复), each with its leader, its words and its link.
 */
function renderInstructionDigest(kind: 'instruction-reminder' | 'instruction-office', items: readonly TInstructionFacts[]): TRendered {
  const f = items[0]!;
  const n = items.length;
  const due = cnDate(f.replyBy);
  const plans = [...new Set(items.map((i) => i.planTitle))];
  const units = [...new Set(items.map((i) => i.unitName))];
  const entries = items.map((i, at) => ({
    title: `${at + 1}. ${i.measureRef} ${i.measureTitle}（${ROLE[i.role]}）`,
    rows: [
      ...(plans.length > 1 ? [['所属计划', `《${i.planTitle}》`] as [string, string]] : []),
      ...(kind === 'instruction-office' ? [['责任单位', i.unitName] as [string, string]] : []),
      ['批示领导', i.instructedBy] as [string, string],
      ['批示内容', i.instruction] as [string, string],
    ],
    link: i.link,
  }));
  const common: [string, string][] = [];
  if (plans.length === 1) common.push(['所属计划', `《${f.planTitle}》`]);
  if (kind === 'instruction-reminder') common.push(['责任单位', f.unitName]);
  else common.push(['未回复单位', `${units.join('、')}（共${units.length}个）`]);
  common.push(['回复期限', `${due}前`]);
  if (kind === 'instruction-reminder') {
    return renderDigestLetter({
      subject: `【督办】批示落实提醒：${n}项批示请于今日回复落实情况`,
      title: DIGEST_HEADING[kind],
      note: redirectNote(f),
      lead: `${f.unitName}：以下${n}项领导批示的落实情况应于${due}前回复，目前尚未收到贵单位回复，请于今日内回复。`,
      common,
      entries,
      todo: '请登录督办系统，在各项任务页面“领导批示”栏回复落实情况。',
      linkLabel: '进入任务页面回复',
      footer: footerFor(f.redirected !== undefined, f),
    });
  }
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  return renderDigestLetter({
    subject: `【督办】批示逾期未回复：${units.length}个单位${n}项批示`,
    title: DIGEST_HEADING[kind],
    note: null,
    lead: `${office}：以下${n}项领导批示的落实情况应于${due}前回复，经提醒仍未回复，请督促有关单位回复。`,
    common,
    entries,
    todo: '批示及各单位的落实情况可在督办系统任务页面查看。',
    linkLabel: '查看任务详情',
    footer: footerFor(true, f),
  });
}

/**
 * Several sub-tasks due the same day, in one letter: to their person (分解任务到期提醒), or to the unit's own contacts
 * about those still open (分解任务逾期). Never outside the unit.
 */
function renderSubtaskDigest(kind: 'subtask-due' | 'subtask-overdue', items: readonly TSubtaskFacts[]): TRendered {
  const f = items[0]!;
  const n = items.length;
  const due = cnDate(f.subtaskDue);
  const entries = items.map((i, at) => ({
    title: `${at + 1}. ${i.subtaskTitle}`,
    rows: [['所属任务', `${i.measureRef} ${i.measureTitle}`] as [string, string], ...(kind === 'subtask-overdue' ? [['承办人', i.assigneeName] as [string, string]] : [])],
    link: i.link,
  }));
  const common: [string, string][] = [['完成期限', kind === 'subtask-due' ? `今日（${due}）` : `${due}前`]];
  const footer = `本邮件由督办系统代${f.unitName}发送。`;
  if (kind === 'subtask-due') {
    return renderDigestLetter({
      subject: `【督办】分解任务今日到期：${n}项分解任务`,
      title: DIGEST_HEADING[kind],
      note: null,
      lead: `${f.assigneeName}：您负责的以下${n}项分解任务应于今日（${due}）完成，目前尚未标记完成，请抓紧办理。`,
      common,
      entries,
      todo: '完成后请告知本单位联络员，或登录督办系统在任务页面标记完成。',
      linkLabel: '查看本单位任务',
      footer,
    });
  }
  return renderDigestLetter({
    subject: `【督办】分解任务逾期：${n}项分解任务尚未完成`,
    title: DIGEST_HEADING[kind],
    note: null,
    lead: `${f.unitName}：本单位以下${n}项分解任务应于${due}前完成，目前尚未完成，请督促办理。`,
    common,
    entries,
    todo: '分解任务的进度可在督办系统任务页面查看，并计入本单位的进展报告。',
    linkLabel: '查看本单位任务',
    footer,
  });
}

const PART_STATUS: Record<TPartStatus, string> = { not_started: '未开始', in_progress: '推进中', done: '已完成', blocked: '受阻' };
const PART_TODO = '请登录督办系统，在任务页面查看配合单位报送的内容和附件，汇总后向牵头协调办公室报送。';

/** What a part says, as rows of its letter: the unit, the report it is, its status and its words. */
function partRows(p: NonNullable<TMailFacts['part']>): [string, string][] {
  return [
    ['配合单位', p.unitName],
    ['报送事项', reportLabel(p.period)],
    ['状态', `${PART_STATUS[p.status]}（${p.percent}%）`],
    ['工作进展', p.narrative],
  ];
}

/**
 * A cooperating unit's part reached the lead unit (cycle.reportTo = lead): the lead unit is told to read it and
 * consolidate it into its own report to the office.
 */
export function renderPartMail(f: TMailFacts & { part: NonNullable<TMailFacts['part']> }): TRendered {
  return renderLetter({
    subject: `【督办】配合单位报送：${f.part.unitName}“${subjectTitle(f.measureTitle)}”`,
    title: DIGEST_HEADING['part-received'],
    note: redirectNote(f),
    lead: `${f.unitName}：${f.part.unitName}已向贵单位报送其承担的“${f.measureTitle}”任务${reportLabel(f.part.period)}，请审阅并汇总纳入贵单位向牵头协调办公室的报告。`,
    rows: [['所属计划', `《${f.planTitle}》`], ['任务', `${f.measureRef} ${f.measureTitle}`], ...partRows(f.part)],
    todo: { label: '登录督办系统查看并汇总', sentence: PART_TODO },
    link: f.link,
    footer: footerFor(f.redirected !== undefined, f),
  });
}

/**
 * 退回 by the lead unit (cycle.reportTo = lead): the cooperating unit is told why its part came back and the working
 * day by which it sends the part again; until then it is reminded against that date.
 */
export function renderPartReturnedMail(f: TMailFacts & { leadUnitName: string; period: string; reason: string; reworkDue: string }): TRendered {
  const report = reportLabel(f.period);
  return renderLetter({
    subject: `【督办】牵头单位退回：${f.unitName}“${subjectTitle(f.measureTitle)}”${report}`,
    title: '牵头单位退回',
    note: redirectNote(f),
    lead: `${f.unitName}：牵头单位退回：${f.reason}。请于 ${cnDate(f.reworkDue)} 前重新报送贵单位承担的“${f.measureTitle}”任务${report}。`,
    rows: [
      ['所属计划', `《${f.planTitle}》`],
      ['任务', `${f.measureRef} ${f.measureTitle}`],
      ['退回单位', `${f.leadUnitName}（牵头单位）`],
      ['退回理由', f.reason],
      ['重新报送期限', `${cnDate(f.reworkDue)}前`],
    ],
    todo: action('unit', f.unitName),
    link: f.link,
    footer: footerFor(f.redirected !== undefined, f),
  });
}

/** Several parts reaching one lead unit together, in one letter, each with its measure and its link. */
function renderPartDigest(items: readonly TMailFacts[]): TRendered {
  const f = items[0]!;
  const plans = [...new Set(items.map((i) => i.planTitle))];
  const entries = items.map((i, at) => ({
    title: `${at + 1}. ${i.measureRef} ${i.measureTitle}（${ROLE[i.role]}）`,
    rows: [...(plans.length > 1 ? [['所属计划', `《${i.planTitle}》`] as [string, string]] : []), ...(i.part ? partRows(i.part) : [])],
    link: i.link,
  }));
  const common: [string, string][] = [...(plans.length === 1 ? [['所属计划', `《${f.planTitle}》`] as [string, string]] : []), ['牵头单位', f.unitName]];
  return renderDigestLetter({
    subject: `【督办】配合单位报送：${items.length}份报告待汇总`,
    title: DIGEST_HEADING['part-received'],
    note: redirectNote(f),
    lead: `${f.unitName}：配合单位已就贵单位牵头的任务报送以下${items.length}份报告，请审阅并汇总纳入贵单位向牵头协调办公室的报告。`,
    common,
    entries,
    todo: PART_TODO,
    linkLabel: '进入任务页面查看',
    footer: footerFor(f.redirected !== undefined, f),
  });
}

type TDigestLetter = {
  subject: string;
  title: string;
  note: string | null;
  lead: string;
  common: [string, string][];
  entries: { title: string; rows: [string, string][]; link: string }[];
  todo: string;
  footer: string;
  /** What each item's link leads to; reporting unless said. */
  linkLabel?: string;
};

/** The letter's layout with a list of items, each with its facts and its own link, in HTML and plain text. */
function renderDigestLetter({ subject, title, note, lead, common, entries, todo, footer, linkLabel = '进入任务页面报送' }: TDigestLetter): TRendered {
  const text = [
    title,
    '',
    ...(note ? [note, ''] : []),
    lead,
    '',
    ...common.map(([k, v]) => `${k}：${v}`),
    ...entries.flatMap((e) => ['', e.title, ...e.rows.map(([k, v]) => `   ${k}：${v}`), `   任务页面：${e.link}`]),
    '',
    todo,
    '',
    footer,
  ].join('\n');

  const para = (s: string, style = '') => `<p style="margin:0 0 12px${style}">${esc(s).replace(/\n/g, '<br>')}</p>`;
  const table = (rows: [string, string][]) =>
    `<table style="width:100%;border-collapse:collapse;margin:0 0 8px">${rows.map(([k, v]) => `<tr><th style="${CELL};text-align:left;white-space:nowrap;background:#f5f5f5;font-weight:normal">${esc(k)}</th><td style="${CELL};word-break:break-word">${esc(v).replace(/\n/g, '<br>')}</td></tr>`).join('')}</table>`;
  const entry = (e: TDigestLetter['entries'][number]) =>
    `<h3 style="margin:16px 0 8px;font-size:16px">${esc(e.title)}</h3>${e.rows.length ? table(e.rows) : ''}<p style="margin:0 0 12px;font-size:14px;word-break:break-all"><a href="${esc(e.link)}" style="color:#1a5fb4">${esc(linkLabel)}</a>：${esc(e.link)}</p>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff">
<div style="max-width:640px;margin:0 auto;padding:16px;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#222222">
<h2 style="margin:0 0 12px;font-size:20px;color:#b00000;text-align:center">${esc(title)}</h2>
${note ? para(note, ';padding:8px;background:#fff6e0;border:1px solid #e8c36a') : ''}${para(lead)}
${table(common)}
${entries.map(entry).join('\n')}
${para(todo)}
<p style="margin:16px 0 0;padding-top:8px;border-top:1px solid #e0e0e0;font-size:13px;color:#666666">${esc(footer)}</p>
</div></body></html>`;
  return { subject, html, text };
}

/** 签收 not given by its deadline: `ack-reminder` asks the unit to acknowledge, `ack-office` tells the office it has not. */
export type TAcknowledgeMailKind = 'ack-reminder' | 'ack-office';
export function renderAcknowledgeMail(kind: TAcknowledgeMailKind, f: TMailFacts & { ackDue: string }): TRendered {
  const what = `“${f.measureTitle}”`;
  const s = `“${subjectTitle(f.measureTitle)}”`;
  const due = cnDate(f.ackDue);
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  const rows: [string, string][] = [
    ['所属计划', `《${f.planTitle}》`],
    ['任务', `${f.measureRef} ${f.measureTitle}`],
    ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
    ['签收期限', `${due}前`],
  ];
  if (kind === 'ack-reminder') {
    return renderLetter({
      subject: `【督办】签收提醒：${s}请尽快签收`,
      title: '签收提醒',
      note: redirectNote(f),
      lead: `${f.unitName}：${what}任务应于${due}前签收，目前尚未签收。请登录督办系统签收，并明确责任领导和经办人；如认为分工有误，请在任务页面拒签并说明理由。`,
      rows,
      todo: { label: '登录督办系统签收', sentence: '请登录督办系统，在任务页面签收或拒签。' },
      link: f.link,
      footer: footerFor(f.redirected !== undefined, f),
    });
  }
  return renderLetter({
    subject: `【督办】逾期未签收：${f.unitName}${s}`,
    title: '逾期未签收',
    note: null,
    lead: `${office}：${f.unitName}承担的${what}任务应于${due}前签收，经提醒仍未签收，请督促该单位签收。`,
    rows,
    todo: action('coordinator', f.unitName),
    link: f.link,
    footer: footerFor(true, f),
  });
}

/** 催办 written by the office itself, with its own words, to the unit. */
export function renderManualChaseMail(f: TMailFacts & { text: string; officeName: string }): TRendered {
  return renderLetter({
    subject: `【督办】催办：${f.unitName}“${subjectTitle(f.measureTitle)}”`,
    title: '催办通知',
    note: redirectNote(f),
    lead: `${f.unitName}：${f.text}`,
    rows: [
      ['所属计划', `《${f.planTitle}》`],
      ['任务', `${f.measureRef} ${f.measureTitle}`],
      ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
      ['催办单位', f.officeName || COORDINATOR_FALLBACK],
    ],
    todo: action('unit', f.unitName),
    link: f.link,
    footer: footerFor(f.redirected !== undefined, f),
  });
}

/** 拒签, for the coordinating office to decide: reassign the measure, or confirm the unit holds it. */
export function renderRefusalMail(f: TMailFacts & { reason: string }): TRendered {
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  return renderLetter({
    subject: `【督办】拒签待处理：${f.unitName}“${subjectTitle(f.measureTitle)}”`,
    title: '拒签待处理',
    note: null,
    lead: `${office}：${f.unitName}对“${f.measureTitle}”任务的分工提出拒签，理由如下。请改派其他单位或确认由该单位承担；处理前，该单位的该项任务暂停催办。`,
    rows: [
      ['所属计划', `《${f.planTitle}》`],
      ['任务', `${f.measureRef} ${f.measureTitle}`],
      ['拒签单位', `${f.unitName}（${ROLE[f.role]}）`],
      ['拒签理由', f.reason],
    ],
    todo: action('coordinator', f.unitName),
    link: f.link,
    footer: footerFor(true, f),
  });
}

/**
 * 领导批示 and its follow-up: `instruction` brings it to a unit, `instruction-reminder` reminds the unit on the reply
 * deadline, `instruction-office` tells the office a unit has not replied, `instruction-replied` brings a unit's
 * 落实情况 to the leader.
 */
export type TInstructionMailKind = 'instruction' | 'instruction-reminder' | 'instruction-office' | 'instruction-replied';
export type TInstructionFacts = TMailFacts & { instructedBy: string; instruction: string; replyBy: string; reply?: string };
export function renderInstructionMail(kind: TInstructionMailKind, f: TInstructionFacts): TRendered {
  const s = `“${subjectTitle(f.measureTitle)}”`;
  const due = cnDate(f.replyBy);
  const office = f.coordinatorName || COORDINATOR_FALLBACK;
  const rows: [string, string][] = [
    ['所属计划', `《${f.planTitle}》`],
    ['任务', `${f.measureRef} ${f.measureTitle}`],
    ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
    ['批示领导', f.instructedBy],
    ['批示内容', f.instruction],
    ['回复期限', `${due}前`],
  ];
  const toReply = { label: '登录督办系统回复落实情况', sentence: '请登录督办系统，在任务页面“领导批示”栏回复落实情况。' };
  switch (kind) {
    case 'instruction':
      return renderLetter({
        subject: `【督办】领导批示：${s}请于${due}前回复落实情况`,
        title: '领导批示',
        note: redirectNote(f),
        lead: `${f.unitName}：${f.instructedBy}对“${f.measureTitle}”任务作出批示，请认真抓好落实，并于${due}前回复落实情况。`,
        rows,
        todo: toReply,
        link: f.link,
        footer: footerFor(f.redirected !== undefined, f),
      });
    case 'instruction-reminder':
      return renderLetter({
        subject: `【督办】批示落实提醒：${s}请于今日回复落实情况`,
        title: '批示落实提醒',
        note: redirectNote(f),
        lead: `${f.unitName}：${f.instructedBy}对“${f.measureTitle}”任务的批示，落实情况应于${due}前回复，目前尚未收到贵单位回复，请于今日内回复。`,
        rows,
        todo: toReply,
        link: f.link,
        footer: footerFor(f.redirected !== undefined, f),
      });
    case 'instruction-office':
      return renderLetter({
        subject: `【督办】批示逾期未回复：${f.unitName}${s}`,
        title: '批示逾期未回复',
        note: null,
        lead: `${office}：${f.instructedBy}对“${f.measureTitle}”任务的批示，${f.unitName}应于${due}前回复落实情况，经提醒仍未回复，请督促该单位回复。`,
        rows,
        todo: action('coordinator', f.unitName),
        link: f.link,
        footer: footerFor(true, f),
      });
    case 'instruction-replied':
      return renderLetter({
        subject: `【督办】批示落实情况：${f.unitName}${s}`,
        title: '批示落实情况',
        note: null,
        lead: `${f.instructedBy}同志：${f.unitName}已回复您对“${f.measureTitle}”任务批示的落实情况。`,
        rows: [...rows, ['落实情况', f.reply ?? '']],
        todo: { label: '查看批示及回复', sentence: '批示及各单位的落实情况可在督办系统任务页面查看。' },
        link: f.link,
        footer: footerFor(true, f),
      });
  }
}

/**
 * 分解 within a unit: `subtask-added` tells the person named of the sub-task, `subtask-due` reminds them on its due
 * day, `subtask-overdue` tells the unit's own contacts it is still open (never anyone outside the unit).
 */
export type TSubtaskMailKind = 'subtask-added' | 'subtask-due' | 'subtask-overdue';
export type TSubtaskFacts = TMailFacts & { subtaskTitle: string; assigneeName: string; subtaskDue: string };
export function renderSubtaskMail(kind: TSubtaskMailKind, f: TSubtaskFacts): TRendered {
  const due = cnDate(f.subtaskDue);
  const rows: [string, string][] = [
    ['所属任务', `${f.measureRef} ${f.measureTitle}`],
    ['分解事项', f.subtaskTitle],
    ['承办人', f.assigneeName],
    ['完成期限', `${due}前`],
  ];
  const todo = { label: '查看本单位任务', sentence: '完成后请告知本单位联络员，或登录督办系统在任务页面标记完成。' };
  const footer = `本邮件由督办系统代${f.unitName}发送。`;
  switch (kind) {
    case 'subtask-added':
      return renderLetter({
        subject: `【督办】分解任务：“${subjectTitle(f.subtaskTitle)}”请于${due}前完成`,
        title: '分解任务通知',
        note: null,
        lead: `${f.assigneeName}：${f.unitName}将“${f.measureTitle}”任务分解，请您负责以下事项，并于${due}前完成。`,
        rows,
        todo,
        link: f.link,
        footer,
      });
    case 'subtask-due':
      return renderLetter({
        subject: `【督办】分解任务今日到期：“${subjectTitle(f.subtaskTitle)}”`,
        title: '分解任务到期提醒',
        note: null,
        lead: `${f.assigneeName}：您负责的“${f.subtaskTitle}”应于今日（${due}）完成，目前尚未标记完成，请抓紧办理。`,
        rows,
        todo,
        link: f.link,
        footer,
      });
    case 'subtask-overdue':
      return renderLetter({
        subject: `【督办】分解任务逾期：${f.assigneeName}“${subjectTitle(f.subtaskTitle)}”`,
        title: '分解任务逾期',
        note: null,
        lead: `${f.unitName}：本单位“${f.measureTitle}”任务的分解事项“${f.subtaskTitle}”应于${due}前由${f.assigneeName}完成，目前尚未完成，请督促办理。`,
        rows,
        todo: { label: '查看本单位任务', sentence: '分解任务的进度可在督办系统任务页面查看，并计入本单位的进展报告。' },
        link: f.link,
        footer,
      });
  }
}

/** One report an office is late reviewing, as its daily reminder lists it. */
export type TLateReviewFacts = {
  planTitle: string;
  measureRef: string;
  measureTitle: string;
  unitName: string;
  period: string;
  /** Shanghai date the report was submitted. */
  submittedOn: string;
  workingDaysWaiting: number;
  reviewDays: number;
  /** The plan's review queue. */
  link: string;
};

/**
 * The office's daily reminder of the reports it has kept waiting past its review deadline (审核), oldest first, each
 * with its plan's queue, so a 督查室 reads in one letter what it owes the units.
 */
export function renderLateReviewsMail(f: { officeName: string | null; day: string; items: readonly TLateReviewFacts[] }): TRendered {
  const office = f.officeName || COORDINATOR_FALLBACK;
  const n = f.items.length;
  const plans = [...new Set(f.items.map((i) => i.planTitle))];
  const entries = f.items.map((i, at) => ({
    title: `${at + 1}. ${i.measureRef} ${i.measureTitle} · ${i.unitName}`,
    rows: [
      ...(plans.length > 1 ? [['所属计划', `《${i.planTitle}》`] as [string, string]] : []),
      ['报告', reportLabel(i.period)] as [string, string],
      ['报送时间', cnDate(i.submittedOn)] as [string, string],
      ['已等待', `${i.workingDaysWaiting}个工作日（审核时限${i.reviewDays}个工作日）`] as [string, string],
    ],
    link: i.link,
  }));
  return renderDigestLetter({
    subject: `【督办】审核提醒：${n}份报告超过审核时限待审核`,
    title: '审核提醒',
    note: null,
    lead: `${office}：截至${cnDate(f.day)}，以下${n}份报告已超过审核时限，仍在等待审核。审核前，报送单位的期限和颜色暂停计算；请及时审核通过或退回整改。`,
    common: [...(plans.length === 1 ? [['所属计划', `《${plans[0]}》`] as [string, string]] : []), ['待审核报告', `${n}份（按报送时间先后排列）`]],
    entries,
    todo: '请登录督办系统，在计划页面的“待审核报告”中逐份审核。',
    linkLabel: '进入待审核报告',
    footer: footerFor(true, { coordinatorName: f.officeName }),
  });
}

/** An issued 通报, as each unit it was sent to hears of it: named in it (表扬 or 批评) or addressed as an assessed unit. */
export type TNoticeIssuedFacts = {
  planTitle: string;
  unitName: string;
  /** 苏质办〔2026〕3号 */
  docNumber: string;
  title: string;
  issuer: string;
  signedOn: string;
  mention: 'praise' | 'criticism' | 'addressed';
  /** The unit's page, where the 通报 is listed with its Word file. */
  link: string;
  redirected?: 'no-contact';
};

const MENTION: Record<TNoticeIssuedFacts['mention'], string> = {
  praise: '贵单位在本通报中受到表扬。',
  criticism: '贵单位在本通报中受到批评，请按通报要求认真整改并报送整改情况。',
  addressed: '',
};

/** One letter per unit: the 文号, the title, whether it is praised or criticised, and where to read the document. */
export function renderNoticeIssuedMail(f: TNoticeIssuedFacts): TRendered {
  const title = f.title.replace(/\s*\n\s*/g, '');
  return renderLetter({
    subject: `【督办】${f.issuer}印发通报：${f.docNumber}`,
    title: '通报',
    note: f.redirected === 'no-contact' ? `${f.unitName}未登记联系人，本邮件改发牵头协调办公室，请转告该单位。` : null,
    lead: `${f.unitName}：${f.issuer}于${cnDate(f.signedOn)}印发《${title}》（${f.docNumber}），现予送达。${MENTION[f.mention]}`,
    rows: [
      ['所属计划', `《${f.planTitle}》`],
      ['文号', f.docNumber],
      ['标题', title],
      ['发文机关', f.issuer],
      ['成文日期', cnDate(f.signedOn)],
    ],
    todo: { sentence: '请登录督办系统，在本单位页面的“收到的通报”中查阅并下载通报全文（Word 文件）。', label: '查阅通报' },
    link: f.link,
    footer: `本邮件由督办系统自动发送。如有疑问，请与${f.issuer}联系。`,
  });
}

/** One plan's 年度总结 in a letter: to a unit, the plan it owes one to; to the office, the units still missing. */
export type TAnnualSummaryFacts = { planTitle: string; year: number; due: string; link: string; missingUnits: readonly string[] };

/**
 * 年度总结 letters, one per recipient and day, each plan an entry: 报送提醒 before the due date and 今日到期 on it to a unit
 * that has not sent its summary; the day after, to the coordinating office, the units whose summary is missing.
 */
export function renderAnnualSummaryMail(kind: 'reminder' | 'due' | 'missing', f: { name: string | null; day: string; items: readonly TAnnualSummaryFacts[] }): TRendered {
  const who = f.name || COORDINATOR_FALLBACK;
  const n = f.items.length;
  const entries = f.items.map((i, at) => ({
    title: `${at + 1}. 《${i.planTitle}》${i.year}年度总结`,
    rows: [['报送期限', `${cnDate(i.due)}前`] as [string, string], ...(kind === 'missing' ? [['未报送单位', `${i.missingUnits.join('、')}（共${i.missingUnits.length}个）`] as [string, string]] : [])],
    link: i.link,
  }));
  const what = '全年工作总结及下一年度目标任务、工作措施';
  const letter = {
    reminder: { subject: `【督办】报送提醒：${n}份年度总结请按期报送`, title: '年度总结报送提醒', lead: `${who}：请于期限前报送以下${n}份年度总结（${what}）。` },
    due: { subject: `【督办】今日到期：${n}份年度总结请于今日报送`, title: '年度总结今日到期', lead: `${who}：以下${n}份年度总结（${what}）报送期限为今日，目前尚未收到贵单位报送，请于今日内报送。` },
    missing: { subject: `【督办】年度总结未报送：${n}项`, title: '年度总结未报送', lead: `${who}：截至${cnDate(f.day)}，以下年度总结已过报送期限，仍有单位未报送，请督促有关单位报送。` },
  }[kind];
  return renderDigestLetter({
    ...letter,
    note: null,
    common: [],
    entries,
    todo: kind === 'missing' ? '各单位报送情况可在督办系统的考核结果页面查看。' : '请登录督办系统，在考核结果页面填报年度总结，并从本单位已上传的文件中选择佐证材料。',
    linkLabel: kind === 'missing' ? '查看报送情况' : '进入年度总结页面',
    footer: kind === 'missing' ? footerFor(true, { coordinatorName: null }) : '本邮件由督办系统自动发送。',
  });
}
