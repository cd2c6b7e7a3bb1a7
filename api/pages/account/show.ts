import { shanghaiDate, shanghaiTime } from '../../../calendar/working-days';
import { z } from 'zod';
import { changePassword, ZChangePasswordInputSchema } from '../../../services/auth/change-password';
import { createApiToken, ZCreateApiTokenInputSchema } from '../../../services/auth/create-api-token';
import { revokeApiToken, ZRevokeApiTokenInputSchema } from '../../../services/auth/revoke-api-token';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../../services/auth/session-policy';
import { appLink } from '../../../lib/config';
import { MESSAGES } from '../../../lib/messages';
import { renewCalendarFeed, ZRenewCalendarFeedInputSchema, type TRenewCalendarFeedInput } from '../../../services/calendar-feeds/renew-calendar-feed';
import { addOwnChannel } from '../../../services/channels/add-own-channel';
import { listOwnChannels } from '../../../services/channels/list-own-channels';
import { ZOwnChannelIdSchema } from '../../../services/channels/own-channels';
import { removeOwnChannel } from '../../../services/channels/remove-own-channel';
import { sendTestMessage, type TTestMessageResult } from '../../../services/units/send-test-message';
import { channelPolicyOf } from '../../../services/units/unit-channels';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZFlashSchema } from '../forms';
import { CHANNEL_KEY, channelFields, keptValues, readChannelForm, ZChannelFormSchema } from '../channel-form';
import { html } from '../html';
import type { TMessageKey } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const SCOPE_KEY = { read: 'scopeRead', report: 'scopeReport', coordinate: 'scopeCoordinate' } as const satisfies Record<string, TMessageKey>;

type TChannelForm = { values: Record<string, string>; problem: string };

const ROLE_KEY = { member: 'roleMember', leader: 'roleLeader', coordinator: 'roleCoordinator', admin: 'roleAdmin' } as const satisfies Record<string, TMessageKey>;

type TAccountExtras = { newFeed?: { owner: TRenewCalendarFeedInput['owner']; url: string }; channelForm?: TChannelForm; tested?: TTestMessageResult };

async function accountPage(p: TPage, o: { flash: string | null; newToken: string | null } & TAccountExtras): Promise<string> {
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
  const channels = await listOwnChannels(p.deps, a);
  const v = o.channelForm?.values ?? {};
  const channelSection = html`<section class="card" id="own-channels"><h2>${t('ownChannels')}</h2><p class="muted">${t('ownChannelsHelp')}</p>
${o.tested ? html`<p class="flash" id="test-result" data-ok="${String(o.tested.ok)}">${t(CHANNEL_KEY[o.tested.kind])} <small class="muted">${o.tested.shown}</small> ${o.tested.ok ? t('testMessageSent') : html`${t('testMessageFailed')} <code>${o.tested.error ?? ''}</code>`}</p>` : ''}
<ul>${channels.length ? channels.map(
    (c) => html`<li data-channel="${c.id}">${t(CHANNEL_KEY[c.kind])} <small class="muted">${c.shown}</small>${c.brokenSince ? html` <strong>${t.fill('brokenSince', { at: shanghaiTime(new Date(c.brokenSince)) })}</strong>` : ''}
<form method="post" action="/account/channels/${c.id}/test" class="inline">${csrfField(p)}<button type="submit" class="secondary">${t('sendTestMessage')}</button></form>
<form method="post" action="/account/channels/${c.id}/remove" class="inline">${csrfField(p)}<button type="submit" class="link">${t('removeChannel')}</button></form></li>`,
  ) : html`<li class="muted">${t('noOwnChannels')}</li>`}</ul>
${o.channelForm ? html`<div class="card error" role="alert" id="channel-problem"><p>${t('channelRefused')} ${o.channelForm.problem}</p></div>` : ''}
<form method="post" action="/account/channels">${csrfField(p)}
${channelFields(p, 'channel', v)}
<p><button type="submit" class="secondary">${t('addChannel')}</button></p></form></section>`;
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
<ul>${a.unitId ? feedRow('unit') : ''}${feedRow('me')}</ul></section>
${channelSection}`,
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

/** One's own channel from the account page's form: refused in one line above the form, with what was typed kept. */
export const ownChannelSubmit = definePageRoute({
  method: 'POST',
  url: '/account/channels',
  auth: 'signed-in',
  scope: 'session',
  body: ZChannelFormSchema,
  async handler({ req, reply, deps, actor, body }) {
    const p = pageOf(req, deps);
    const problem = await readChannelForm(p, body, (c) => addOwnChannel(deps, channelPolicyOf(deps.config), requireActor(actor), c));
    if (problem) return accountPage(p, { flash: null, newToken: null, channelForm: { values: keptValues(body), problem } });
    return reply.redirect('/account?done=channelAdded', 303);
  },
});

export const ownChannelRemoveSubmit = definePageRoute({
  method: 'POST',
  url: '/account/channels/:channelId/remove',
  auth: 'signed-in',
  scope: 'session',
  params: ZOwnChannelIdSchema,
  async handler({ reply, deps, actor, params }) {
    await removeOwnChannel(deps, requireActor(actor), params);
    return reply.redirect('/account?done=channelRemoved', 303);
  },
});

/** 发送测试消息 for one's own channel: sends at once and shows what the robot or gateway answered, on the account page. */
export const ownChannelTestSubmit = definePageRoute({
  method: 'POST',
  url: '/account/channels/:channelId/test',
  auth: 'signed-in',
  scope: 'session',
  params: ZOwnChannelIdSchema,
  async handler({ req, deps, actor, params }) {
    const tested = await sendTestMessage(deps, { personId: requireActor(actor).id }, params);
    return accountPage(pageOf(req, deps), { flash: null, newToken: null, tested });
  },
});
