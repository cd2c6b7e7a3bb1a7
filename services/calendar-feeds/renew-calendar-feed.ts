import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { newSecret, sha256 } from '../auth/secrets';

export const ZRenewCalendarFeedInputSchema = z.object({
  owner: z.enum(['unit', 'me']).describe('unit: the feed of one’s own unit; me: one’s own feed (one’s unit’s dates and one’s sub-tasks)'),
});
export type TRenewCalendarFeedInput = z.infer<typeof ZRenewCalendarFeedInputSchema>;

/** The path of a feed's address; the token is its only secret. */
export const calendarFeedPath = (token: string): string => `/ics/${token}.ics`;

/**
 * A new secret address for the feed (更换地址): only its hash is kept, so the path is returned this once; the old
 * address stops answering at once (404). A unit's feed is renewed by its own people.
 */
export async function renewCalendarFeed(deps: { db: Db; now: () => Date }, person: TPerson, input: TRenewCalendarFeedInput): Promise<{ path: string }> {
  const token = newSecret();
  const data = { tokenHash: sha256(token), renewedAt: deps.now() };
  if (input.owner === 'unit') {
    if (!person.unitId) throw new AppError('FORBIDDEN');
    await deps.db.calendarFeed.upsert({ where: { unitId: person.unitId }, create: { ...data, unitId: person.unitId }, update: data });
  } else {
    await deps.db.calendarFeed.upsert({ where: { personId: person.id }, create: { ...data, personId: person.id }, update: data });
  }
  return { path: calendarFeedPath(token) };
}
