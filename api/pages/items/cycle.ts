import { randomUUID } from 'node:crypto';
import type { TShownInstruction } from '../../views/instructions';
import type { TShownSubtask } from '../../views/subtasks';
import type { TItem } from '../../views/item';
import { fieldProblem, problemList, type TFormState } from '../forms';
import { html, type Raw } from '../html';
import { csrfField, type TPage } from '../layout';

/**
 * The unit's forms of the office cycle on its item page (their posts: ./cycle-forms): 落实情况 under each 批示 still
 * awaiting its reply, and for the lead unit 分解 — adding a sub-task and marking an open one done. A form shown again
 * after a refusal keeps what was typed, each problem beside its field.
 */
export type TCycleForms = { reply?: TFormState; subtask?: TFormState; subtaskDone?: TFormState; returnPart?: TFormState };

/**
 * 退回 beside a cooperating unit's part, for the lead unit's people (cycle.reportTo = lead): a reason and working days
 * to send it again; a refused form comes back with what was typed.
 */
export function returnPartForm(p: TPage, item: TItem, part: TItem['cooperatingParts'][number], latest: boolean, state: TFormState | undefined): Raw {
  if (!item.canReport || !latest || part.review === 'returned') return html``;
  const { t } = p;
  const mine = state?.values.reportId === part.id ? state : undefined;
  const [reasonId, daysId] = [`return-reason-${part.id}`, `return-days-${part.id}`];
  const [reason, days] = [fieldProblem(mine, reasonId), fieldProblem(mine, daysId)];
  return html`${problemList(t('formProblems'), mine, `return-problems-${part.id}`)}<form method="post" action="/items/${item.id}/parts/${part.id}/return#parts" class="row">${csrfField(p)}<input type="hidden" name="reportId" value="${part.id}"><input type="hidden" name="requestId" value="${mine?.idempotencyKey ?? randomUUID()}">
<div><label for="${reasonId}">${t('reviewReason')}</label><input id="${reasonId}" name="reason" maxlength="2000" value="${mine?.values.reason ?? ''}"${reason.attrs}>${reason.note}</div>
<div><label for="${daysId}">${t('reviewReworkDays')}</label><input id="${daysId}" name="reworkDays" type="number" min="1" max="60" inputmode="numeric" value="${mine?.values.reworkDays ?? ''}"${days.attrs}>${days.note}</div>
<button type="submit" class="secondary">${t('partReturnSubmit')}</button></form>`;
}

/** Under a 批示 this unit has not answered: its 落实情况 form; nothing once answered or for readers outside the unit. */
export function replyForm(p: TPage, item: TItem, i: TShownInstruction, state: TFormState | undefined): Raw {
  if (!item.canReport || i.replies.every((r) => r.text !== null)) return html``;
  const { t } = p;
  const mine = state?.values.instructionId === i.id ? state : undefined;
  const id = `reply-text-${i.id}`;
  const text = fieldProblem(mine, id);
  const linksId = `reply-links-${i.id}`;
  const links = fieldProblem(mine, linksId);
  return html`<div id="reply-${i.id}">${problemList(t('formProblems'), mine, `reply-problems-${i.id}`)}<form method="post" action="/items/${item.id}/instructions/${i.id}/reply#reply-${i.id}">${csrfField(p)}<input type="hidden" name="instructionId" value="${i.id}">
<label for="${id}">${t('replyText')}</label><textarea id="${id}" name="text" rows="3" required maxlength="4000"${text.attrs}>${mine?.values.text ?? ''}</textarea>${text.note}
<label for="${linksId}">${t('links')}</label><textarea id="${linksId}" name="links" rows="2" placeholder="落实情况报告 | https://example.gov.cn/report.pdf"${links.attrs}>${mine?.values.links ?? ''}</textarea>${links.note}
${replyFiles(p, item, i, mine)}<p><button type="submit">${t('replySubmit')}</button></p></form></div>`;
}

/**
 * The files the unit uploaded and has not sent yet (its evidence card's), to go with the reply: none ticked unless a
 * refused form had them ticked, since they wait for the next report unless the unit chooses otherwise.
 */
function replyFiles(p: TPage, item: TItem, i: TShownInstruction, mine: TFormState | undefined): Raw | string {
  if (!item.waitingFiles.length) return '';
  const ticked = (mine?.values.fileIds ?? '').split(' ');
  return html`<fieldset><legend>${p.t('replyFiles')}</legend>${item.waitingFiles.map((f) => {
    const id = `reply-file-${i.id}-${f.id}`;
    return html`<div><input type="checkbox" id="${id}" name="fileIds" value="${f.id}"${ticked.includes(f.id) ? ' checked' : ''}> <label for="${id}">${f.name}</label></div>`;
  })}</fieldset>`;
}

export const SUBTASK_FIELDS = ['title', 'name', 'email', 'phone', 'due'] as const;
export const SUBTASK_LABEL = { title: 'subtaskTitle', name: 'subtaskPerson', email: 'ackPersonEmail', phone: 'ackPersonPhone', due: 'subtaskDueLabel' } as const;

/** 分解 is the lead unit's: a new sub-task, due no later than the assignment. */
export function subtaskAddForm(p: TPage, item: TItem, state: TFormState | undefined): Raw {
  if (!item.canReport || item.role !== 'lead') return html``;
  const { t } = p;
  const v = state?.values ?? {};
  const input = (f: (typeof SUBTASK_FIELDS)[number]) => {
    const id = `subtask-${f}`;
    const x = fieldProblem(state, id);
    const type = f === 'email' ? 'email' : f === 'phone' ? 'tel' : f === 'due' ? 'date' : 'text';
    const max = f === 'title' ? 200 : f === 'name' ? 100 : f === 'phone' ? 40 : 200;
    const required = f === 'title' || f === 'name' || f === 'due' ? html` required` : '';
    // The due date's bound is the workflow's rule (refused beside the field), not repeated here.
    const limit = f === 'due' ? '' : html` maxlength="${max}"`;
    return html`<div><label for="${id}">${t(SUBTASK_LABEL[f])}</label><input id="${id}" name="${f}" type="${type}"${limit}${required} value="${v[f] ?? ''}"${x.attrs}>${x.note}</div>`;
  };
  return html`<h3>${t('subtaskAdd')}</h3>${problemList(t('formProblems'), state, 'subtask-problems')}<form method="post" action="/items/${item.id}/subtasks#subtasks">${csrfField(p)}<input type="hidden" name="idempotencyKey" value="${state?.idempotencyKey ?? randomUUID()}">
${input('title')}<div class="row">${input('name')}${input('phone')}${input('email')}</div><div class="row">${input('due')}</div>
<p><button type="submit">${t('subtaskAddSubmit')}</button></p></form>`;
}

/** 完成 beside an open sub-task, for the unit's people; a refusal (done meanwhile by someone else) is said beside it. */
export function subtaskDoneForm(p: TPage, item: TItem, s: TShownSubtask, state: TFormState | undefined): Raw {
  if (!item.canReport || s.doneAt !== null) return html``;
  const { t } = p;
  const mine = state?.values.subtaskId === s.id ? state : undefined;
  const id = `subtask-note-${s.id}`;
  const note = fieldProblem(mine, id);
  return html`${problemList(t('formProblems'), mine, `subtask-done-problems-${s.id}`)}<form method="post" action="/items/${item.id}/subtasks/${s.id}/done#subtasks" class="row">${csrfField(p)}<input type="hidden" name="subtaskId" value="${s.id}">
<label for="${id}">${t('subtaskNote')}</label><input id="${id}" name="note" maxlength="2000" value="${mine?.values.note ?? ''}"${note.attrs}>${note.note}<button type="submit" class="secondary">${t('subtaskDoneSubmit')}</button></form>`;
}
