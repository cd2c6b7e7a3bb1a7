import { z } from 'zod';
import { shanghaiDate, shanghaiTime } from '../../../calendar/working-days';
import { appLink } from '../../../lib/config';
import { renewUnitCalendarFeed } from '../../../services/calendar-feeds/renew-unit-calendar-feed';
import { channelPolicyOf } from '../../../services/units/unit-channels';
import { sendTestMessage, ZSendTestMessageInputSchema } from '../../../services/units/send-test-message';
import { importUnits } from '../../../services/units/import-units';
import { channelChangeText, type TChannelChange } from '../../../services/units/registry-channels';
import { decodeDataFile } from '../../../parser/decode';
import { readRegistryFile } from '../../../services/units/registry-file';
import { issue } from '../../../lib/messages';
import { setNoticePrefix, ZSetNoticePrefixSchema } from '../../../services/units/set-notice-prefix';
import { requireCoordinator } from '../../../services/access/scope';
import { recordedActor } from '../../auth/actor';
import { definePageRoute, parsePart, sayIssue } from '../../route';
import { ZFlashSchema } from '../forms';
import { html } from '../html';
import { localeOf } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';
import { channelFields, keptValues, readChannelForm, ZChannelFormSchema } from '../channel-form';
import { ZOwnChannelIdSchema } from '../../../services/channels/own-channels';
import { addUnitChannel, ZUnitIdSchema } from '../../../services/units/add-unit-channel';
import { removeUnitChannel } from '../../../services/units/remove-unit-channel';
import { replaceUnitChannel } from '../../../services/units/replace-unit-channel';
import { AppError } from '../../../lib/errors';

const ZRegistryUploadSchema = z.object({
  file: z.object({ fileName: z.string().min(1).max(255), contentBase64: z.string() }, { error: issue('chooseRegistryFile') }),
});

/** A channel form refused: shown again beside its unit (or its channel, for a replacement), in one line. */
type TRefusedChannel = { unitId: string; channelId: string | null; problem: string; values: Record<string, string> };

/** A unit's calendar feed just renewed: its new address, shown this once beside the unit. */
type TNewFeed = { unitId: string; url: string };

/** A 发文机关代字 refused: shown again beside its unit, as typed, with the one line that refuses it. */
type TRefusedPrefix = { unitId: string; problem: string; value: string };

async function unitsPageHtml(
  p: TPage,
  flash: string | null,
  refused?: TRefusedChannel,
  newFeed?: TNewFeed,
  refusedPrefix?: TRefusedPrefix,
  channelChanges: readonly TChannelChange[] = [],
): Promise<string> {
  const { t, deps } = p;
  const units = await deps.db.unit.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      noticePrefix: true,
      aliases: { select: { alias: true }, orderBy: { alias: 'asc' } },
      people: { where: { isContact: true }, select: { name: true, email: true, phone: true }, orderBy: { name: 'asc' } },
      leader: { select: { name: true, email: true } },
      channels: { select: { id: true, kind: true, shown: true, brokenSince: true, lastError: true }, orderBy: { kind: 'asc' } },
      calendarFeed: { select: { renewedAt: true } },
    },
  });
  const broken = units.flatMap((u) => u.channels.filter((c) => c.brokenSince).map((c) => ({ unit: u.name, ...c })));
  const refusal = (unitId: string, channelId: string | null) =>
    refused && refused.unitId === unitId && refused.channelId === channelId ? html`<p class="c-red field-problem" role="alert" id="channel-problem">${t('channelRefused')} ${refused.problem}</p>` : '';
  const valuesFor = (unitId: string, channelId: string | null) => (refused && refused.unitId === unitId && refused.channelId === channelId ? refused.values : {});
  return layout(p, {
    title: t('unitRegistry'),
    wide: true,
    flash,
    body: html`<h1>${t('unitRegistry')}</h1>
${
  channelChanges.length
    ? html`<section class="card" id="channel-changes"><h2>${t('registryChannelChanges')}</h2><ul>${channelChanges.map((c) => html`<li>${channelChangeText(c)[localeOf(p.req)]}</li>`)}</ul></section>`
    : ''
}
${
  broken.length
  ? html`<section class="card" id="broken-channels"><h2>${t('brokenChannels')}</h2><ul>${broken.map(
      (c) => html`<li data-channel="${c.id}">${c.unit} · ${t(CHANNEL_LABEL[c.kind])}：${t.fill('brokenSince', { at: shanghaiTime(c.brokenSince!) })} <small class="muted">${c.lastError ?? ''}</small></li>`,
    )}</ul></section>`
  : ''
}
<section class="card"><h2>${t('importUnits')}</h2>
<form method="post" action="/units/import" enctype="multipart/form-data">${csrfField(p)}
<label for="registry-file">${t('registryFile')}</label><input id="registry-file" name="file" type="file" accept=".json,.csv,application/json,text/csv" required>
<p class="muted">${t('registryHelp')}</p>
<p><button type="submit">${t('import')}</button></p></form></section>
<div class="table-wrap"><table id="units"><thead><tr><th>${t('unit')}</th><th>${t('aliases')}</th><th>${t('contacts')}</th><th>${t('leader')}</th><th>${t('channels')}</th></tr></thead><tbody>
${
  units.length
  ? units.map(
      (u) => html`<tr data-unit="${u.id}"><td>${u.name}${noticePrefixForm(p, u, refusedPrefix?.unitId === u.id ? refusedPrefix : undefined)}</td><td>${u.aliases.map((a) => a.alias).join('、')}</td>
<td>${u.people.map((c) => html`<div>${c.name} <small class="muted">${c.email}${c.phone ? ` · ${c.phone}` : ''}</small></div>`)}</td>
<td>${u.leader ? html`${u.leader.name} <small class="muted">${u.leader.email}</small>` : '—'}</td>
<td>${u.channels.map(
        (c) => html`<div data-channel="${c.id}">${t(CHANNEL_LABEL[c.kind])} <small class="muted">${c.shown}</small>${c.brokenSince ? html` <strong>${t.fill('brokenSince', { at: shanghaiTime(c.brokenSince) })}</strong>` : ''}
<form method="post" action="/units/channels/${c.id}/test" class="inline">${csrfField(p)}<button type="submit">${t('sendTestMessage')}</button></form>
<form method="post" action="/units/channels/${c.id}/remove" class="inline">${csrfField(p)}<button type="submit" class="link">${t('removeChannel')}</button></form>
<details${refused?.channelId === c.id ? html` open` : ''}><summary>${t('replaceChannel')}</summary>${refusal(u.id, c.id)}<form method="post" action="/units/channels/${c.id}/replace">${csrfField(p)}${channelFields(p, `replace-${c.id}`, { kind: c.kind, ...valuesFor(u.id, c.id) }, [c.kind as 'wecom' | 'dingtalk' | 'sms'])}
<p><button type="submit" class="secondary">${t('save')}</button></p></form></details></div>`,
      )}
<details${refused?.unitId === u.id && !refused.channelId ? html` open` : ''}><summary>${t('addChannel')}</summary>${refusal(u.id, null)}<form method="post" action="/units/${u.id}/channels">${csrfField(p)}${channelFields(p, `add-${u.id}`, valuesFor(u.id, null))}
<p><button type="submit" class="secondary">${t('addChannel')}</button></p></form></details>
<div class="calendar-feed">${t('calendarFeedUnit')} <small class="muted">${u.calendarFeed ? html`${t('calendarFeedSince')} ${shanghaiDate(u.calendarFeed.renewedAt)}` : t('calendarFeedNone')}</small>
<form method="post" action="/units/${u.id}/calendar-feed" class="inline">${csrfField(p)}<button type="submit" class="link">${t('renewUnitCalendarFeed')}</button></form>
${newFeed?.unitId === u.id ? html`<p class="flash" role="status">${t('calendarFeedShownOnce')} <code id="new-calendar-feed">${newFeed.url}</code></p>` : ''}</div></td></tr>`,
    )
  : html`<tr><td colspan="5" class="muted">${t('noUnits')}</td></tr>`
}</tbody></table></div>`,
  });
}

/** The unit's 发文机关代字 beside its name: labelled, refused in one line under the field with what was typed. */
function noticePrefixForm(p: TPage, u: { id: string; noticePrefix: string | null }, refused?: TRefusedPrefix) {
  const { t } = p;
  const id = `prefix-${u.id}`;
  return html`<form method="post" action="/units/${u.id}/notice-prefix" class="notice-prefix">${csrfField(p)}
<label for="${id}">${t('noticePrefix')}</label><input id="${id}" name="noticePrefix" value="${refused ? refused.value : (u.noticePrefix ?? '')}" maxlength="40"${refused ? html` aria-invalid="true" aria-describedby="${id}-problem"` : ''}>
${refused ? html`<p class="c-red field-problem" role="alert" id="${id}-problem">${t('channelRefused')} ${refused.problem}</p>` : ''}<small class="muted">${t('noticePrefixHelp')}</small>
<button type="submit" class="secondary">${t('save')}</button></form>`;
}

export const unitsPage = definePageRoute({
  method: 'GET',
  url: '/units',
  auth: 'signed-in',
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, query }) {
    requireCoordinator(actor);
    const p = pageOf(req, deps);
    return unitsPageHtml(p, query.done ? p.t(query.done) : null);
  },
});

/** The same reading and import as `duban units import` and POST /api/units/import; errors name the line at fault. */
export const unitsImportSubmit = definePageRoute({
  method: 'POST',
  url: '/units/import',
  auth: 'signed-in',
  multipart: true,
  upload: true,
  body: z.unknown(),
  async handler({ req, reply, deps, actor, body, locale }) {
    const person = requireCoordinator(actor);
    const { file } = parsePart(ZRegistryUploadSchema, body, 'body', locale);
    const result = await importUnits(deps.db, readRegistryFile(decodeDataFile(Buffer.from(file.contentBase64, 'base64')), file.fileName), recordedActor(person), channelPolicyOf(deps.config));
    // What it did to units' robots and numbers is said once, on the page it answers with.
    if (result.channels.length) {
      const p = pageOf(req, deps);
      return unitsPageHtml(p, p.t('unitsImported'), undefined, undefined, undefined, result.channels);
    }
    return reply.redirect('/units?done=unitsImported', 303);
  },
});

const CHANNEL_LABEL = { email: 'channelEmail', signal: 'channelEmail', wecom: 'channelWecom', dingtalk: 'channelDingtalk', sms: 'channelSms' } as const;

/** "发送测试消息" on the units page: sends at once and shows what the robot or gateway answered. */
export const unitsChannelTestSubmit = definePageRoute({
  method: 'POST',
  url: '/units/channels/:channelId/test',
  auth: 'signed-in',
  params: ZSendTestMessageInputSchema,
  body: z.unknown(),
  async handler({ req, deps, actor, params }) {
    requireCoordinator(actor);
    const p = pageOf(req, deps);
    const { t } = p;
    const result = await sendTestMessage(deps, { units: true }, params);
    return layout(p, {
      title: t('sendTestMessage'),
      body: html`<h1>${t('sendTestMessage')}</h1>
<section class="card" id="test-result" data-ok="${String(result.ok)}"><p>${result.unit} · ${t(CHANNEL_LABEL[result.kind])} <small class="muted">${result.shown}</small></p>
<p>${result.ok ? t('testMessageSent') : html`${t('testMessageFailed')}<br><code>${result.error ?? ''}</code>`}</p>
<p><a href="/units">${t('unitRegistry')}</a></p></section>`,
    });
  },
});

/** A robot or SMS numbers added to a unit by the form beside it: the registry's schema, refused in one line there. */
export const unitChannelAddSubmit = definePageRoute({
  method: 'POST',
  url: '/units/:unitId/channels',
  auth: 'signed-in',
  params: ZUnitIdSchema,
  body: ZChannelFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireCoordinator(actor);
    const p = pageOf(req, deps);
    const problem = await readChannelForm(p, body, (c) => addUnitChannel(deps, channelPolicyOf(deps.config), person, params, c));
    if (problem) return unitsPageHtml(p, null, { unitId: params.unitId, channelId: null, problem, values: keptValues(body) });
    return reply.redirect('/units?done=channelAdded', 303);
  },
});

/** A unit's robot or numbers replaced (the same kind): the webhook or key is never shown back, only typed anew. */
export const unitChannelReplaceSubmit = definePageRoute({
  method: 'POST',
  url: '/units/channels/:channelId/replace',
  auth: 'signed-in',
  params: ZOwnChannelIdSchema,
  body: ZChannelFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireCoordinator(actor);
    const p = pageOf(req, deps);
    const row = await deps.db.unitChannel.findUnique({ where: { id: params.channelId }, select: { unitId: true } });
    if (!row?.unitId) throw new AppError('NOT_FOUND');
    const problem = await readChannelForm(p, body, (c) => replaceUnitChannel(deps, channelPolicyOf(deps.config), person, params, c));
    if (problem) return unitsPageHtml(p, null, { unitId: row.unitId, channelId: params.channelId, problem, values: keptValues(body) });
    return reply.redirect('/units?done=saved', 303);
  },
});

export const unitChannelRemoveSubmit = definePageRoute({
  method: 'POST',
  url: '/units/channels/:channelId/remove',
  auth: 'signed-in',
  params: ZOwnChannelIdSchema,
  body: z.unknown(),
  async handler({ reply, deps, actor, params }) {
    await removeUnitChannel(deps, requireCoordinator(actor), params);
    return reply.redirect('/units?done=channelRemoved', 303);
  },
});

/** The 发文机关代字 form: the API's schema and service; empty clears it. Refused in one line beside the field. */
export const unitNoticePrefixSubmit = definePageRoute({
  method: 'POST',
  url: '/units/:unitId/notice-prefix',
  auth: 'signed-in',
  params: ZUnitIdSchema,
  body: z.object({ noticePrefix: z.string().default('') }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const person = requireCoordinator(actor);
    const p = pageOf(req, deps);
    const typed = body.noticePrefix.trim();
    const parsed = ZSetNoticePrefixSchema.safeParse({ noticePrefix: typed || null });
    if (!parsed.success) {
      const problem = sayIssue(parsed.error.issues[0]!.message, locale);
      return unitsPageHtml(p, null, undefined, undefined, { unitId: params.unitId, problem, value: body.noticePrefix });
    }
    await setNoticePrefix(deps, recordedActor(person), params, parsed.data);
    return reply.redirect('/units?done=noticePrefixSaved', 303);
  },
});

/**
 * A coordinator renews a unit's calendar feed beside the unit: the old address ends at once; the new one is shown in
 * the answer to this POST only, never put in a URL (only its hash is kept).
 */
export const unitCalendarFeedSubmit = definePageRoute({
  method: 'POST',
  url: '/units/:unitId/calendar-feed',
  auth: 'signed-in',
  params: ZUnitIdSchema,
  async handler({ req, deps, actor, params }) {
    const person = requireCoordinator(actor);
    const { path } = await renewUnitCalendarFeed(deps, person, params);
    return unitsPageHtml(pageOf(req, deps), null, undefined, { unitId: params.unitId, url: appLink(deps.config.publicUrl, path) });
  },
});
