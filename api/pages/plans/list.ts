import { z } from 'zod';
import { shanghaiDate } from '../../../calendar/working-days';
import { calendarNeedingAttention } from '../../../services/calendar/calendar-years';
import { importPlan } from '../../../services/plans/import-plan';
import { requireCoordinator } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZImportPlanBodySchema } from '../../routes/plans/import.types';
import { listPlans } from '../../views/plan-list';
import { html } from '../html';
import { csrfField, layout, pageOf } from '../layout';

export const plansPage = definePageRoute({
  method: 'GET',
  url: '/plans',
  auth: 'signed-in',
  async handler({ req, deps, actor }) {
    const a = requireCoordinator(actor);
    const p = pageOf(req, deps);
    const { t } = p;
    const [{ plans }, calendar] = await Promise.all([listPlans(deps.db, a), calendarNeedingAttention(deps.db, shanghaiDate(Date.now()))]);
    return layout(p, {
      title: t('plans'),
      body: html`<h1>${t('plans')}</h1>
${
  calendar
    ? html`<p class="flash warn" id="calendar-attention" role="status">${String(calendar.year)} ${t(calendar.missing ? 'calendarMissingNotice' : 'calendarProvisionalNotice')}
<a href="/calendar?year=${String(calendar.year)}">${t('calendar')}</a></p>`
    : ''
}
<section class="card"><div class="table-wrap"><table><thead><tr><th>${t('title')}</th><th>${t('year')}</th><th>${t('measures')}</th><th>${t('status')}</th><th></th></tr></thead><tbody>
${plans.length ? plans.map((pl) => html`<tr><td><a href="/plans/${pl.id}">${pl.title}</a></td><td>${pl.year}</td><td>${pl.measures}</td><td>${t.value(pl.status)}</td>
<td><a href="/plans/${pl.id}/review">${t('review')}</a> · <a href="/plans/${pl.id}">${t('dashboard')}</a></td></tr>`) : html`<tr><td colspan="5" class="muted">${t('noPlans')}</td></tr>`}
</tbody></table></div></section>
<section class="card"><h2>${t('importPlan')}</h2>
<form method="post" action="/plans/import" enctype="multipart/form-data">${csrfField(p)}
<label for="text">${t('pasteText')}</label><textarea id="text" name="text" rows="10"></textarea>
<label for="file">${t('orUpload')}</label><input id="file" name="file" type="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document">
<div class="row"><div><label for="year">${t('year')}</label><input id="year" name="year" type="number" min="2000" max="2100" inputmode="numeric"></div></div>
<p><button type="submit">${t('import')}</button></p></form></section>`,
    });
  },
});

export const importSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/import',
  auth: 'signed-in',
  multipart: true,
  body: z.unknown(),
  async handler({ reply, deps, actor, body }) {
    const a = requireCoordinator(actor);
    // Validated after the role check, so a member learns nothing about the form.
    const input = parsePart(ZImportPlanBodySchema, body, 'body');
    const result = await importPlan(deps.db, {
      source: input.file ? { buffer: Buffer.from(input.file.contentBase64, 'base64') } : { text: input.text! },
      fileName: input.file?.fileName,
      year: input.year,
      actorId: a.id,
      actorLabel: 'web',
    });
    return reply.redirect(`/plans/${result.planId}/review`, 303);
  },
});
