import type { FastifyReply } from 'fastify';
import type { Db } from '../../prisma/client';
import { AppError } from '../errors';
import { SESSION_COOKIE, serialiseCookie } from '../http';
import type { TDeps } from '../route';
import { decoyHash, verifyPassword } from './password';
import { newSecret, sha256 } from './tokens';

const SESSION_SECONDS = 7 * 24 * 3600;
const LINK_MINUTES = 15;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function checkPassword(db: Db, email: string, password: string) {
  const person = await db.person.findFirst({ where: { email: { equals: normaliseEmail(email), mode: 'insensitive' } } });
  // Verify against a decoy when there is no such person, so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, person?.passwordHash ?? (await decoyHash()));
  if (!person || !person.passwordHash || !ok) throw new AppError('INVALID_CREDENTIALS');
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
    data: { actorId: personId, actorLabel: 'web', action: 'auth.sign_in', subjectType: 'person', subjectId: personId },
  });
  reply.header('set-cookie', serialiseCookie(SESSION_COOKIE, token, { maxAgeSeconds: SESSION_SECONDS, httpOnly: true, secure: deps.config.DUBAN_SECURE_COOKIES }));
  return { csrfToken };
}

export async function endSession(deps: TDeps, reply: FastifyReply, sessionId: string | null): Promise<void> {
  if (sessionId) await deps.db.session.deleteMany({ where: { id: sessionId } });
  reply.header('set-cookie', serialiseCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, httpOnly: true, secure: deps.config.DUBAN_SECURE_COOKIES }));
}

/**
 * Emails a one-time sign-in link through the same mailer as every notice. Unknown addresses get no mail and the same
 * answer, so the form cannot be used to learn who has an account.
 */
export async function sendLoginLink(deps: TDeps, email: string): Promise<void> {
  const person = await deps.db.person.findFirst({ where: { email: { equals: normaliseEmail(email), mode: 'insensitive' } } });
  if (!person) return;
  const token = newSecret();
  await deps.db.loginLink.create({
    data: { tokenHash: sha256(token), personId: person.id, expiresAt: new Date(Date.now() + LINK_MINUTES * 60_000) },
  });
  const url = `${deps.config.publicUrl}/auth/link?token=${token}`;
  await deps.mailer.send({
    to: [person.email],
    subject: '督办系统登录链接 / Duban sign-in link',
    text: `${person.name}，您好：\n\n请在 ${LINK_MINUTES} 分钟内打开以下链接登录督办系统（仅可使用一次）：\n${url}\n\n如非本人操作，请忽略本邮件。`,
    html: `<p>${escapeHtml(person.name)}，您好：</p><p>请在 ${LINK_MINUTES} 分钟内打开以下链接登录督办系统（仅可使用一次）：</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p><p>如非本人操作，请忽略本邮件。</p>`,
  });
}

/** Marks the link used in the same statement that checks it, so two clicks cannot both sign in. */
export async function redeemLoginLink(db: Db, token: string): Promise<string> {
  const now = new Date();
  const used = await db.loginLink.updateMany({
    where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (used.count !== 1) throw new AppError('INVALID_CREDENTIALS', '登录链接无效、已过期或已使用 / the sign-in link is invalid, expired or already used');
  const link = await db.loginLink.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
  return link.personId;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
