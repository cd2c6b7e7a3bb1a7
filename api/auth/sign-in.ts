import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { appLink } from '../../lib/config';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { decoyHash, verifyPassword } from '../../services/auth/password';
import { newSecret, sha256 } from '../../services/auth/secrets';
import { SESSION_MAX_MS } from '../../services/auth/session-policy';
import { assertSignInAllowed, clearSignInFailures, countLinkRequest, recordSignInFailure } from '../../services/auth/sign-in-throttle';
import { SESSION_COOKIE, setCookie } from '../http';
import type { TDeps } from '../route';
import type { TAuditAction } from '../../services/audit-actions';

const SESSION_SECONDS = SESSION_MAX_MS / 1000;
const LINK_MINUTES = 15;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Checks a password, unless the address is backing off or locked after failures (services/auth/sign-in-throttle). */
export async function checkPassword(deps: { db: Db; now: () => Date }, email: string, password: string) {
  await assertSignInAllowed(deps, email);
  const person = await deps.db.person.findFirst({ where: { email: { equals: normaliseEmail(email), mode: 'insensitive' } } });
  // Verify against a decoy when there is no such person, so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, person?.passwordHash ?? (await decoyHash()));
  if (!person || !person.passwordHash || !ok) {
    await recordSignInFailure(deps, email);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await clearSignInFailures(deps, email);
  return person;
}

/** Starts a session, sets its HttpOnly SameSite=Lax cookie, and returns the session's CSRF token for pages and scripts. */
export async function startSession(deps: TDeps, reply: FastifyReply, personId: string): Promise<{ csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  await deps.db.session.create({
    data: { id: sha256(token), personId, csrfToken, expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000) },
  });
  await deps.db.auditEvent.create({
    data: { actorId: personId, actorLabel: 'web', action: 'auth.sign_in' satisfies TAuditAction, subjectType: 'person', subjectId: personId },
  });
  setCookie(reply, SESSION_COOKIE, token, { maxAgeSeconds: SESSION_SECONDS, httpOnly: true, secure: deps.config.secureCookies });
  return { csrfToken };
}

export async function endSession(deps: TDeps, reply: FastifyReply, sessionId: string | null): Promise<void> {
  if (sessionId) await deps.db.session.deleteMany({ where: { id: sessionId } });
  setCookie(reply, SESSION_COOKIE, '', { maxAgeSeconds: 0, httpOnly: true, secure: deps.config.secureCookies });
}

/**
 * Emails a one-time sign-in link through the same mailer as every notice. Unknown addresses get no mail and the same
 * answer, so the form cannot be used to learn who has an account.
 */
export async function sendLoginLink(deps: TDeps, email: string, log: FastifyBaseLogger): Promise<void> {
  await countLinkRequest(deps, email);
  const person = await deps.db.person.findFirst({ where: { email: { equals: normaliseEmail(email), mode: 'insensitive' } } });
  if (!person) return;
  // Written and sent after the answer: a known address is then answered as fast as an unknown one, and a slow or
  // failing SMTP server is never the answer's business (the person asks again).
  void (async () => {
    const token = newSecret();
    await deps.db.loginLink.create({
      data: { tokenHash: sha256(token), personId: person.id, expiresAt: new Date(deps.now().getTime() + LINK_MINUTES * 60_000) },
    });
    const url = appLink(deps.config.publicUrl, `/auth/link?token=${token}`);
    await deps.mailer.send({ to: [person.email], ...loginLinkMail(person.name, url) });
  })().catch((err: unknown) => log.warn({ err }, 'sending a sign-in link failed'));
}

/**
 * The sign-in email in Chinese, HTML and plain text saying the same, with the 【督办】 prefix every email of the
 * system carries, so it is recognised and filed with the others.
 */
export function loginLinkMail(name: string, url: string): { subject: string; text: string; html: string } {
  const subject = '【督办】督办系统登录链接';
  const lines = [
    `${name}，您好：`,
    `请在${LINK_MINUTES}分钟内打开以下链接登录督办系统。链接仅可使用一次，请勿转发他人。`,
    '如非本人操作，请忽略本邮件，您的账户不受影响。',
  ];
  const text = [lines[0], '', lines[1], url, '', lines[2], '', '本邮件由督办系统自动发送，请勿直接回复。'].join('\n');
  const p = (s: string, style = '') => `<p style="margin:0 0 12px${style}">${escapeHtml(s)}</p>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff"><div style="max-width:640px;margin:0 auto;padding:16px;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#222222">
${p(lines[0]!)}${p(lines[1]!)}<p style="margin:0 0 12px"><a href="${escapeHtml(url)}" style="display:inline-block;padding:8px 16px;background:#b00000;color:#ffffff;text-decoration:none;border-radius:4px">登录督办系统</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#666666;word-break:break-all">链接：<a href="${escapeHtml(url)}" style="color:#1a5fb4">${escapeHtml(url)}</a></p>
${p(lines[2]!)}<p style="margin:16px 0 0;padding-top:8px;border-top:1px solid #e0e0e0;font-size:13px;color:#666666">本邮件由督办系统自动发送，请勿直接回复。</p>
</div></body></html>`;
  return { subject, text, html };
}

/** Marks the link used in the same statement that checks it, so two clicks cannot both sign in. */
export async function redeemLoginLink(db: Db, token: string): Promise<string> {
  const now = new Date();
  const used = await db.loginLink.updateMany({
    where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (used.count !== 1) throw new AppError('INVALID_CREDENTIALS', say('linkInvalid'));
  const link = await db.loginLink.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
  return link.personId;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
