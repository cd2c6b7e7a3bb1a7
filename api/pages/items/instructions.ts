import { shanghaiTime } from '../../../calendar/working-days';
import type { TShownInstruction } from '../../views/instructions';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { attachmentLink } from './attachment-link';

/**
 * 领导批示 with the units' replies (落实情况) beside each: on a unit's item page (its own reply), first of its cards,
 * and on the leader's page (every unit's). `withMeasure` names the measure, where the page is not about one; `after`
 * adds under each instruction what its reader may do about it (the unit's 落实情况 form).
 */
export function instructionsCard(
  t: TTranslate,
  list: TShownInstruction[],
  o: { id: string; title: string; empty?: string; withMeasure?: boolean; after?: (i: TShownInstruction) => Raw },
): Raw {
  if (!list.length) return o.empty ? html`<section class="card" id="${o.id}"><h2>${o.title}</h2><p class="muted">${o.empty}</p></section>` : html``;
  return html`<section class="card" id="${o.id}"><h2>${o.title}</h2>${list.map(
    (i) => html`<article class="instruction" data-instruction="${i.id}">${o.withMeasure ? html`<h3>${i.measure.ref} ${i.measure.title}</h3>` : ''}
<p><b>${t.fill('instructionFrom', { leader: i.leader })}</b>${i.writtenBy ? html` <small class="muted">（${t.fill('instructionWrittenBy', { writer: i.writtenBy })}）</small>` : ''} · <small>${shanghaiTime(new Date(i.at))}</small></p>
<blockquote>${i.text}</blockquote><p class="muted">${t.fill('instructionReplyBy', { date: i.replyBy })}</p>
<h4>${t('instructionReplies')}</h4><ul>${i.replies.map(
      (r) => html`<li data-reply="${r.assignmentId}"><b>${r.unit}</b>：${
        r.text === null
          ? html`<span class="c-yellow">${t('instructionNotReplied')}</span>`
          : html`${r.text}${r.by ? html` · ${r.by}` : ''}${r.repliedAt ? html` · <small>${shanghaiTime(new Date(r.repliedAt))}</small>` : ''}${
              r.attachments.length ? html`<div>${r.attachments.map((x) => attachmentLink(x))}</div>` : ''
            }`
      }</li>`,
    )}</ul>${o.after?.(i) ?? ''}</article>`,
  )}</section>`;
}
