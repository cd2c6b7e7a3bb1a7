import { shanghaiTime } from '../../../calendar/working-days';
import { findPlanFor } from '../../../services/access/scope';
import { definePageRoute } from '../../route';
import { ZPlanAuditQuerySchema } from '../../routes/plans/audit.types';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { planAudit } from '../../views/plan-audit';
import { html } from '../html';
import { layout, pageOf } from '../layout';

/** 操作记录: who changed what in the plan and its measures, and why — what an inspection asks for first. */
export const planAuditPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/audit',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZPlanAuditQuerySchema,
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const p = pageOf(req, deps);
    const audit = await planAudit(deps.db, plan, query, p.t.locale);
    const { t } = p;
    const base = `/plans/${plan.id}/audit${query.measureId ? `?measureId=${encodeURIComponent(query.measureId)}&` : '?'}`;
    const measure = query.measureId ? audit.entries.find((e) => e.measure)?.measure : null;
    return layout(p, {
      title: `${t('auditTrail')} · ${plan.title}`,
      wide: true,
      body: html`<p class="muted"><a href="/plans/${plan.id}">${plan.title}</a>${
        query.measureId ? html` · <a href="/plans/${plan.id}/audit">${t('auditAll')}</a>` : ''
      } · <a href="/api/plans/${plan.id}/audit?format=csv${query.measureId ? `&measureId=${encodeURIComponent(query.measureId)}` : ''}" id="audit-csv">${t('exportCsv')}</a></p><h1>${t('auditTrail')}${measure ? html` · ${measure.ref} ${measure.title}` : ''}</h1>
<div class="table-wrap"><table id="audit"><thead><tr><th>${t('auditAt')}</th><th>${t('auditActor')}</th><th>${t('auditAction')}</th><th>${t('measure')}</th><th>${t('auditDetails')}</th></tr></thead><tbody>${
        audit.entries.length
          ? audit.entries.map(
              (e) => html`<tr data-action="${e.action}"><td>${shanghaiTime(new Date(e.at), 'minute')}</td><td>${e.actor}</td><td>${e.label}</td>
<td>${e.measure ? html`<a href="/plans/${plan.id}/measures/${e.measure.id}">${e.measure.ref}</a> <a href="/plans/${plan.id}/audit?measureId=${e.measure.id}" class="muted" title="${t('auditOfMeasure')}">⌕</a>` : '—'}</td>
<td>${e.details.join('；')}${e.reason ? html`${e.details.length ? '；' : ''}${t('reason')}：${e.reason}` : ''}</td></tr>`,
            )
          : html`<tr><td colspan="5" class="muted">${t('auditEmpty')}</td></tr>`
      }</tbody></table></div>
${audit.next ? html`<p><a href="${base}before=${audit.next}" id="audit-older">${t('auditOlder')}</a></p>` : ''}`,
    });
  },
});
