import { shanghaiTime } from '../../../calendar/working-days';
import type { TUnitStanding } from '../../views/unit-standing';
import { html, type Raw } from '../html';
import type { TPage } from '../layout';

/**
 * 本单位考核情况 on the unit's own page: its score in each plan with the breakdown point by point, as the assessment
 * report explains it, and its returned reports with the office's reasons and rework dates.
 */
export function unitStandingSection(p: TPage, standing: TUnitStanding | null): Raw {
  if (!standing) return html``;
  const { t } = p;
  const points = (n: number) => String(Math.round(n * 100) / 100);
  return html`<section class="card" id="standing"><h2>${t('unitStanding')}</h2>${
    standing.scores.length
      ? standing.scores.map(
          (s) => html`<h3>${s.planTitle}</h3><p data-score="${s.planId}"><b>${t('points')}：${points(s.points)}</b> / ${points(s.maxPoints)} · ${t('grade')}：${s.grade} <small class="muted">（${t.fill('standingComputedAt', { at: shanghaiTime(new Date(s.computedAt)) })}）</small></p>
<div class="table-wrap"><table class="stack breakdown"><caption>${t('standingBreakdown')}</caption><thead><tr><th scope="col">${t('standingLine')}</th><th scope="col">${t('points')}</th></tr></thead><tbody>${s.breakdown.map(
            (l) => html`<tr><td>${l.explanation}</td><td data-label="${t('points')}">${points(l.points)}${l.max ? ` / ${points(l.max)}` : ''}</td></tr>`,
          )}</tbody></table></div>`,
        )
      : html`<p class="muted">${t('standingNotScored')}</p>`
  }
<h3>${t('standingReturned')}</h3>${
    standing.returned.length
      ? html`<ul id="returned-reports">${standing.returned.map(
          (r) => html`<li><a href="/items/${r.assignmentId}">${r.measure}</a> · ${t.period(r.period)}<div class="c-red">${t.fill('reviewReturned', { reason: r.reason, due: r.reworkDue ?? '—' })}</div></li>`,
        )}</ul>`
      : html`<p class="muted">${t('standingNoneReturned')}</p>`
  }</section>`;
}
