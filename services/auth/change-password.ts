import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { hashPassword, verifyPassword } from './password';
import type { TAuditAction } from '../audit-actions';

/** Kinds of character a password mixes (等保 2.0 口令复杂度): capitals, small letters, digits, anything else. */
const KINDS = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{Lu}\p{Ll}\p{Nd}]/u];

/** The rule, said in full by MESSAGES.passwordRule (the account page states it): 10 characters, three kinds of four. */
export const ZNewPasswordSchema = z
  .string()
  .min(10, issue('passwordRule'))
  .max(1024)
  .refine((p) => KINDS.filter((k) => k.test(p)).length >= 3, issue('passwordRule'));

export const ZChangePasswordInputSchema = z.object({
  currentPassword: z.string().max(1024).optional().describe('required when a password is already set'),
  newPassword: ZNewPasswordSchema.describe('at least 10 characters of three kinds: capitals, small letters, digits, symbols'),
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInputSchema>;

/**
 * Sets or changes one's own password; a password already set must be given first. Every other session of the person
 * ends and every API token is revoked (whoever knew the old password may hold them); the session that made the change
 * stays. Audited.
 */
export async function changePassword(
  deps: { db: Db; now: () => Date },
  person: TPerson & { sessionId: string | null },
  input: TChangePasswordInput,
): Promise<void> {
  const { passwordHash } = await deps.db.person.findUniqueOrThrow({ where: { id: person.id }, select: { passwordHash: true } });
  if (passwordHash && !(await verifyPassword(input.currentPassword ?? '', passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', say('currentPasswordWrong'));
  }
  const newHash = await hashPassword(input.newPassword);
  const now = deps.now();
  await deps.db.$transaction([
    deps.db.person.update({ where: { id: person.id }, data: { passwordHash: newHash } }),
    deps.db.session.deleteMany({ where: { personId: person.id, ...(person.sessionId ? { id: { not: person.sessionId } } : {}) } }),
    deps.db.apiToken.updateMany({ where: { personId: person.id, revokedAt: null }, data: { revokedAt: now } }),
    deps.db.auditEvent.create({ data: { actorId: person.id, actorLabel: 'web', action: 'auth.password_changed' satisfies TAuditAction, subjectType: 'person', subjectId: person.id } }),
  ]);
}
