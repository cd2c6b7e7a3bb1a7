import { shanghaiDate } from '../../../calendar/working-days';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { loadLeaderOverview } from '../../views/leader';
import type { TItem } from '../../views/item';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { instructionsCard } from '../items/instructions';
import { supervisionSheet } from '../items/show';
import { instructionsOfLeader } from '../../views/instructions';
import { layout, pageOf } from '../layout';
import { chartsCard } from '../plans/charts';
import { buildReport } from '../../../services/reports/build-report';
import { nextStepText } from '../items/list';

/**
 * The item's latest 督办单 in full — the step it has reached — and the steps before it on one line: every sheet in
 * full repeated the same facts three times over for an item escalated to the coordinator.
 */
function latestSheet(t: TTranslate, escalations: TItem['escalations']): Raw {
  const [latest, ...earlier] = escalations;
  if (!latest) return html``;
  return html`${supervisionSheet(t, latest)}${
    earlier.length
      ? html`<p class="muted">${t('earlierSteps')}：${[...earlier].reverse().map((e, n) => html`${n ? '；' : ''}${t.value(e.level)} ${shanghaiDate(new Date(e.sentAt))}`)}</p>`
      : ''
  }`;
}

export const leaderPage = definePageRoute({
  method: 'GET',
  url: '/leader',
  auth: 'signed-in',
  async handler({ req, deps, actor }) {
    const overview = await loadLeaderOverview(deps.db, requireActor(actor));
    const p = pageOf(req, deps);
    const { t } = p;
    // Units with nothing assigned in any plan are named once under the table, not given a row of dashes each.
    const idle = overview.units.filter((u) => u.assignments === 0);
    // Each plan the leader's units are scored in, with its rankings and colours over time, newest plan first.
    const planIds = [...new Set(overview.units.flatMap((u) => u.scores.map((s) => s.planId)))];
    const [reports, given] = await Promise.all([Promise.all(planIds.map((id) => buildReport(deps.db, id))), instructionsOfLeader(deps.db, requireActor(actor).id)]);
    return layout(p, {
      title: t('leaderView'),
      body: html`<h1>${t('leaderView')}</h1>
${instructionsCard(t, given, { id: 'instructions-given', title: t('instructionsGiven'), empty: t('noInstructionsGiven'), withMeasure: true })}
<section class="card"><h2>${t('scores')}</h2><div class="table-wrap"><table id="unit-scores"><thead><tr><th>${t('unit')}</th><th>${t('points')}</th><th>${t('grade')}</th><th>${t('measures')}</th><th>${t.value('overdue')}</th><th>${t.value('escalated')}</th></tr></thead><tbody>
${overview.units.filter((u) => u.assignments > 0).map(
  (u) => html`<tr><td>${u.name}</td><td>${u.scores.map((s) => html`<div>${s.points.toFixed(1)} / ${s.maxPoints} <small class="muted">${s.planTitle}</small></div>`)}${u.scores.length ? '' : '—'}</td>
<td>${u.scores.map((s) => html`<div>${s.grade}</div>`)}</td><td>${u.assignments}</td><td>${u.overdue}</td><td>${u.escalated}</td></tr>`,
)}</tbody></table></div>${idle.length ? html`<p class="muted" id="idle-units">${t.fill('unitsWithoutItems', { n: idle.length, names: idle.map((u) => u.name).join('、') })}</p>` : ''}</section>
<section class="card"><h2>${t('overdueItems')}</h2>${
        overview.items.length
          ? overview.items.map(
              (i) => html`<article class="flagged" data-item="${i.id}"><h3><a href="/items/${i.id}">${i.measure.ref} ${i.measure.title}</a></h3>
<p>${i.unit.name} · ${t.value(i.role)} · <span class="badge c-${i.colour}">${t.value(i.colour)}</span> · ${nextStepText(t, i.next, i.colour)}</p>
${latestSheet(t, i.escalations)}</article>`,
            )
          : html`<p class="muted">${t('noOverdue')}</p>`
      }</section>
${reports.map((r) => chartsCard(t, r, `charts-${r.plan.id}`, ['ranking', 'on-time', 'colours'], `${t('charts')} · ${r.plan.title}`))}`,
    });
  },
});
