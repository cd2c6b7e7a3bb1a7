import { unseal } from '../../lib/secret-box';
import { MESSAGES } from '../../lib/messages';
import { fillText, type TText } from '../../lib/text';
import type { TUnitChannel } from '../../domain/unit-channels';
import type { Prisma } from '../../prisma/client';
import type { TChannelPolicy } from './unit-channels';

type TKind = TUnitChannel['kind'];

/** What a registry import did to one of a unit's channels, as shown (masked: never a webhook key or secret). */
export type TChannelChange = { unit: string; kind: TKind; change: 'added' | 'replaced' | 'removed'; shown: string; before?: string };

type TStored = { id: string; kind: string; sealed: string | null; phones: string[]; shown: string };
type TFromFile = { channel: TUnitChannel; row: Omit<Prisma.UnitChannelCreateManyInput, 'unitId'> };

const KIND_TEXT: Record<TKind, TText> = { wecom: MESSAGES.channelKindWecom, dingtalk: MESSAGES.channelKindDingtalk, sms: MESSAGES.channelKindSms };
const CHANGE_TEXT = { added: MESSAGES.registryChannelAdded, replaced: MESSAGES.registryChannelReplaced, removed: MESSAGES.registryChannelRemoved } as const;

/** "替换 区财政局 的企业微信机器人（…）": the import's summary line for a change. */
export const channelChangeText = (c: TChannelChange): TText => fillText(CHANGE_TEXT[c.change], { unit: c.unit, channel: KIND_TEXT[c.kind], shown: c.shown, before: c.before ?? '' });

/** Whether a stored channel is the file's entry as it is: the same webhook and secret, or the same numbers. */
function sameChannel(stored: TStored, c: TUnitChannel, secretKey: Buffer | undefined): boolean {
  if (stored.kind !== c.kind) return false;
  if (c.kind === 'sms') return [...stored.phones].sort().join() === [...c.phones].sort().join();
  if (!stored.sealed || !secretKey) return false;
  try {
    const was = JSON.parse(unseal(secretKey, stored.sealed)) as { url: string; secret?: string };
    return was.url === c.url && (was.secret ?? undefined) === (c.kind === 'dingtalk' ? c.secret : undefined);
  } catch {
    // Sealed under another key: it cannot be the same, and is replaced.
    return false;
  }
}

/**
 * The rule a re-imported registry follows for a unit's channels: the file is the source for the kinds it names for
 * the unit, the units page for the others. For each kind the file lists, the unit's channels of that kind become the
 * file's: one already the same is left as it is (its id and broken mark kept), the others are replaced in place (so
 * messages already owed to them go to the new address), added, or removed. A kind the file does not list — a robot a
 * coordinator added on the page — is kept; a file without `channels` changes none. Returns what changed.
 */
export function planChannelChanges(unit: string, stored: readonly TStored[], fromFile: readonly TFromFile[], policy: TChannelPolicy | undefined) {
  const kinds = new Set(fromFile.map((f) => f.channel.kind));
  const create: TFromFile['row'][] = [];
  const update: { id: string; row: TFromFile['row'] }[] = [];
  const remove: string[] = [];
  const changes: TChannelChange[] = [];
  for (const kind of kinds) {
    const mine = stored.filter((s) => s.kind === kind);
    const wanted = fromFile.filter((f) => f.channel.kind === kind);
    const unchanged = new Set<string>();
    const pending = wanted.filter((f) => {
      const same = mine.find((s) => !unchanged.has(s.id) && sameChannel(s, f.channel, policy?.secretKey));
      if (same) unchanged.add(same.id);
      return !same;
    });
    const free = mine.filter((s) => !unchanged.has(s.id));
    pending.forEach((f, i) => {
      const old = free[i];
      if (old) {
        update.push({ id: old.id, row: f.row });
        changes.push({ unit, kind, change: 'replaced', before: old.shown, shown: f.row.shown });
      } else {
        create.push(f.row);
        changes.push({ unit, kind, change: 'added', shown: f.row.shown });
      }
    });
    for (const old of free.slice(pending.length)) {
      remove.push(old.id);
      changes.push({ unit, kind, change: 'removed', shown: old.shown });
    }
  }
  return { create, update, remove, changes };
}
