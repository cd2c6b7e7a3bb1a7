import { z } from 'zod';
import { checkSignInForm, signInFormToken } from '../../auth/pre-session';
import { checkPassword, endSession, redeemLoginLink, sendLoginLink, startSession } from '../../auth/sign-in';
import { AppError } from '../../../lib/errors';
import { ERROR_STATUS } from '../../errors';
import { definePageRoute } from '../../route';
import { ZFlashSchema, ZNextPathSchema } from '../forms';
import { html } from '../html';
import { layout, pageOf, type TPage } from '../layout';

const ZLoginQuerySchema = z.object({ next: ZNextPathSchema, done: ZFlashSchema });

/** The sign-in page; after a refused attempt, the email kept and the reason in the page's language, beside the form. */
function renderLogin(p: TPage, o: { csrf: string; next: string; flash?: string | null; email?: string; problem?: string }): string {
  const { t } = p;
  return layout(p, {
    title: t('signIn'),
    flash: o.flash ?? null,
    body: html`<section class="card" style="max-width:28rem;margin:auto"><h1>${t('signIn')}</h1>
${o.problem ? html`<p class="card error c-red" role="alert" id="login-problem">${o.problem}</p>` : ''}<form method="post" action="/login"><input type="hidden" name="_csrf" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
<label for="email">${t('email')}</label><input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${o.email ?? ''}">
<label for="password">${t('password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${
      o.problem ? html` autofocus aria-invalid="true" aria-describedby="login-problem"` : ''
    }>
<p><button type="submit">${t('signIn')}</button></p></form>
<h2>${t('orLink')}</h2><form method="post" action="/login/link"><input type="hidden" name="_csrf" value="${o.csrf}">
<label for="link-email">${t('email')}</label><input id="link-email" name="email" type="email" required maxlength="320" value="${o.email ?? ''}">
<p><button type="submit" class="secondary">${t('sendLink')}</button></p></form></section>`,
  });
}

export const loginPage = definePageRoute({
  method: 'GET',
  url: '/login',
  auth: 'public',
  query: ZLoginQuerySchema,
  async handler({ req, reply, deps, query }) {
    const p = pageOf(req, deps);
    return renderLogin(p, { csrf: signInFormToken(req, reply, deps.config), next: query.next, flash: query.done === 'linkSent' ? p.t('linkSent') : null });
  },
});

export const loginSubmit = definePageRoute({
  method: 'POST',
  url: '/login',
  auth: 'public',
  body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024), next: ZNextPathSchema }),
  async handler({ req, reply, deps, body }) {
    checkSignInForm(req, deps.config);
    let person;
    try {
      person = await checkPassword(deps, body.email, body.password);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'INVALID_CREDENTIALS')) throw err;
      const p = pageOf(req, deps);
      const page = renderLogin(p, { csrf: signInFormToken(req, reply, deps.config), next: body.next, email: body.email, problem: p.t('wrongCredentials') });
      return reply.code(ERROR_STATUS[err.code]).type('text/html; charset=utf-8').send(page);
    }
    await startSession(deps, reply, person.id);
    return reply.redirect(body.next, 303);
  },
});

export const requestLinkSubmit = definePageRoute({
  method: 'POST',
  url: '/login/link',
  auth: 'public',
  body: z.object({ email: z.string().trim().min(3).max(320) }),
  async handler({ req, reply, deps, body }) {
    checkSignInForm(req, deps.config);
    await sendLoginLink(deps, body.email, req.log);
    return reply.redirect('/login?done=linkSent', 303);
  },
});

/**
 * Opening the emailed link shows a button; only pressing it uses the link, so mail scanners that prefetch do not, and
 * its form's pre-session token means only this page, not another site's form, can post it.
 */
export const linkPage = definePageRoute({
  method: 'GET',
  url: '/auth/link',
  auth: 'public',
  query: z.object({ token: z.string().min(16).max(200) }),
  async handler({ req, reply, deps, query }) {
    const p = pageOf(req, deps);
    const csrf = signInFormToken(req, reply, deps.config);
    return layout(p, {
      title: p.t('signIn'),
      body: html`<section class="card" style="max-width:28rem;margin:auto"><h1>${p.t('signIn')}</h1><p>${p.t('linkConfirm')}</p>
<form method="post" action="/auth/link"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="token" value="${query.token}"><button type="submit">${p.t('signIn')}</button></form></section>`,
    });
  },
});

export const linkSubmit = definePageRoute({
  method: 'POST',
  url: '/auth/link',
  auth: 'public',
  body: z.object({ token: z.string().min(16).max(200) }),
  async handler({ req, reply, deps, body }) {
    checkSignInForm(req, deps.config);
    const personId = await redeemLoginLink(deps.db, body.token);
    await startSession(deps, reply, personId);
    return reply.redirect('/', 303);
  },
});

export const logoutSubmit = definePageRoute({
  method: 'POST',
  url: '/logout',
  auth: 'signed-in',
  async handler({ reply, deps, actor }) {
    await endSession(deps, reply, actor?.sessionId ?? null);
    return reply.redirect('/login', 303);
  },
});

export const homePage = definePageRoute({
  method: 'GET',
  url: '/',
  auth: 'signed-in',
  async handler({ reply, actor }) {
    const role = actor!.role;
    return reply.redirect(role === 'coordinator' || role === 'admin' ? '/plans' : role === 'leader' ? '/leader' : '/items', 303);
  },
});
