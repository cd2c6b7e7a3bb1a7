import { z } from 'zod';
import { AppError } from '../../../lib/errors';
import { say } from '../../../lib/messages';
import { grantRole, ZGrantRoleInputSchema } from '../../../services/people/grant-role';
import { requireActor, type TActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZFlashSchema } from '../forms';
import { html } from '../html';
import type { TMessageKey } from '../i18n';
import { csrfField, layout, pageOf } from '../layout';

const ROLE_KEY = { member: 'roleMember', leader: 'roleLeader', coordinator: 'roleCoordinator', admin: 'roleAdmin' } as const satisfies Record<string, TMessageKey>;

function requireAdmin(actor: TActor | null): TActor {
  const a = requireActor(actor);
  if (a.role !== 'admin') throw new AppError('FORBIDDEN', say('adminsOnly'));
  return a;
}

/** Who holds a role beyond a unit's member, and the form through which an admin grants one. */
export const peoplePage = definePageRoute({
  method: 'GET',
  url: '/admin/people',
  auth: 'signed-in',
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, query }) {
    requireAdmin(actor);
    const p = pageOf(req, deps);
    const { t } = p;
    const people = await deps.db.person.findMany({
      where: { role: { not: 'member' } },
      orderBy: [{ role: 'asc' }, { email: 'asc' }],
      select: { id: true, name: true, email: true, role: true, unit: { select: { name: true } } },
    });
    return layout(p, {
      title: t('peopleRoles'),
      flash: query.done ? t(query.done) : null,
      body: html`<h1>${t('peopleRoles')}</h1>
<section class="card"><h2>${t('grantRole')}</h2><p class="muted">${t('grantHelp')}</p>
<form method="post" action="/admin/people/grant">${csrfField(p)}
<label for="grant-email">${t('email')}</label><input id="grant-email" name="email" type="email" required>
<label for="grant-role">${t('role')}</label><select id="grant-role" name="role">${Object.entries(ROLE_KEY).map(([role, key]) => html`<option value="${role}">${t(key)}</option>`)}</select>
<label for="grant-unit">${t('unit')}</label><input id="grant-unit" name="unit">
<label for="grant-name">${t('personName')}</label><input id="grant-name" name="name">
<p><button type="submit">${t('grant')}</button></p></form></section>
<div class="table-wrap"><table id="people"><thead><tr><th>${t('personName')}</th><th>${t('email')}</th><th>${t('role')}</th><th>${t('unit')}</th></tr></thead><tbody>
${people.map((x) => html`<tr data-person="${x.id}"><td>${x.name}</td><td>${x.email}</td><td>${t(ROLE_KEY[x.role])}</td><td>${x.unit?.name ?? '—'}</td></tr>`)}
</tbody></table></div>`,
    });
  },
});

/** An empty unit or name field means "not given". */
const blankToUndefined = (b: unknown) =>
  Object.fromEntries(Object.entries((b ?? {}) as Record<string, unknown>).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));

export const grantSubmit = definePageRoute({
  method: 'POST',
  url: '/admin/people/grant',
  auth: 'signed-in',
  body: z.preprocess(blankToUndefined, ZGrantRoleInputSchema),
  async handler({ reply, deps, actor, body }) {
    await grantRole(deps, { person: requireAdmin(actor) }, body);
    return reply.redirect('/admin/people?done=roleGranted', 303);
  },
});
