import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { addDays, shanghaiTime } from '../../../calendar/working-days';
import { isCoordinator } from '../../../services/access/scope';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { loadItem, type TItem } from '../../views/item';
import { fieldProblem, problemList, ZFlashSchema, type TFormState } from '../forms';
import { html, type Raw } from '../html';
import { attachmentLink } from './attachment-link';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';
import { acknowledgeForms } from './acknowledge';
import { replyForm, returnPartForm, subtaskAddForm, subtaskDoneForm, type TCycleForms } from './cycle';
import { extensionOffer } from './extension-offer';
import { instructionsCard } from './instructions';
import { subtaskProgressLine, subtasksCard } from './subtasks';
import { nextStepText } from './list';

const STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const;

/** One 催办单 or 督办单: what is due, who owes it, how late it is and what is missing. */
export function supervisionSheet(t: TTranslate, e: TItem['escalations'][number]): Raw {
  return html`<div class="sheet" data-level="${e.level}"><h3>${e.level === 'urge' ? '催办单' : t('supervisionSheet')} · ${t.value(e.level)}</h3><dl>
<dt>${t('whatIsDue')}</dt><dd>${e.whatIsDue}</dd><dt>${t('owes')}</dt><dd>${e.owedBy}</dd><dt>${t('due')}</dt><dd>${e.due ?? '—'}</dd>
<dt>${t('daysLate')}</dt><dd>${e.workingDaysLate}</dd><dt>${t('missing')}</dt><dd>${e.missing.join('；') || '—'}</dd>
<dt>${t('sentAt')}</dt><dd>${shanghaiTime(new Date(e.sentAt))}</dd></dl></div>`;
}

function supervisionSheets(p: TPage, item: TItem): Raw {
  const { t } = p;
  if (!item.escalations.length) return html``;
  return html`<section class="card"><h2>${t('escalations')}</h2>${item.escalations.map((e) => supervisionSheet(t, e))}</section>`;
}

const selected = (on: boolean) => (on ? html` selected` : '');

function reportForm(p: TPage, item: TItem, state: TFormState | undefined): Raw {
  const { t } = p;
  const v = state?.values ?? {};
  const field = (id: string) => fieldProblem(state, id);
  const [status, percent, narrative, blockedReason, links] = ['status', 'percent', 'narrative', 'blockedReason', 'links'].map(field) as [TField, TField, TField, TField, TField];
  return html`<section class="card" id="report"><h2>${t('report')}${item.next.period ? html` · ${t.period(item.next.period)}` : ''}</h2>
${subtaskProgressLine(t, item.subtasks.length ? { done: item.subtasks.filter((x) => x.doneAt !== null).length, total: item.subtasks.length } : null)}${problemList(t('formProblems'), state, 'report-problems')}<form method="post" action="/items/${item.id}/report#report">${csrfField(p)}<input type="hidden" name="idempotencyKey" value="${state?.idempotencyKey ?? randomUUID()}">
<div class="row"><div><label for="status">${t('reportStatus')}</label><select id="status" name="status"${status.attrs}>${STATUSES.map(
    (s) => html`<option value="${s}"${selected(s === (v.status ?? 'in_progress'))}>${t.value(s)}</option>`,
  )}</select>${status.note}</div>
<div><label for="percent">${t('percent')}</label><input id="percent" name="percent" type="number" min="0" max="100" step="1" inputmode="numeric" required value="${v.percent ?? ''}"${percent.attrs}>${percent.note}</div></div>
<label for="narrative">${t('narrative')}</label><textarea id="narrative" name="narrative" required maxlength="20000"${narrative.attrs}>${v.narrative ?? ''}</textarea>${narrative.note}
<label for="blockedReason">${t('blockedReason')}</label><textarea id="blockedReason" name="blockedReason" rows="2" maxlength="2000"${blockedReason.attrs}>${v.blockedReason ?? ''}</textarea>${blockedReason.note}
${
  item.measure.targets.length
    ? html`<fieldset><legend>${t('targetValues')}</legend>${item.measure.targets.map((x) => {
        const tv = field(`tv-${x.id}`);
        return html`<label for="tv-${x.id}">${x.indicator}（${t.value(x.comparator)} ${x.value}${x.unit}）</label><input id="tv-${x.id}" name="tv_${x.id}" inputmode="decimal" value="${v[`tv_${x.id}`] ?? ''}"${tv.attrs}>${tv.note}`;
      })}</fieldset>`
    : ''
}
${
  item.waitingFiles.length
    ? html`<fieldset><legend>${t('evidenceAttach')}</legend>${item.waitingFiles.map(
        (f) => html`<div><input type="checkbox" id="file-${f.id}" name="fileIds" value="${f.id}"${v.fileIds === undefined || fileChosen(v.fileIds, f.id) ? ' checked' : ''}> <label for="file-${f.id}">${f.name}</label></div>`,
      )}</fieldset>`
    : ''
}
${partsToConsolidate(t, item, v)}
<label for="links">${t('links')}</label><textarea id="links" name="links" rows="2" placeholder="自查报告 | https://example.gov.cn/report.pdf"${links.attrs}>${v.links ?? ''}</textarea>${links.note}
<p><button type="submit">${t('submit')}</button></p></form></section>`;
}

type TField = ReturnType<typeof fieldProblem>;

/** The files (or parts) a refused form had ticked (one id, or several joined by the form's state). */
const fileChosen = (chosen: string, id: string): boolean => chosen.split(' ').includes(id);

/**
 * Uploading 佐证材料 for the next report, one file at a time, before the report is submitted: the files wait (as a
 * draft's would) and the report form offers them. Its own form, as a report form cannot hold an upload's body.
 */
function evidenceCard(p: TPage, item: TItem, flash: Raw | string): Raw {
  const { t } = p;
  const mb = p.deps.config.FILES_MAX_MB;
  const max = p.deps.config.FILES_PER_REPORT;
  return html`<section class="card" id="evidence"><h2>${t('evidence')}</h2>${flash}
<p class="c-red" id="evidence-classified"><strong>${t('evidenceClassified')}</strong></p>
<p class="muted" id="evidence-kinds">${t.fill('evidenceKinds', { mb, max })}</p>
<form method="post" action="/items/${item.id}/files" enctype="multipart/form-data">${csrfField(p)}
<label for="evidence-file">${t('evidenceFile')}</label><input type="file" id="evidence-file" name="file" required aria-describedby="evidence-classified evidence-kinds" accept=".pdf,.ofd,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx">
<p><button type="submit">${t('evidenceUpload')}</button></p></form>
<h3>${t('evidenceWaiting')}</h3>${
    item.waitingFiles.length
      ? html`<ul>${item.waitingFiles.map(
          (f) => html`<li><a href="/api/files/${f.id}" data-file="${f.id}" target="_blank">${f.name}</a> <small class="muted">${sizeOf(f.size)}</small>
<form method="post" action="/items/${item.id}/files/${f.id}/delete" class="inline">${csrfField(p)}<button class="link" aria-label="${t.fill('evidenceDeleteNamed', { name: f.name })}">${t('evidenceDelete')}</button></form></li>`,
        )}</ul>`
      : html`<p class="muted">${t('evidenceNoneWaiting')}</p>`
  }</section>`;
}

/** A file's size as people read it. */
const sizeOf = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * Offered only while the workflow would take a request (extensionOffer); otherwise one line says why. A form shown
 * again after a refusal stays, with what was typed and why it was refused.
 */
function extensionForm(p: TPage, item: TItem, state: TFormState | undefined): Raw {
  const { t } = p;
  const offer = extensionOffer(t, item);
  if (!offer.open && !state) return html`<section class="card" id="extension"><h2>${t('extension')}</h2><p class="muted" id="extension-unavailable">${offer.why}</p></section>`;
  const v = state?.values ?? {};
  const [requestedDue, reason] = [fieldProblem(state, 'requestedDue'), fieldProblem(state, 'reason')];
  return html`<section class="card" id="extension"><h2>${t('extension')}</h2>
${problemList(t('formProblems'), state, 'extension-problems')}<form method="post" action="/items/${item.id}/extension#extension">${csrfField(p)}<input type="hidden" name="idempotencyKey" value="${state?.idempotencyKey ?? randomUUID()}">
<div class="row"><div><label for="requestedDue">${t('requestedDue')}</label><input id="requestedDue" name="requestedDue" type="date" required${
    offer.open ? html` min="${addDays(offer.due, 1)}"` : ''
  } value="${v.requestedDue ?? ''}"${requestedDue.attrs}>${requestedDue.note}</div></div>
<label for="reason">${t('reason')}</label><textarea id="reason" name="reason" rows="2" required maxlength="2000"${reason.attrs}>${v.reason ?? ''}</textarea>${reason.note}
<p><button type="submit" class="secondary">${t('extension')}</button></p></form></section>`;
}

/** Each reported value beside its target's indicator, unit and goal; a value of a target since removed keeps its number. */
/** 签收: who acknowledged the assignment, when, and the 责任领导 and 经办人 named; or that it is not acknowledged yet. */
function acknowledgementCard(t: TTranslate, item: TItem): Raw {
  const ack = item.acknowledgement;
  const who = (x: { name: string; phone?: string; email?: string }) => [x.name, x.phone, x.email].filter(Boolean).join(' · ');
  if (item.refusal) {
    return html`<section class="card" id="acknowledgement"><h2>${t('acknowledgement')}</h2><p class="c-yellow" data-refused>${t.fill('refusedAwaiting', { reason: item.refusal.reason })}</p></section>`;
  }
  if (!ack) return html`<section class="card" id="acknowledgement"><h2>${t('acknowledgement')}</h2><p class="muted">${t('notAcknowledged')}</p></section>`;
  return html`<section class="card" id="acknowledgement"><h2>${t('acknowledgement')}</h2><dl>
<dt>${t('ackResponsible')}</dt><dd>${who(ack.responsible)}</dd>${ack.handler ? html`<dt>${t('ackHandler')}</dt><dd>${who(ack.handler)}</dd>` : ''}
<dt>${t('ackAt')}</dt><dd>${shanghaiTime(new Date(ack.at))}${ack.by ? html` · ${ack.by}` : ''}</dd>${ack.note ? html`<dt>${t('ackNote')}</dt><dd>${ack.note}</dd>` : ''}</dl></section>`;
}

/**
 * The parts the lead unit's report may consolidate, to tick: each cooperating unit's latest not returned, ticked
 * unless a refused form had them unticked. `partsOffered` tells the handler the list was there, so that none ticked
 * means none rather than the default.
 */
function partsToConsolidate(t: TTranslate, item: TItem, v: Record<string, string>): Raw | string {
  const offered = item.cooperatingParts.filter((r) => r.review !== 'returned');
  const latest = offered.filter((r, i, all) => all.findIndex((x) => x.unit === r.unit) === i);
  if (!latest.length) return '';
  return html`<fieldset class="parts-to-consolidate"><legend>${t('partsToConsolidate')}</legend><input type="hidden" name="partsOffered" value="1">${latest.map(
    (r) => html`<div><input type="checkbox" id="part-${r.id}" name="parts" value="${r.id}"${v.partsOffered === undefined || fileChosen(v.parts ?? '', r.id) ? ' checked' : ''}> <label for="part-${r.id}"><b>${r.unit}</b> · ${t.period(r.period)} · ${t.value(r.status)} · ${r.percent}%：${r.narrative}</label></div>`,
  )}</fieldset>`;
}

/**
 * The parts cooperating units sent the lead unit (cycle.reportTo = lead), newest first, with their files; each unit's
 * latest part may be returned (退回), and a returned one says why and by when.
 */
function cooperatingPartsCard(p: TPage, item: TItem, flash: Raw | string, form: TFormState | undefined): Raw | string {
  const { t } = p;
  if (item.role !== 'lead' || !item.cooperatingParts.length) return '';
  return html`<section class="card" id="parts"><h2>${t('cooperatingParts')}</h2>${flash}<ol class="history">${item.cooperatingParts.map(
    (r, i, all) => html`<li data-part="${r.id}"><b>${r.unit}</b> · ${t.period(r.period)} · ${t.value(r.status)} · ${r.percent}% · ${r.submittedBy} · <small>${shanghaiTime(new Date(r.submittedAt))}</small>
<div>${r.narrative}</div>${r.blockedReason ? html`<div class="c-red">${r.blockedReason}</div>` : ''}${reviewNote(t, r)}${r.attachments.length ? html`<div>${r.attachments.map((x) => attachmentLink(x))}</div>` : ''}${returnPartForm(p, item, r, all.findIndex((x) => x.unit === r.unit) === i, form)}</li>`,
  )}</ol></section>`;
}

/** Where the report stands with the office's review (审核): waiting, accepted, or returned with why and by when. */
function reviewNote(t: TTranslate, r: TItem['reports'][number]): Raw | string {
  // A part the lead unit returned (退回) says why and by when, as a report the office returned does.
  if (r.toLead && r.review === 'returned') {
    return html`<div class="c-red" data-review="returned">${t.fill('partReturnedNote', { reason: r.reviewReason ?? '', due: r.reworkDue ?? '' })}</div>`;
  }
  if (r.toLead) return html`<div data-review="to-lead">${t('sentToLead')}</div>`;
  if (r.review === 'pending') return html`<div class="c-yellow" data-review="pending">${t('reviewPending')}</div>`;
  if (r.review === 'accepted') return html`<div data-review="accepted">${t('reviewAccepted')}</div>`;
  if (r.review === 'returned') {
    return html`<div class="c-red" data-review="returned">${t.fill('reviewReturned', { reason: r.reviewReason ?? '', due: r.reworkDue ?? '' })}</div>`;
  }
  return '';
}

function reportedValues(t: TTranslate, item: TItem, r: TItem['reports'][number]): Raw {
  if (!r.targetValues.length) return html``;
  return html`<ul class="reported-values" aria-label="${t('reportedValues')}">${r.targetValues.map((tv) => {
    const x = item.measure.targets.find((target) => target.id === tv.targetId);
    return x
      ? html`<li data-target="${x.id}">${x.indicator}：<b>${String(tv.value)}${x.unit}</b> <small class="muted">（${t('targetIs')} ${t.value(x.comparator)} ${x.value}${x.unit}）</small></li>`
      : html`<li>${t('targetValues')}：<b>${String(tv.value)}</b></li>`;
  })}</ul>`;
}

export type TItemForms = { report?: TFormState; extension?: TFormState; acknowledge?: TFormState; refuse?: TFormState } & TCycleForms;
type TFlash = NonNullable<z.infer<typeof ZFlashSchema>>;

/** Confirmations shown where the redirect lands (its #fragment), not at the top of a long page a phone has scrolled past. */
const FLASH_SECTION: Partial<Record<TFlash, 'history' | 'extensions' | 'evidence' | 'instructions' | 'subtasks' | 'parts'>> = {
  partReturned: 'parts',
  reportAccepted: 'history',
  instructionReplied: 'instructions',
  subtaskAdded: 'subtasks',
  subtaskCompleted: 'subtasks',
  extensionRequested: 'extensions',
  fileUploaded: 'evidence',
  fileDeleted: 'evidence',
};

/** The item as its unit sees it; also shown again, with a 4xx status, when one of its forms is refused. */
export function renderItem(p: TPage, item: TItem, o: { done?: TFlash; forms?: TItemForms }): string {
  const { t } = p;
  const flashAt = o.done ? (FLASH_SECTION[o.done] ?? 'top') : null;
  const flash = (where: string) => (o.done && flashAt === where ? html`<p class="flash" role="status">${t(o.done)}</p>` : '');
  return layout(p, {
    title: `${item.measure.ref} ${item.measure.title}`,
    flash: o.done && flashAt === 'top' ? t(o.done) : null,
    body: html`<p class="muted">${item.plan.title}</p><h1>${item.measure.ref} ${item.measure.title}</h1>
${flash('instructions')}${instructionsCard(t, item.instructions, { id: 'instructions', title: t('instructions'), after: (i) => replyForm(p, item, i, o.forms?.reply) })}
<section class="card"><p><span class="badge c-${item.colour}" id="item-colour">${t.value(item.colour)}</span> ${item.unit.name} · ${t.value(item.role)} · ${t.value(item.status)}</p>
<p><b>${t('nextStep')}：</b><span id="next-step">${nextStepText(t, item.next, item.colour)}</span></p>
<p>${item.measure.text}</p>
<p class="muted">${t('units')}：${item.measure.parties.map((x) => `${x.unit}（${t.value(x.role)}）`).join('、')} · ${t('due')} ${item.measure.due}${item.measure.originalDue ? html` <span class="original">（${t.fill('originalDate', { date: item.measure.originalDue })}）</span>` : ''}</p>
${item.measure.targets.length ? html`<ul>${item.measure.targets.map((x) => html`<li>${x.text}${x.original ? html` <span class="original">（${t.fill('originalDate', { date: x.original })}）</span>` : ''}</li>`)}</ul>` : ''}</section>
${item.canReport ? html`${evidenceCard(p, item, flash('evidence'))}${reportForm(p, item, o.forms?.report)}${extensionForm(p, item, o.forms?.extension)}` : html`<p class="card muted">${t('readOnly')}</p>`}
${acknowledgementCard(t, item)}
${acknowledgeForms(p, item, o.forms)}
${flash('subtasks')}${subtasksCard(t, item.subtasks, { done: (s) => subtaskDoneForm(p, item, s, o.forms?.subtaskDone), add: subtaskAddForm(p, item, o.forms?.subtask) })}
${cooperatingPartsCard(p, item, flash('parts'), o.forms?.returnPart)}
${supervisionSheets(p, item)}
<section class="card" id="history"><h2>${t('history')}</h2>${flash('history')}${
      item.reports.length
        ? html`<ol class="history">${item.reports.map(
            (r) => html`<li><b>${t.period(r.period)}</b> · ${t.value(r.status)} · ${r.percent}% · ${r.submittedBy} · <small>${shanghaiTime(new Date(r.submittedAt))}</small>
<div>${r.narrative}</div>${r.blockedReason ? html`<div class="c-red">${r.blockedReason}</div>` : ''}${reviewNote(t, r)}${r.parts.length ? html`<div data-parts="${r.parts.join(' ')}">${t.fill('consolidatesParts', { n: r.parts.length })}</div>` : ''}${subtaskProgressLine(t, r.subtasks)}${reportedValues(t, item, r)}${
              r.attachments.length ? html`<div>${r.attachments.map((x) => attachmentLink(x))}</div>` : ''
            }</li>`,
          )}</ol>`
        : html`<p class="muted">${t('noReports')}</p>`
    }</section>
${
  item.extensions.length
    ? html`<section class="card" id="extensions"><h2>${t('extensions')}</h2>${flash('extensions')}<ul>${item.extensions.map(
        (e) => html`<li data-extension="${e.id}">${t.period(e.period)}：${e.originalDue} → ${e.requestedDue} · ${t.value(e.status)} · ${e.reason}${e.decisionNote ? ` · ${e.decisionNote}` : ''}${
          e.status === 'pending' && p.actor && isCoordinator(p.actor)
            ? html`<form method="post" action="/items/${item.id}/extensions/${e.id}/decision" class="row">${csrfField(p)}<input name="note" placeholder="${t('reason')}" aria-label="${t('reason')}">
<button name="decision" value="approve">${t('approve')}</button><button name="decision" value="refuse" class="secondary">${t('refuse')}</button></form>`
            : ''
        }</li>`,
      )}</ul></section>`
    : ''
}`,
  });
}

export const itemPage = definePageRoute({
  method: 'GET',
  url: '/items/:assignmentId',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const item = await loadItem(deps.db, requireActor(actor), params.assignmentId);
    return renderItem(pageOf(req, deps), item, { done: query.done });
  },
});
