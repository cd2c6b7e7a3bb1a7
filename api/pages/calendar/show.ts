import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDayLines, parseDayLines } from '../../../calendar/day-lines';
import { addDays, calendarFromDays, festivalOf, isWorkingDay, shanghaiDate, shanghaiTime, type TCalendarDay } from '../../../calendar/working-days';
import { AppError, UserError } from '../../../lib/errors';
import { issue, say } from '../../../lib/messages';
import { isCoordinator, requireAdmin } from '../../../services/access/scope';
import { readCalendarYear, ZCalendarYearNumberSchema, type TCalendarYearView } from '../../../services/calendar/calendar-years';
import { changeCalendarYear } from '../../../services/calendar/change-calendar-year';
import { requireActor, type TActor } from '../../auth/actor';
import { definePageRoute, type TDeps } from '../../route';
import { calendarActorOf, calendarInputOf, type TSetCalendarBody } from '../../routes/calendar/set.types';
import { actorOf } from '../../views/plan-audit';
import { ZFlashSchema } from '../forms';
import { html, type Raw } from '../html';
import { csrfField, layout, pageOf, type TPage } from '../layout';


/** A festival as the notice states it: its days off as runs of dates, and the weekend days worked in exchange. */
type TFestival = { name: string; runs: { first: string; last: string; days: number }[]; workdays: string[] };

function festivalsOf(days: readonly TCalendarDay[]): TFestival[] {
  const byName = new Map<string, TFestival>();
  const festival = (name: string) => byName.get(name) ?? byName.set(name, { name, runs: [], workdays: [] }).get(name)!;
  for (const d of days) {
    const f = festival(festivalOf(d));
    if (d.kind === 'workday') {
      f.workdays.push(d.date);
      continue;
    }
    const last = f.runs.at(-1);
    if (last && addDays(last.last, 1) === d.date) {
      last.last = d.date;
      last.days += 1;
    } else f.runs.push({ first: d.date, last: d.date, days: 1 });
  }
  // In the notice's order: by the first day off (a make-up day may come weeks before it).
  const firstDate = (f: TFestival) => f.runs[0]?.first ?? f.workdays[0] ?? '';
  return [...byName.values()].sort((a, b) => firstDate(a).localeCompare(firstDate(b)));
}

const thisYear = () => Number(shanghaiDate(Date.now()).slice(0, 4));

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** Working days per month: what a coordinator checks against the notice before relying on the year. */
function workingDaysByMonth(year: number, days: readonly TCalendarDay[]): number[] {
  const cal = calendarFromDays(days);
  const counts = Array.from({ length: 12 }, () => 0);
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    if (isWorkingDay(d, cal)) counts[Number(d.slice(5, 7)) - 1]! += 1;
  }
  return counts;
}

function statusLine(p: TPage, v: TCalendarYearView): Raw {
  const { t } = p;
  const basis = v.source ?? t('calendarNoSchedule');
  const who = v.set && v.updatedAt ? html` · ${t('calendarSetBy')} ${v.updatedBy ?? ''}，${shanghaiTime(new Date(v.updatedAt), 'minute')}` : v.source ? html` · ${t('calendarShipped')}` : '';
  return html`<p id="calendar-basis">${t('calendarBasis')}：${basis}${who}</p>${
    v.provisional ? html`<p class="flash warn" id="calendar-provisional" role="status">${t('calendarProvisional')}</p>` : ''
  }`;
}

function festivalTable(p: TPage, v: TCalendarYearView): Raw {
  const { t } = p;
  const festivals = festivalsOf(v.days);
  const runText = (r: TFestival['runs'][number]) => (r.days === 1 ? monthDay(r.first) : `${monthDay(r.first)}至${monthDay(r.last)}`);
  return html`<div class="table-wrap"><table id="festivals"><thead><tr><th>${t('festival')}</th><th>${t('daysOff')}</th><th>${t('dayCount')}</th><th>${t('makeUpDays')}</th></tr></thead><tbody>${
    festivals.length
      ? festivals.map(
          (f) => html`<tr><td>${f.name}</td><td>${f.runs.map(runText).join('；') || '—'}</td><td>${String(f.runs.reduce((n, r) => n + r.days, 0))}</td>
<td>${f.workdays.map(monthDay).join('、') || '—'}</td></tr>`,
        )
      : html`<tr><td colspan="4" class="muted">${t('calendarEmpty')}</td></tr>`
  }</tbody></table></div>`;
}

function monthTable(p: TPage, v: TCalendarYearView): Raw {
  const counts = workingDaysByMonth(v.year, v.days);
  return html`<div class="table-wrap"><table id="working-days"><thead><tr><th>${p.t('month')}</th>${counts.map((_, i) => html`<th>${String(i + 1)}</th>`)}<th>${p.t('total')}</th></tr></thead>
<tbody><tr><th>${p.t('workingDays')}</th>${counts.map((n) => html`<td>${String(n)}</td>`)}<td><strong>${String(counts.reduce((a, b) => a + b, 0))}</strong></td></tr></tbody></table></div>`;
}

type TFormState = { notice?: string; lines?: string; problems?: string[]; form?: 'notice' | 'lines' };

function editForms(p: TPage, v: TCalendarYearView, s: TFormState): Raw {
  const { t } = p;
  const problems = (form: 'notice' | 'lines') =>
    s.form === form && s.problems?.length
      ? html`<div class="card error" role="alert" id="calendar-problems"><p>${t('calendarNotSaved')}</p><ul>${s.problems.map((m) => html`<li>${m}</li>`)}</ul></div>`
      : '';
  return html`<section class="card" id="from-notice"><h2>${t('calendarFromNotice')}</h2><p class="muted">${t('calendarFromNoticeHelp')}</p>
${problems('notice')}<form method="post" action="/calendar/${String(v.year)}/notice">${csrfField(p)}
<label for="notice">${t('noticeText')}</label><textarea id="notice" name="notice" rows="10" required>${s.notice ?? ''}</textarea>
<p><button type="submit">${t('save')}</button></p></form></section>
<section class="card" id="day-lines"><h2>${t('calendarByDay')}</h2><p class="muted">${t('calendarByDayHelp')}</p>
${problems('lines')}<form method="post" action="/calendar/${String(v.year)}/days">${csrfField(p)}
<label for="lines">${t('calendarDays')}</label><textarea id="lines" name="lines" rows="12">${s.lines ?? formatDayLines(v.days)}</textarea>
<label><input type="checkbox" name="provisional" value="1"${v.provisional ? ' checked' : ''}> ${t('calendarMarkProvisional')}</label>
<p><button type="submit">${t('save')}</button></p></form></section>`;
}

/** Who set the year when, and which dates it added or removed: the calendar's own audit trail. */
async function changeHistory(p: TPage, year: number): Promise<Raw> {
  const events = await p.deps.db.auditEvent.findMany({
    where: { action: 'calendar.year_set', subjectType: 'calendar', subjectId: String(year) },
    orderBy: { id: 'desc' },
    take: 20,
    select: { at: true, actorLabel: true, data: true, actor: { select: { name: true } } },
  });
  if (!events.length) return html``;
  const { t } = p;
  // Stored as `date kind` (services/calendar/calendar-years dayChanges); shown in the page's words.
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x).replace(/ holiday$/, ' 放假').replace(/ workday$/, ' 上班')) : []);
  return html`<section class="card" id="calendar-history"><h2>${t('calendarHistory')}</h2><ul>${events.map((e) => {
    const d = (e.data ?? {}) as { source?: unknown; added?: unknown; removed?: unknown; otherYears?: unknown };
    const added = list(d.added);
    const removed = list(d.removed);
    const others = list(d.otherYears);
    return html`<li>${shanghaiTime(e.at, 'minute')} ${actorOf(e.actor, e.actorLabel, t)}：${String(d.source ?? '')}${
      added.length ? html`；${t('calendarAdded')} ${added.join('、')}` : ''
    }${removed.length ? html`；${t('calendarRemoved')} ${removed.join('、')}` : ''}${others.length ? html`；${t('calendarOtherYears')} ${others.join('、')}` : ''}</li>`;
  })}</ul></section>`;
}

async function renderCalendar(p: TPage, actor: TActor, year: number, o: { flash?: string | null; form?: TFormState }): Promise<string> {
  const { t } = p;
  const v = await readCalendarYear(p.deps.db, year);
  const now = thisYear();
  const tabs = [...new Set([year - 1, now, now + 1, year + 1])].sort();
  return layout(p, {
    title: `${t('calendar')} ${String(year)}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${t('calendar')} · ${String(year)}</h1>
<nav class="tabs" aria-label="${t('year')}">${tabs.map((y) => (y === year ? html`<strong aria-current="page">${String(y)}</strong>` : html`<a href="/calendar?year=${String(y)}">${String(y)}</a>`))}</nav>
${statusLine(p, v)}<p class="muted">${t('calendarHelp')}</p>
${festivalTable(p, v)}${monthTable(p, v)}
${actor.role === 'admin' ? editForms(p, v, o.form ?? {}) : html`<p class="muted" id="calendar-admin-only">${t('calendarAdminOnly')}</p>`}
${isCoordinator(actor) ? await changeHistory(p, year) : ''}`,
  });
}

export const calendarPage = definePageRoute({
  method: 'GET',
  url: '/calendar',
  auth: 'signed-in',
  query: z.object({ year: ZCalendarYearNumberSchema.optional().catch(undefined), done: ZFlashSchema }),
  async handler({ req, deps, actor, query }) {
    const a = requireActor(actor);
    const p = pageOf(req, deps);
    return renderCalendar(p, a, query.year ?? thisYear(), { flash: query.done ? p.t(query.done) : null });
  },
});

const ZYearParamsSchema = z.object({ year: ZCalendarYearNumberSchema });

/**
 * Saves, or shows the page again with what was typed and every problem listed: an administrator who pasted a long notice
 * fixes one line instead of starting over.
 */
async function saveOrShowAgain(
  c: { req: FastifyRequest; reply: FastifyReply; deps: TDeps; actor: TActor | null },
  year: number,
  kept: TFormState & { form: 'notice' | 'lines' },
  body: () => TSetCalendarBody,
) {
  const a = requireAdmin(c.actor);
  const p = pageOf(c.req, c.deps);
  try {
    await changeCalendarYear(c.deps, calendarInputOf(year, body()), calendarActorOf(a));
  } catch (err) {
    if (!(err instanceof UserError) || (err instanceof AppError && err.code !== 'UNPROCESSABLE')) throw err;
    const problems = Array.isArray(err.details) ? err.details.map(String) : [err.say ? p.t.say(err.say) : err.message];
    const page = await renderCalendar(p, a, year, { form: { ...kept, problems } });
    return c.reply.code(422).type('text/html; charset=utf-8').send(page);
  }
  return c.reply.redirect(`/calendar?year=${String(year)}&done=calendarSaved`, 303);
}

export const calendarNoticeSubmit = definePageRoute({
  method: 'POST',
  url: '/calendar/:year/notice',
  auth: 'signed-in',
  params: ZYearParamsSchema,
  body: z.object({ notice: z.string().trim().min(1, issue('pasteNotice')).max(20_000) }),
  handler: (c) => saveOrShowAgain(c, c.params.year, { form: 'notice', notice: c.body.notice }, () => ({ notice: c.body.notice, provisional: false })),
});

export const calendarDaysSubmit = definePageRoute({
  method: 'POST',
  url: '/calendar/:year/days',
  auth: 'signed-in',
  params: ZYearParamsSchema,
  body: z.object({ lines: z.string().max(20_000).default(''), provisional: z.string().max(5).optional() }),
  handler: (c) =>
    saveOrShowAgain(c, c.params.year, { form: 'lines', lines: c.body.lines }, () => {
      const parsed = parseDayLines(c.body.lines);
      if (parsed.problems.length) {
        throw new UserError(say('dayLinesUnreadable'), 1, parsed.problems.map((x) => `第 ${x.line} 行「${x.text}」：${x.message}`));
      }
      return { days: parsed.days, provisional: c.body.provisional === '1' };
    }),
});
