import type { Db } from '../../prisma/client';
import { hashPassword, verifyPassword } from '../auth/password';
import { newSecret, sha256 } from '../auth/tokens';
import { AppError } from '../errors';

/** Sets or changes one's own password; a password already set must be given first. */
export async function changePassword(db: Db, personId: string, body: { currentPassword?: string; newPassword: string }): Promise<void> {
  const person = await db.person.findUniqueOrThrow({ where: { id: personId } });
  if (person.passwordHash && !(await verifyPassword(body.currentPassword ?? '', person.passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', '当前密码不正确 / the current password is wrong');
  }
  await db.person.update({ where: { id: personId }, data: { passwordHash: await hashPassword(body.newPassword) } });
  await db.auditEvent.create({ data: { actorId: personId, actorLabel: 'web', action: 'auth.password_changed', subjectType: 'person', subjectId: personId } });
}

/** A new API token acting as the person; only its hash is kept, so the token is returned this once. */
export async function createApiToken(db: Db, personId: string, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = newSecret();
  const row = await db.apiToken.create({ data: { personId, name, tokenHash: sha256(token) } });
  await db.auditEvent.create({ data: { actorId: personId, actorLabel: 'web', action: 'auth.token_created', subjectType: 'api_token', subjectId: row.id } });
  return { id: row.id, name: row.name, token };
}
