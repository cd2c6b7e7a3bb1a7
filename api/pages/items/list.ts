import { z } from 'zod';
import { reportLabel } from '../../../domain/schedule';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { listItems } from '../../views/items';
import { loadUnitStanding } from '../../views/unit-standing';
import type { TNextStep } from '../../views/item';
import { html } from '../html';
import type { TTranslate } from '../i18n';
import { layout, pageOf } from '../layout';
import { listOwnResults } from '../../../services/assessment/list-own-results';
import { unitStandingSection } from '../units/standing';
import { listUnitNotices } from '../../../services/notices/list-notices';
import { unitNoticesCard } from '../plans/notices';

/**
 * What the unit does next, in words, with the working days left or overdue; a red item (overdue, as its workflow
 * coloured it) says so even where the days are not known.
 */
export function nextStepText(t: TTranslate, next: TNextStep, colour: string): string {
  const zh = t.locale === 'zh';
  const left = next.workingDaysLeft;
  const report = next.period ? reportLabel(next.period) : '进展报告';
  switch (next.kind) {
    case 'report':
      if (left !== null && left < 0) {
        return zh
          ? `已逾期 ${-left} 个工作日：请尽快提交${report}（期限 ${next.due}）`
          : `Overdue by ${-left} working day${left === -1 ? '' : 's'}: report for ${next.period} (due ${next.due})`;
      }
      if (colour === 'red' || next.overdue) return zh ? `已逾期：请尽快提交${report}（期限 ${next.due}）` : `Overdue: report for ${next.period} (due ${next.due})`;
      if (left === 0) return zh ? `今日到期：请提交${report}（${next.due}）` : `Due today: report for ${next.period} (${next.due})`;
      if (left !== null) {
        return zh
          ? `${next.due} 前提交${report}（还有 ${left} 个工作日）`
          : `Report for ${next.period} by ${next.due} (${left} working day${left === 1 ? '' : 's'} left)`;
      }
      return zh ? `${next.due} 前提交${report}` : `Report for ${next.period} by ${next.due}`;
    case 'report-done':
      return zh ? '各报送期均已报送；任务完成后请报送“已完成”' : 'Every period is reported; report “done” once the work is complete';
    case 'await-others':
      return zh ? '本单位已报送，待牵头单位报送完成' : 'Your part is reported; the lead unit is yet to report completion';
    case 'await-extension':
      return zh ? `延期申请待审批（${t.period(next.period ?? '')}）` : `Extension for ${next.period} awaiting a decision`;
    case 'await-launch':
      return zh ? '方案尚未启动' : 'The plan has not been launched';
    case 'none':
      return zh ? '无需操作' : 'Nothing to do';
  }
}

export const itemsPage = definePageRoute({
  method: 'GET',
  url: '/items',
  auth: 'signed-in',
  query: z.object({}),
  async handler({ req, deps, actor }) {
    const a = requireActor(actor);
    const p = pageOf(req, deps);
    const { t } = p;
    const [{ items }, standing, results, notices] = await Promise.all([
      listItems(deps.db, a, { mine: '1', limit: 500, offset: 0 }),
      loadUnitStanding(deps.db, a),
      listOwnResults(deps.db, a),
      a.unitId ? listUnitNotices(deps.db, a.unitId) : [],
    ]);
    return layout(p, {
      title: t('myItems'),
      body: html`<h1>${t('myItems')}</h1>
${
  items.length
    ? html`<div class="table-wrap"><table id="items" class="stack"><thead><tr><th>${t('measure')}</th><th>${t('role')}</th><th>${t('due')}</th><th>${t('colour')}</th><th>${t('nextStep')}</th></tr></thead><tbody>
${items.map(
  (i) => html`<tr data-item="${i.id}"><td><a href="/items/${i.id}">${i.measure.ref} ${i.measure.title}</a><br><small class="muted">${i.plan.title}</small></td>
<td data-label="${t('role')}">${t.value(i.role)}</td><td data-label="${t('due')}">${i.measure.due}</td><td data-label="${t('colour')}"><span class="badge c-${i.colour}">${t.value(i.colour)}</span></td><td data-label="${t('nextStep')}">${nextStepText(t, i.next, i.colour)}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="card muted">${t('noItems')}</p>`
}
${unitStandingSection(p, standing)}${unitNoticesCard(p, notices)}${
  results.length
    ? html`<section class="card" id="own-results"><h2>${t('resultsList')}</h2><ul>${results.map(
        (r) => html`<li><a href="/plans/${r.planId}/results/${String(r.year)}">${r.planTitle} · ${t.fill('resultsLink', { year: r.year })}</a></li>`,
      )}</ul></section>`
    : ''
}`,
    });
  },
});
