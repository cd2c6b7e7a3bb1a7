import { shanghaiTime } from '../../../calendar/working-days';
import type { TShownSubtask } from '../../views/subtasks';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';

/** How many of the unit's sub-tasks are done: on its report form and on each report that carried it. */
export function subtaskProgressLine(t: TTranslate, progress: { done: number; total: number } | null): Raw {
  return progress ? html`<p class="muted" data-subtasks="${progress.done}/${progress.total}">${t.fill('subtaskProgress', { done: progress.done, total: progress.total })}</p>` : html``;
}

/**
 * 分解: the unit's sub-tasks on its item page, each with its person, due date and whether it is done; `done` adds the
 * unit's 完成 form beside each, `add` the lead unit's form for a new one (./cycle).
 */
export function subtasksCard(t: TTranslate, list: TShownSubtask[], o: { done?: (s: TShownSubtask) => Raw; add?: Raw } = {}): Raw {
  if (!list.length && !o.add?.html) return html``;
  const done = list.filter((s) => s.doneAt !== null).length;
  return html`<section class="card" id="subtasks"><h2>${t('subtasks')}</h2>${subtaskProgressLine(t, list.length ? { done, total: list.length } : null)}${list.length ? html`<ul>${list.map(
    (s) => html`<li data-subtask="${s.id}"><b>${s.title}</b> · ${[s.assignee.name, s.assignee.phone, s.assignee.email].filter(Boolean).join(' · ')} · ${t.fill('subtaskDue', { date: s.due })}${
      s.doneAt ? html` · <span data-done>${t('subtaskDone')}（${shanghaiTime(new Date(s.doneAt))}${s.doneBy ? ` · ${s.doneBy}` : ''}）</span>${s.note ? html` · ${s.note}` : ''}` : html` · <span class="c-yellow">${t('subtaskOpen')}</span>`
    }${o.done?.(s) ?? ''}</li>`,
  )}</ul>` : ''}${o.add ?? ''}</section>`;
}
