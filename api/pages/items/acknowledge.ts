import { html, type Raw } from '../html';
import type { TItem } from '../../views/item';
import { fieldProblem, problemList, type TFormState } from '../forms';
import { csrfField, type TPage } from '../layout';

export const PEOPLE = ['responsible', 'handler'] as const;
export const PARTS = ['name', 'phone', 'email'] as const;

/**
 * 签收 and 拒签 on the item page, for the people of the assigned unit while the assignment is neither acknowledged nor
 * refused: naming the 责任领导 (required) and the 经办人, or refusing with a reason. A form shown again after a refusal
 * keeps what was typed, each problem beside its field.
 */
export function acknowledgeForms(p: TPage, item: TItem, forms: { acknowledge?: TFormState; refuse?: TFormState } | undefined): Raw {
  if (!item.canReport || item.acknowledgement || item.refusal) return html``;
  const { t } = p;
  const ack = forms?.acknowledge;
  const v = ack?.values ?? {};
  const person = (who: (typeof PEOPLE)[number]) =>
    html`<fieldset><legend>${t(who === 'responsible' ? 'ackResponsible' : 'ackHandler')}</legend><div class="row">${PARTS.map((part) => {
      const id = `ack-${who}-${part}`;
      const f = fieldProblem(ack, id);
      const type = part === 'email' ? 'email' : part === 'phone' ? 'tel' : 'text';
      const required = who === 'responsible' && part === 'name' ? html` required` : '';
      return html`<div><label for="${id}">${t(PART_LABEL[part])}</label><input id="${id}" name="${who}_${part}" type="${type}" maxlength="${part === 'name' ? 100 : part === 'phone' ? 40 : 200}"${required} value="${v[`${who}_${part}`] ?? ''}"${f.attrs}>${f.note}</div>`;
    })}</div></fieldset>`;
  const note = fieldProblem(ack, 'ack-note');
  const refuse = forms?.refuse;
  const reason = fieldProblem(refuse, 'refuse-reason');
  return html`<section class="card" id="acknowledge"><h2>${t('acknowledgeTitle')}</h2><p class="muted">${t('acknowledgeHint')}</p>
${problemList(t('formProblems'), ack, 'acknowledge-problems')}<form method="post" action="/items/${item.id}/acknowledge#acknowledge">${csrfField(p)}
${person('responsible')}${person('handler')}
<label for="ack-note">${t('ackNote')}</label><textarea id="ack-note" name="note" rows="2" maxlength="2000"${note.attrs}>${v.note ?? ''}</textarea>${note.note}
<p><button type="submit">${t('acknowledgeSubmit')}</button></p></form></section>
<section class="card" id="refuse"><h2>${t('refuseTitle')}</h2><p class="muted">${t('refuseHint')}</p>
${problemList(t('formProblems'), refuse, 'refuse-problems')}<form method="post" action="/items/${item.id}/refuse#refuse">${csrfField(p)}
<label for="refuse-reason">${t('refuseReason')}</label><textarea id="refuse-reason" name="reason" rows="3" required maxlength="2000"${reason.attrs}>${refuse?.values.reason ?? ''}</textarea>${reason.note}
<p><button type="submit" class="secondary">${t('refuseSubmit')}</button></p></form></section>`;
}

export const PART_LABEL = { name: 'ackPersonName', phone: 'ackPersonPhone', email: 'ackPersonEmail' } as const;
