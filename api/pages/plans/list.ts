import { z } from 'zod';
import { shanghaiDate } from '../../../calendar/working-days';
import { UserError } from '../../../lib/errors';
import { calendarNeedingAttention } from '../../../services/calendar/calendar-years';
import { isCoordinator, requireCoordinator, requirePlanListReader } from '../../../services/access/scope';
import { importPlan, PlanAlreadyImportedError, type TPlanAlreadyImported } from '../../../services/plans/import-plan';
import type { TActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { importInputOf, ZImportPlanBodySchema } from '../../routes/plans/import.types';
import { listPlans } from '../../views/plan-list';
import { fieldProblem, problemList, uniqueProblems, validationIssues, ZFlashSchema, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

/**
 * The import form shown again after a refusal: the pasted text and year as typed, what to fix, and — when the document
 * is already a plan — that plan, with the choice to import it once more. A file cannot be put back into a file input,
 * so a refused upload is named for the person to choose again.
 */
type TImportForm = { text: string; year: string; fileName: string | null; problems: TProblem[]; existing: TPlanAlreadyImported | null };

async function renderPlans(p: TPage, a: TActor, o: { form?: TImportForm; flash?: string | null } = {}): Promise<string> {
  const { form } = o;
  const { t } = p;
  // A leader of the leading group reads the office's plans; importing and reviewing a draft are the office's.
  const office = isCoordinator(a);
  const [{ plans }, calendar] = await Promise.all([listPlans(p.deps.db, a), calendarNeedingAttention(p.deps.db, shanghaiDate(Date.now()))]);
  const text = fieldProblem(form, 'text');
  const file = fieldProblem(form, 'file');
  const year = fieldProblem(form, 'year');
  // The list of plans, then the import form; a refused import comes back first, where the person is looking.
  const list = html`<section class="card"><div class="table-wrap"><table><thead><tr><th>${t('title')}</th><th>${t('year')}</th><th>${t('measures')}</th><th>${t('status')}</th><th></th></tr></thead><tbody>
${plans.length ? plans.map((pl) => html`<tr><td><a href="/plans/${pl.id}">${pl.title}</a></td><td>${pl.year}</td><td>${pl.measures}</td><td>${t.value(pl.status)}</td>
<td>${office ? html`<a href="/plans/${pl.id}/review">${t('review')}</a> · ` : ''}<a href="/plans/${pl.id}">${t('dashboard')}</a></td></tr>`) : html`<tr><td colspan="5" class="muted">${t('noPlans')}</td></tr>`}
</tbody></table></div></section>`;
  const importForm = html`<section class="card" id="import"><h2>${t('importPlan')}</h2>
${problemList(t('importProblems'), form, 'import-problems')}${form?.existing ? alreadyImported(t, form.existing) : ''}
<form method="post" action="/plans/import" enctype="multipart/form-data">${csrfField(p)}
<label for="text">${t('pasteText')}</label><textarea id="text" name="text" rows="10"${text.attrs}>${form?.text ?? ''}</textarea>${text.note}
<label for="file">${t('orUpload')}</label><input id="file" name="file" type="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"${file.attrs}>${file.note}
<div class="row"><div><label for="year">${t('year')}</label><input id="year" name="year" type="number" min="2000" max="2100" inputmode="numeric" value="${form?.year ?? ''}"${year.attrs}>${year.note}</div></div>
${form?.existing ? html`<label class="confirm"><input type="checkbox" id="again" name="again" value="1"> ${t('importAgain')}</label>` : ''}
<p><button type="submit">${t('import')}</button></p></form></section>`;
  return layout(p, {
    title: t('plans'),
    flash: o.flash ?? null,
    body: html`<h1>${t('plans')}</h1>
${
  calendar
    ? html`<p class="flash warn" id="calendar-attention" role="status">${String(calendar.year)} ${t(calendar.missing ? 'calendarMissingNotice' : 'calendarProvisionalNotice')}
<a href="/calendar?year=${String(calendar.year)}">${t('calendar')}</a></p>`
    : ''
}
${form ? html`` : list}${office ? importForm : ''}${form ? list : html``}`,
  });
}

/** The plan this document already is, to open instead of importing a second copy. */
function alreadyImported(t: TTranslate, existing: TPlanAlreadyImported): Raw {
  return html`<div class="card warn" role="alert" id="import-duplicate"><p>${t.fill('importAlreadyImported', { date: existing.importedAt, year: existing.year })}
<a href="/plans/${existing.planId}/review">《${existing.title}》</a>（${t.value(existing.status)}）</p><p>${t('importAlreadyImportedHint')}</p></div>`;
}

/** The schema's issues about the import form, as the form's problems in the page's words. */
function importProblems(t: TTranslate, issues: readonly z.core.$ZodIssue[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      switch (issue.path[0]) {
        case 'year':
          return { field: 'year', label: t('year'), message: t('problemYear') };
        case 'file':
          return { field: 'file', label: t('orUpload'), message: t('problemInvalid') };
        case 'text':
          return {
            field: 'text',
            label: t('pasteText'),
            message: issue.code === 'too_big' ? t.fill('problemTooLong', { max: String(issue.maximum) }) : t('problemTextOrFile'),
          };
        default:
          return { field: null, label: null, message: t('problemInvalid') };
      }
    }),
  );
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const plansPage = definePageRoute({
  method: 'GET',
  url: '/plans',
  auth: 'signed-in',
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, query }) {
    const p = pageOf(req, deps);
    return renderPlans(p, requirePlanListReader(actor), { flash: query.done ? p.t(query.done) : null });
  },
});

export const importSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/import',
  auth: 'signed-in',
  multipart: true,
  upload: true,
  body: z.unknown(),
  async handler({ req, reply, deps, actor, body, locale }) {
    const a = requireCoordinator(actor);
    const posted = (body ?? {}) as Record<string, unknown>;
    const uploaded = posted.file as { fileName?: unknown } | undefined;
    const form: TImportForm = { text: str(posted.text), year: str(posted.year), fileName: str(uploaded?.fileName) || null, problems: [], existing: null };
    const p = pageOf(req, deps);
    try {
      // Validated after the role check, so a member learns nothing about the form.
      const input = parsePart(ZImportPlanBodySchema, body, 'body', locale);
      const result = await importPlan(deps.db, importInputOf(input, a));
      return reply.redirect(`/plans/${result.planId}/review`, 303);
    } catch (err) {
      const issues = validationIssues(err);
      if (issues) form.problems = importProblems(p.t, issues);
      else if (err instanceof PlanAlreadyImportedError) form.existing = err.existing;
      else if (err instanceof UserError) {
        form.problems = [{ field: form.fileName ? 'file' : 'text', label: p.t(form.fileName ? 'orUpload' : 'pasteText'), message: err.say ? p.t.say(err.say) : err.message }];
      }
      else throw err;
      if (form.fileName) form.problems.push({ field: 'file', label: p.t('orUpload'), message: p.t.fill('problemChooseFileAgain', { file: form.fileName }) });
      return reply
        .code(form.existing ? 409 : 422)
        .type('text/html; charset=utf-8')
        .send(await renderPlans(p, a, { form }));
    }
  },
});
