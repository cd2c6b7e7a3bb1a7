import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';

export const ZGrantRoleInputSchema = z.object({
  email: z.email(issue('emailInvalid')).trim().toLowerCase().describe('the person’s address; a new account when nobody has it'),
  role: z.enum(['member', 'leader', 'coordinator', 'admin']).describe('the role granted'),
  unit: z.string().trim().min(1).max(200).optional().describe('the unit (name or alias) the person works in: a coordinator’s office'),
  name: z.string().trim().min(1).max(100).optional().describe('the name of a new account; an existing person keeps theirs'),
});
export type TGrantRoleInput = z.output<typeof ZGrantRoleInputSchema>;

/** Who grants: an admin signed in, or the operator at the command line (`duban people grant`) and the seeds. */
export type TGrantor = { person: TPerson } | { label: 'cli' | 'seed' };

export type TGrantRoleResult = { personId: string; email: string; role: string; unit: string | null; created: boolean };

/**
 * The one way a role or an office is given: by an admin (or by whoever runs the command line on the server, which is
 * how the first admin is made). The person is made when the address is new. The audit record names who granted what
 * to whom, and what it replaced.
 */
export async function grantRole(deps: { db: Db; now: () => Date }, by: TGrantor, input: TGrantRoleInput): Promise<TGrantRoleResult> {
  if ('person' in by && by.person.role !== 'admin') throw new AppError('FORBIDDEN', say('adminsOnly'));
  return deps.db.$transaction(async (tx) => {
    const unit = input.unit
      ? await tx.unit.findFirst({ where: { OR: [{ name: input.unit }, { aliases: { some: { alias: input.unit } } }] }, select: { id: true } })
      : null;
    if (input.unit && !unit) throw new AppError('VALIDATION_FAILED', say('unknownUnit', { name: input.unit }));
    const before = await tx.person.findFirst({ where: { email: { equals: input.email, mode: 'insensitive' } }, include: { unit: { select: { name: true } } } });
    if (before && before.role === input.role && (!unit || before.unitId === unit.id)) {
      // Already so: nothing is granted, and nothing is recorded (the seeds run again on every start).
      return { personId: before.id, email: before.email, role: before.role, unit: before.unit?.name ?? null, created: false };
    }
    const data = { role: input.role, ...(unit ? { unitId: unit.id } : {}) };
    const person = before
      ? await tx.person.update({ where: { id: before.id }, data, include: { unit: { select: { name: true } } } })
      : await tx.person.create({ data: { email: input.email, name: input.name ?? input.email.split('@')[0]!, ...data }, include: { unit: { select: { name: true } } } });
    await tx.auditEvent.create({
      data: {
        at: deps.now(),
        actorId: 'person' in by ? by.person.id : null,
        actorLabel: 'person' in by ? 'web' : by.label,
        action: 'people.role_granted' satisfies TAuditAction,
        subjectType: 'person',
        subjectId: person.id,
        data: {
          email: person.email,
          role: person.role,
          unit: person.unit?.name ?? null,
          previous: before ? { role: before.role, unit: before.unit?.name ?? null } : null,
        },
      },
    });
    return { personId: person.id, email: person.email, role: person.role, unit: person.unit?.name ?? null, created: !before };
  });
}
