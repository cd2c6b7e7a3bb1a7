import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { hashPassword, verifyPassword } from './password';
import type { TAuditAction } from '../audit-actions';

export const ZChangePasswordInputSchema = z.object({
  currentPassword: z.string().max(1024).optional().describe('required when a password is already set'),
  newPassword: z.string().min(10, issue('passwordTooShort')).max(1024),
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInputSchema>;

/** Sets or changes one's own password; a password already set must be given first. Audited. */
export async function changePassword(db: Db, person: TPerson, input: TChangePasswordInput): Promise<void> {
  const { passwordHash } = await db.person.findUniqueOrThrow({ where: { id: person.id }, select: { passwordHash: true } });
  if (passwordHash && !(await verifyPassword(input.currentPassword ?? '', passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', say('currentPasswordWrong'));
  }
  await db.person.update({ where: { id: person.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  await db.auditEvent.create({ data: { actorId: person.id, actorLabel: 'web', action: 'auth.password_changed' satisfies TAuditAction, subjectType: 'person', subjectId: person.id } });
}
