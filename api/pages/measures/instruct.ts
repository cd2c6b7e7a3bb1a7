import { randomUUID } from 'node:crypto';
import { DEFAULT_REPLY_DAYS } from '../../../domain/instructions';
import type { TInstructionWriters } from '../../../services/instructions/instruction-writers';
import type { TShownInstruction } from '../../views/instructions';
import { fieldProblem, problemList, type TFormState } from '../forms';
import { html } from '../html';
import { instructionsCard } from '../items/instructions';
import { csrfField, layout, type TPage } from '../layout';
import type { ZFlashSchema } from '../forms';
import type { z } from 'zod';

type TFlash = NonNullable<z.infer<typeof ZFlashSchema>>;

/**
 * 领导批示 on a measure (its post: ./instruct-forms): the text, a reply deadline, the units it goes to and, for a
 * coordinator writing on a leader's behalf, which leader; the measure's 批示 below, each with the units' replies.
 * Shown again after a refusal with what was typed, each problem beside its field.
 */
export function renderInstruct(p: TPage, w: TInstructionWriters, given: TShownInstruction[], o: { done?: TFlash; state?: TFormState }): string {
  const { t } = p;
  const { state } = o;
  const v = state?.values ?? {};
  const [text, replyBy, units, leader] = ['instruct-text', 'instruct-replyBy', 'instruct-units', 'instruct-leader'].map((id) => fieldProblem(state, id)) as [F, F, F, F];
  // Every unit is ticked until a refused form says which were.
  const ticked = (id: string) => (state ? (v.unitIds ?? '').split(' ').includes(id) : true);
  const writesForOthers = !(w.leaders.length === 1 && w.leaders[0]!.id === p.actor?.id);
  return layout(p, {
    title: `${t('instructWrite')} · ${w.measure.ref} ${w.measure.title}`,
    flash: o.done ? t(o.done) : null,
    body: html`<h1>${t('instructWrite')} · ${w.measure.ref} ${w.measure.title}</h1>
<section class="card" id="instruct">${problemList(t('formProblems'), state, 'instruct-problems')}<form method="post" action="/measures/${w.measure.id}/instruct#instruct">${csrfField(p)}<input type="hidden" name="requestId" value="${state?.idempotencyKey ?? randomUUID()}">
${
  writesForOthers
    ? html`<label for="instruct-leader">${t('instructLeader')}</label><select id="instruct-leader" name="onBehalfOf" required${leader.attrs}><option value="">${t('instructChooseLeader')}</option>${w.leaders.map(
        (l) => html`<option value="${l.id}"${v.onBehalfOf === l.id ? ' selected' : ''}>${l.name}</option>`,
      )}</select>${leader.note}`
    : ''
}
<label for="instruct-text">${t('instructText')}</label><textarea id="instruct-text" name="text" rows="4" required maxlength="4000"${text.attrs}>${v.text ?? ''}</textarea>${text.note}
<div class="row"><div><label for="instruct-replyBy">${t.fill('instructReplyBy', { days: DEFAULT_REPLY_DAYS })}</label><input id="instruct-replyBy" name="replyBy" type="date" value="${v.replyBy ?? ''}"${replyBy.attrs}>${replyBy.note}</div></div>
<fieldset id="instruct-units"${units.attrs}><legend>${t('instructUnits')}</legend>${w.units.map(
      (u) => html`<div><input type="checkbox" id="instruct-unit-${u.id}" name="unitIds" value="${u.id}"${ticked(u.id) ? ' checked' : ''}> <label for="instruct-unit-${u.id}">${u.name}</label></div>`,
    )}</fieldset>${units.note}
<p><button type="submit">${t('instructSubmit')}</button></p></form></section>
${instructionsCard(t, given, { id: 'instructions', title: t('instructions'), empty: t('noInstructionsGiven') })}`,
  });
}

type F = ReturnType<typeof fieldProblem>;
