import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { newSecret, sha256 } from '../auth/secrets';
import type { TAuditAction } from '../audit-actions';

export const ZRenewCalendarFeedInputSchema = z.object({
  owner: z.enum(['unit', 'me']).describe('unit: the feed of one’s own unit; me: one’s own feed (one’s unit’s dates and one’s sub-tasks)'),
});
export type TRenewCalendarFeedInput = z.infer<typeof ZRenewCalendarFeedInputSchema>;

/** The path of a feed's address; the token is its only secret. */
export const calendarFeedPath = (token: string): string => `/ics/${token}.ics`;

/**
 * A new secret address for the feed (更换地址): only its hash is kept, so the path is returned this once; the old
 * address stops answering at once (404). A unit's feed is renewed by its own people (and by a coordinator on the units
 * page: renew-unit-calendar-feed). Audited.
 */
export async function renewCalendarFeed(deps: { db: Db; now: () => Date }, person: TPerson, input: TRenewCalendarFeedInput): Promise<{ path: string }> {
  const unitId = person.unitId;
  if (input.owner === 'unit' && !unitId) throw new AppError('FORBIDDEN');
  return renewFeed(deps, person, input.owner === 'unit' && unitId ? { unitId } : { personId: person.id }, { owner: input.owner });
}

/** The one feed's token replaced, and the renewal audited with `data` (whose feed it was). */
export async function renewFeed(
  deps: { db: Db; now: () => Date },
  person: TPerson,
  feedOf: { unitId: string } | { personId: string },
  data: Record<string, string>,
): Promise<{ path: string }> {
  const token = newSecret();
  const renewal = { tokenHash: sha256(token), renewedAt: deps.now() };
  await deps.db.$transaction(async (tx) => {
    const feed =
      'unitId' in feedOf
        ? await tx.calendarFeed.upsert({ where: { unitId: feedOf.unitId }, create: { ...renewal, unitId: feedOf.unitId }, update: renewal })
        : await tx.calendarFeed.upsert({ where: { personId: feedOf.personId }, create: { ...renewal, personId: feedOf.personId }, update: renewal });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'auth.calendar_feed_renewed' satisfies TAuditAction, subjectType: 'calendar_feed', subjectId: feed.id, data },
    });
  });
  return { path: calendarFeedPath(token) };
}
