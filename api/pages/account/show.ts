import { shanghaiDate } from '../../../calendar/working-days';
import { z } from 'zod';
import { changePassword, ZChangePasswordInputSchema } from '../../../services/auth/change-password';
import { createApiToken, ZCreateApiTokenInputSchema } from '../../../services/auth/create-api-token';
import { revokeApiToken, ZRevokeApiTokenInputSchema } from '../../../services/auth/revoke-api-token';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../../services/auth/session-policy';
import { appLink } from '../../../lib/config';
import { MESSAGES } from '../../../lib/messages';
import { renewCalendarFeed, ZRenewCalendarFeedInputSchema, type TRenewCalendarFeedInput } from '../../../services/calendar-feeds/renew-calendar-feed';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZFlashSchema } from '../forms';
import { html } from '../html';
import type { TMessageKey } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const SCOPE_KEY = { read: 'scopeRead', report: 'scopeReport', coordinate: 'scopeCoordinate' } as const satisfies Record<string, TMessageKey>;

const ROLE_KEY = { member: 'roleMember', leader: 'roleLeader', coordinator: 'roleCoordinator', admin: 'roleAdmin' } as const satisfies Record<string, TMessageKey>;

async function accountPage(p: TPage, o: { flash: string | null; newToken: string | null; newFeed?: { owner: TRenewCalendarFeedInput['owner']; url: string } }): Promise<string> {
  const { t } = p;
  const a = requireActor(p.actor);
  const tokens = await p.deps.db.apiToken.findMany({ where: { personId: a.id, revokedAt: null, expiresAt: { gt: p.deps.now() } }, orderBy: { createdAt: 'desc' } });
  const feeds = await p.deps.db.calendarFeed.findMany({ where: { OR: [{ personId: a.id }, ...(a.unitId ? [{ unitId: a.unitId }] : [])] } });
  const feedRow = (owner: TRenewCalendarFeedInput['owner']) => {
    const feed = feeds.find((f) => (owner === 'me' ? f.personId === a.id : f.unitId === a.unitId));
    return html`<li>${t(owner === 'me' ? 'calendarFeedMe' : 'calendarFeedUnit')} <small class="muted">${feed ? html`${t('calendarFeedSince')} ${shanghaiDate(feed.renewedAt)}` : t('calendarFeedNone')}</small>
<form method="post" action="/account/calendar-feed" class="inline">${csrfField(p)}<input type="hidden" name="owner" value="${owner}"><button type="submit" class="link">${t('renewCalendarFeed')}</button></form>
${o.newFeed?.owner === owner ? html`<p class="flash">${t('calendarFeedShownOnce')} <code id="new-calendar-feed">${o.newFeed.url}</code></p>` : ''}</li>`;
  };
  return layout(p, {
    title: t('account'),
    flash: o.flash,
    body: html`<h1>${t('account')}</h1><section class="card"><p>${a.name} · ${a.email} · ${t(ROLE_KEY[a.role])}</p></section>
<section class="card"><h2>${t('changePassword')}</h2><form method="post" action="/account/password">${csrfField(p)}
<label for="currentPassword">${t('currentPassword')}</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password">
<label for="newPassword">${t('newPassword')}</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-rule">
<p id="password-rule" class="muted">${t.say(MESSAGES.passwordRule)}${t('passwordChangeEnds')}</p>
<p><button type="submit">${t('save')}</button></p></form></section>
<section class="card"><h2>${t('apiTokens')}</h2>
${o.newToken ? html`<p class="flash">${t('tokenShownOnce')} <code id="new-token">${o.newToken}</code></p>` : ''}
<ul>${tokens.map(
      (x) =>
        html`<li>${x.name} <small class="muted">${t(SCOPE_KEY[x.scope])} · ${t('tokenCreated')} ${shanghaiDate(x.createdAt)} · ${t('tokenExpires')} ${shanghaiDate(x.expiresAt)}</small>
<form method="post" action="/account/tokens/${x.id}/revoke" class="inline">${csrfField(p)}<button type="submit" class="link">${t('revokeToken')}</button></form></li>`,
    )}</ul>
<form method="post" action="/account/tokens">${csrfField(p)}<label for="token-name">${t('tokenName')}</label><input id="token-name" name="name" required>
<label for="token-scope">${t('tokenScope')}</label><select id="token-scope" name="scope">${Object.entries(SCOPE_KEY).map(([scope, key]) => html`<option value="${scope}">${t(key)}</option>`)}</select>
<label for="token-days">${t('tokenDays')}</label><input id="token-days" name="expiresInDays" type="number" min="1" max="${TOKEN_MAX_DAYS}" value="${TOKEN_DEFAULT_DAYS}" required>
<p><button type="submit" class="secondary">${t('createToken')}</button></p></form></section>
<section class="card"><h2>${t('calendarFeeds')}</h2><p class="muted">${t('calendarFeedsHelp')}</p>
<ul>${a.unitId ? feedRow('unit') : ''}${feedRow('me')}</ul></section>`,
  });
}

export const accountShow = definePageRoute({
  method: 'GET',
  url: '/account',
  auth: 'signed-in',
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, query }) {
    const p = pageOf(req, deps);
    return accountPage(p, { flash: query.done ? p.t(query.done) : null, newToken: null });
  },
});

export const passwordSubmit = definePageRoute({
  method: 'POST',
  url: '/account/password',
  auth: 'signed-in',
  scope: 'session',
  body: z.preprocess((b) => ({ ...(b as object), currentPassword: (b as { currentPassword?: string }).currentPassword || undefined }), ZChangePasswordInputSchema),
  async handler({ reply, deps, actor, body }) {
    await changePassword(deps, requireActor(actor), body);
    return reply.redirect('/account?done=saved', 303);
  },
});

/** The new token is shown in the answer to the POST itself, never put in a URL. */
export const tokenSubmit = definePageRoute({
  method: 'POST',
  url: '/account/tokens',
  auth: 'signed-in',
  scope: 'session',
  body: ZCreateApiTokenInputSchema,
  async handler({ req, deps, actor, body }) {
    const { token } = await createApiToken(deps, requireActor(actor), body);
    return accountPage(pageOf(req, deps), { flash: null, newToken: token });
  },
});

export const tokenRevokeSubmit = definePageRoute({
  method: 'POST',
  url: '/account/tokens/:tokenId/revoke',
  auth: 'signed-in',
  scope: 'session',
  params: ZRevokeApiTokenInputSchema,
  async handler({ reply, deps, actor, params }) {
    await revokeApiToken(deps, requireActor(actor), params);
    return reply.redirect('/account?done=tokenRevoked', 303);
  },
});

/** The new address is shown in the answer to the POST itself, never put in a URL (only its hash is kept). */
export const calendarFeedSubmit = definePageRoute({
  method: 'POST',
  url: '/account/calendar-feed',
  auth: 'signed-in',
  scope: 'session',
  body: ZRenewCalendarFeedInputSchema,
  async handler({ req, deps, actor, body }) {
    const { path } = await renewCalendarFeed(deps, requireActor(actor), body);
    return accountPage(pageOf(req, deps), { flash: null, newToken: null, newFeed: { owner: body.owner, url: appLink(deps.config.publicUrl, path) } });
  },
});
