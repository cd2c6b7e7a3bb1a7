import { z } from 'zod';
import { shanghaiTime } from '../../../calendar/working-days';
import { AppError } from '../../../lib/errors';
import { renderNoticeHtml } from '../../../report/render-notice-html';
import type { TNotice } from '../../../report/notice-model';
import { findPlanFor } from '../../../services/access/scope';
import { createNotice } from '../../../services/notices/create-notice';
import { issueNotice, nextDocNumber } from '../../../services/notices/issue-notice';
import type { TNoticeListing } from '../../../services/notices/list-notices';
import type { TNoticeRecord } from '../../../services/notices/notice-record';
import { saveNotice, ZSaveNoticeSchema } from '../../../services/notices/save-notice';
import { showNotice } from '../../../services/notices/show-notice';
import { recordedActor, requireActor } from '../../auth/actor';
import { definePageRoute, parsePart, type TIssue } from '../../route';
import { ZNoticeParamsSchema } from '../../routes/plans/notices.types';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { splitNames, ZFlashSchema } from '../forms';
import { html, Raw } from '../html';
import { localeOf, type TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const MENTION = { praise: 'noticeMentionPraise', criticism: 'noticeMentionCriticism', addressed: 'noticeMentionAddressed' } as const;
const KIND = { text: 'noticeKindText', praise: 'noticeKindPraise', criticism: 'noticeKindCriticism' } as const;

/** One issued (or draft) 通报 in a list: 成文日期, 文号, title, its Word file. */
function listItem(t: TTranslate, n: TNoticeListing, editable: boolean): Raw {
  const mention = n.mention && n.mention in MENTION ? html` <small class="muted">${t(MENTION[n.mention as keyof typeof MENTION])}</small>` : '';
  return html`<li data-notice="${n.id}">${n.signedOn} · ${n.docNumber ?? t.value('draft')} · ${n.title}${mention} · <a href="${n.download}">${t('noticeDownload')}</a>${
    editable ? html` · <a href="/plans/${n.planId}/notices/${n.id}">${t('noticeEdit')}</a>` : ''
  }</li>`;
}

/** On the plan's page: its 通报 (drafts to the office only), and the office's form to draft one. */
export function planNoticesCard(p: TPage, planId: string, notices: TNoticeListing[], office: boolean): Raw {
  const { t } = p;
  const shown = office ? notices : notices.filter((n) => n.status === 'issued');
  return html`<section class="card" id="notices"><h2>${t('notices')}</h2>${office ? html`<p class="muted">${t('noticesHelp')}</p>` : ''}${
    shown.length ? html`<ul>${shown.map((n) => listItem(t, n, office && n.status === 'draft'))}</ul>` : html`<p class="muted">${t('noticeNone')}</p>`
  }${
    office
      ? html`<form method="post" action="/plans/${planId}/notices">${csrfField(p)}<label for="notice-period">${t('noticePeriod')}</label>
<input id="notice-period" name="period" maxlength="20"><p><button type="submit">${t('noticeNew')}</button></p></form>`
      : ''
  }</section>`;
}

/** On a unit's page: the 通报 issued to it, newest first. */
export function unitNoticesCard(p: TPage, notices: TNoticeListing[]): Raw {
  if (!notices.length) return html``;
  const { t } = p;
  return html`<section class="card" id="notices"><h2>${t('noticeReceived')}</h2><ul>${notices.map((n) => html`${listItem(t, n, false)}`)}</ul></section>`;
}

/** The form holds the 通报 as text fields: one per field, and per section its kind, heading, paragraphs and units. */
function editForm(p: TPage, r: TNoticeRecord, next: string, values: TFormValues | TNotice): Raw {
  const { t } = p;
  const field = (name: string, label: string, value: string, o: { long?: boolean; type?: string } = {}) =>
    o.long
      ? html`<label for="n-${name}">${label}</label><textarea id="n-${name}" name="${name}" rows="3">${value}</textarea>`
      : html`<label for="n-${name}">${label}</label><input id="n-${name}" name="${name}" value="${value}"${o.type ? html` type="${o.type}"` : ''}>`;
  const sections: { kind: string; heading?: string; paragraphs: string[]; units: { unit: string; reason: string }[] }[] = [
    ...values.sections,
    { kind: 'text', paragraphs: [], units: [] },
  ];
  const action = `/plans/${r.planId}/notices/${r.id}`;
  return html`<form method="post" action="${action}" class="card" id="notice-form">${csrfField(p)}<input type="hidden" name="version" value="${String(r.version)}">
${field('masthead', t('noticeMasthead'), values.masthead)}
${field('title', t('noticeTitleField'), values.title, { long: true })}
${field('recipients', t('noticeRecipients'), values.recipients)}
${sections.map((s, i) => {
  const n = String(i);
  const legend = i < values.sections.length ? t.fill('noticeSection', { n: i + 1 }) : t('noticeSectionNew');
  return html`<fieldset><legend>${legend}</legend>
<label for="n-s${n}kind">${t('noticeSectionKind')}</label><select id="n-s${n}kind" name="s${n}kind">${(['text', 'praise', 'criticism'] as const).map(
    (k) => html`<option value="${k}"${s.kind === k ? ' selected' : ''}>${t(KIND[k])}</option>`,
  )}</select>
${field(`s${n}heading`, t('noticeSectionHeading'), s.heading ?? '')}
${field(`s${n}paragraphs`, t('noticeSectionParagraphs'), s.paragraphs.join('\n'), { long: true })}
${field(`s${n}units`, t('noticeSectionUnits'), s.units.map((u) => `${u.unit}：${u.reason}`).join('\n'), { long: true })}</fieldset>`;
})}
${field('issuer', t('noticeIssuer'), values.issuer)}
${field('signedOn', t('noticeSignedOn'), values.signedOn, { type: 'date' })}
${field('copyTo', t('noticeCopyTo'), values.copyTo.join('\n'), { long: true })}
${field('printedBy', t('noticePrintedBy'), values.printedBy)}
${field('printedOn', t('noticePrintedOn'), values.printedOn, { type: 'date' })}
<p><button type="submit" name="intent" value="save">${t('noticeSave')}</button></p>
<p class="muted" id="notice-issue-help">${t.fill('noticeIssueHelp', { number: next })}</p>
<p><button type="submit" name="intent" value="issue">${t('noticeIssue')}</button></p></form>`;
}

type TFormValues = ReturnType<typeof noticeOfForm>;

async function renderNotice(p: TPage, planId: string, noticeId: string, o: { flash?: string | null; problem?: string | null; values?: TFormValues }): Promise<string> {
  const r = await showNotice(p.deps.db, planId, noticeId);
  const { t } = p;
  const title = r.status === 'issued' ? t.fill('noticeIssuedHeading', { number: r.docNumber ?? '' }) : t.fill('noticeEditTitle', { version: r.version });
  const top =
    r.status === 'issued'
      ? html`<p id="notice-issued">${t.fill('noticeIssuedAt', { at: r.issuedAt ? shanghaiTime(r.issuedAt) : '' })} <a href="/api/notices/${r.id}.docx">${t('noticeDownload')}</a></p>`
      : html`<p><a href="/api/notices/${r.id}.docx">${t('noticeDownload')}</a></p>${editForm(p, r, await nextDocNumber(p.deps.db, planId, r), o.values ?? r.notice)}`;
  return layout(p, {
    title: `${title} · ${r.notice.title.replace(/\s+/g, '')}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${title} <small class="muted"><a href="/plans/${planId}#notices">${t('notices')}</a></small></h1>
${o.problem ? html`<p class="flash warn" role="alert" id="notice-problem">${o.problem}</p>` : ''}${top}
<section class="card" id="notice-preview" aria-label="${t('noticePreview')}"><h2>${t('noticePreview')}</h2>${new Raw(renderNoticeHtml(r.notice))}</section>`,
  });
}

export const noticeCreateSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/notices',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: z.object({ period: z.string().max(20).default('') }),
  async handler({ reply, deps, actor, params, body }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const created = await createNotice(deps, plan.id, body.period.trim() ? { period: body.period } : {}, recordedActor(person));
    return reply.redirect(`/plans/${plan.id}/notices/${created.id}`, 303);
  },
});

export const noticePage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/notices/:noticeId',
  auth: 'signed-in',
  params: ZNoticeParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, requireActor(actor), params.planId);
    const p = pageOf(req, deps);
    return renderNotice(p, plan.id, params.noticeId, { flash: query.done ? p.t(query.done) : null });
  },
});

const ZNoticeFormSchema = z
  .object({ intent: z.enum(['save', 'issue']), version: z.coerce.number().int().positive() })
  .catchall(z.string().max(20_000));

/** The form's fields as the notice they spell: empty sections dropped, each unit line split at its first colon. */
function noticeOfForm(body: Record<string, unknown>) {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const lines = (k: string) => s(k).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const sections: { kind: string; heading?: string; paragraphs: string[]; units: { unit: string; reason: string }[] }[] = [];
  for (let i = 0; `s${i}kind` in body; i++) {
    const [heading, paragraphs, units] = [s(`s${i}heading`).trim(), lines(`s${i}paragraphs`), lines(`s${i}units`)];
    if (!heading && !paragraphs.length && !units.length) continue;
    sections.push({
      kind: s(`s${i}kind`),
      ...(heading ? { heading } : {}),
      paragraphs,
      units: units.map((l) => {
        const at = l.search(/[：:]/);
        return at < 0 ? { unit: l, reason: '' } : { unit: l.slice(0, at).trim(), reason: l.slice(at + 1).trim() };
      }),
    });
  }
  return {
    masthead: s('masthead'),
    title: s('title'),
    recipients: s('recipients'),
    sections,
    issuer: s('issuer'),
    signedOn: s('signedOn'),
    copyTo: splitNames(s('copyTo').replace(/\r?\n/g, '\n')),
    printedBy: s('printedBy'),
    printedOn: s('printedOn'),
  };
}

export const noticeSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/notices/:noticeId',
  auth: 'signed-in',
  params: ZNoticeParamsSchema,
  body: ZNoticeFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const p = pageOf(req, deps);
    const by = recordedActor(person);
    const raw = noticeOfForm(body);
    try {
      // Saved first either way: issuing issues what the office sees on the page.
      const input = parsePart(ZSaveNoticeSchema, { notice: raw, version: body.version }, 'body', localeOf(req));
      const saved = await saveNotice(deps, plan.id, params.noticeId, input, by);
      if (body.intent === 'issue') {
        await issueNotice({ db: deps.db, files: deps.files, now: deps.now, publicUrl: deps.config.publicUrl }, plan.id, params.noticeId, { version: saved.version }, by);
      }
      return reply.redirect(`/plans/${plan.id}/notices/${params.noticeId}?done=${body.intent === 'issue' ? 'noticeIssued' : 'saved'}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'CONFLICT')) throw err;
      const detail = (err.details as TIssue[] | null)?.[0];
      const problem = detail ? `${detail.path.replace(/^body\./, '')}：${detail.message}` : p.t.say(err.say);
      // The form shows what was typed, to fix; the preview stays the saved text until an edit is saved.
      return reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderNotice(p, plan.id, params.noticeId, { problem, values: raw }));
    }
  },
});
