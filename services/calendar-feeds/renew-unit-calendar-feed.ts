import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import { requireCoordinator, type TPerson } from '../access/scope';
import { renewFeed } from './renew-calendar-feed';

export const ZRenewUnitCalendarFeedInputSchema = z.object({ unitId: z.string().min(1).max(64).describe('the unit whose feed gets a new address') });
export type TRenewUnitCalendarFeedInput = z.infer<typeof ZRenewUnitCalendarFeedInputSchema>;

/**
 * A coordinator renews a unit's calendar feed on the units page: for a unit whose address leaked or was lost with a
 * departed contact. The old address stops answering at once (404); the new one is returned this once. Audited, naming
 * the unit.
 */
export async function renewUnitCalendarFeed(deps: { db: Db; now: () => Date }, person: TPerson, input: TRenewUnitCalendarFeedInput): Promise<{ path: string }> {
  requireCoordinator(person);
  const unit = await deps.db.unit.findUnique({ where: { id: input.unitId }, select: { id: true } });
  if (!unit) throw new AppError('NOT_FOUND');
  return renewFeed(deps, person, { unitId: unit.id }, { owner: 'unit', unitId: unit.id });
}
