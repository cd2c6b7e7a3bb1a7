import type { FastifyRequest } from 'fastify';
import type { AppError } from '../../lib/errors';
import type { TActor } from '../auth/actor';
import { detailsIn, ERROR_STATUS } from '../errors';
import type { TDeps } from '../route';
import { html, type Raw } from './html';
import { localeOf, translator, type TTranslate } from './i18n';

export type TPage = { req: FastifyRequest; deps: TDeps; actor: TActor | null; t: TTranslate };

export function pageOf(req: FastifyRequest, deps: TDeps): TPage {
  return { req, deps, actor: req.actor, t: translator(localeOf(req)) };
}

/** The same address in the other language; the choice is then kept in a cookie. */
function otherLanguageUrl(req: FastifyRequest, target: 'zh' | 'en'): string {
  const url = new URL(req.url, 'http://x');
  url.searchParams.set('lang', target);
  return `${url.pathname}${url.search}`;
}

export function csrfField(p: TPage): Raw {
  return html`<input type="hidden" name="_csrf" value="${p.actor?.csrfToken ?? ''}">`;
}

function nav(p: TPage): Raw {
  const { actor, t } = p;
  const links: Raw[] = [];
  if (actor) {
    if (actor.role === 'coordinator' || actor.role === 'admin') links.push(html`<a href="/plans">${t('plans')}</a>`, html`<a href="/units">${t('unitRegistry')}</a>`);
    // A leader of the leading group (a leader of an office) reads its plans (services/access/scope readablePlanScope).
    if (actor.role === 'leader' && actor.unitId) links.push(html`<a href="/plans">${t('plans')}</a>`);
    if (actor.unitId || actor.role === 'member') links.push(html`<a href="/items">${t('myItems')}</a>`);
    if (actor.role === 'leader' || actor.role === 'admin') links.push(html`<a href="/leader">${t('leaderView')}</a>`);
    if (actor.role === 'admin') links.push(html`<a href="/admin/people">${t('peopleRoles')}</a>`);
    // Everyone counts their deadlines in working days; an administrator also sets the calendar there.
    links.push(html`<a href="/calendar">${t('calendar')}</a>`, html`<a href="/account">${t('account')}</a>`);
  }
  if (p.deps.mailCaptureUrl) links.push(html`<a href="${p.deps.mailCaptureUrl}" target="_blank" rel="noopener">${t('mail')}</a>`);
  const other = t.locale === 'zh' ? 'en' : 'zh';
  return html`<nav class="top"><a class="brand" href="/">${t('appName')}</a><span class="links">${links}</span>
<span class="right"><a href="${otherLanguageUrl(p.req, other)}" hreflang="${other}">${t('language')}</a>${
    actor
      ? html`<span class="who">${actor.name}</span><form method="post" action="/logout" class="inline">${csrfField(p)}<button class="link">${t('signOut')}</button></form>`
      : ''
  }</span></nav>`;
}

export function layout(p: TPage, o: { title: string; body: Raw; flash?: string | null; wide?: boolean }): string {
  return html`<!doctype html><html lang="${p.t.locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="/static/icon.svg" type="image/svg+xml">
${p.actor?.csrfToken ? html`<meta name="csrf-token" content="${p.actor.csrfToken}">` : ''}
<title>${o.title} · ${p.t('appName')}</title><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body>${nav(p)}<main class="${o.wide ? 'wide' : ''}">${o.flash ? html`<p class="flash" role="status">${o.flash}</p>` : ''}${o.body}</main></body></html>`.html;
}

export function errorPage(req: FastifyRequest, deps: TDeps, error: AppError): string {
  const p = pageOf(req, deps);
  const said = detailsIn(error.details, p.t.locale);
  const details = Array.isArray(said) ? (said as ({ path?: string; message?: string } | string)[]) : [];
  return layout(p, {
    title: p.t('error'),
    body: html`<section class="card error"><h1>${p.t('error')}</h1><p class="error-message" data-code="${error.code}">${p.t.say(error.say)}</p>
${details.length ? html`<ul>${details.map((d) => (typeof d === 'string' ? html`<li>${d}</li>` : html`<li><code>${d.path ?? ''}</code> ${d.message ?? ''}</li>`))}</ul>` : ''}
${ERROR_STATUS[error.code] >= 500 ? html`<p class="muted">${p.t('requestId')}<code id="request-id">${req.id}</code></p>` : ''}
<p><a href="/" data-back>${p.t('back')}</a> · <a href="/">${p.t('appName')}</a></p></section>`,
  });
}
