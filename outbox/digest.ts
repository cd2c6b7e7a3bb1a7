import { createHash } from 'node:crypto';
import type { OutboxChannel } from '../prisma/client';

type TGroupable = { id: string; source: string; recipient: string; channel: OutboxChannel; digestKey: string | null; to: string[]; replyTo: string[] };

/** A lone message's delivery key: its once-only key, so the receiver sees the same id for it on every attempt. */
export const loneDeliveryKey = (m: Pick<TGroupable, 'source' | 'recipient' | 'channel'>) => `${m.source}|${m.recipient}|${m.channel}`;

/** The Message-ID a delivery's key gives: the same delivery, sent again after a crash, is the same message. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@duban.outbox>`;
}

/**
 * The digest rule, on the messages a dispatcher took (in the order they fell due): messages of one digest key, on one
 * channel, to the same addresses and reply-to, go out as one delivery, at most `maxItems` a delivery; any other
 * message goes alone. A delivery of one message is that message as it reads alone, under its own key; a digest's key
 * names its digest key and its first message, which belongs to no other delivery.
 */
export function groupDeliveries<T extends TGroupable>(messages: readonly T[], maxItems: (channel: OutboxChannel) => number): { key: string; messages: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const m of messages) {
    const group = m.digestKey === null ? `lone:${m.id}` : JSON.stringify([m.channel, m.digestKey, [...m.to].sort(), [...m.replyTo].sort()]);
    const list = groups.get(group);
    if (list) list.push(m);
    else groups.set(group, [m]);
  }
  return [...groups.values()].flatMap((group) => {
    const size = Math.max(1, maxItems(group[0]!.channel));
    const chunks: T[][] = [];
    for (let i = 0; i < group.length; i += size) chunks.push(group.slice(i, i + size));
    return chunks.map((chunk) => ({ key: chunk.length === 1 ? loneDeliveryKey(chunk[0]!) : `digest:${chunk[0]!.digestKey}:${chunk[0]!.id}`, messages: chunk }));
  });
}
