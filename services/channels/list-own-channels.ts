import type { TPerson } from '../access/scope';
import { shownOf, type TDeps, type TShownChannel } from './own-channels';

/** One's own channels, masked. */
export async function listOwnChannels(deps: TDeps, person: TPerson): Promise<TShownChannel[]> {
  const rows = await deps.db.unitChannel.findMany({ where: { personId: person.id }, orderBy: { createdAt: 'asc' } });
  return rows.map(shownOf);
}

