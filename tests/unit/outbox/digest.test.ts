import { describe, expect, it } from 'vitest';
import { groupDeliveries, loneDeliveryKey, messageIdFor } from '../../../outbox/digest';

type M = Parameters<typeof groupDeliveries>[0][number];
const msg = (id: string, extra: Partial<M> = {}): M => ({
  id,
  source: `a-${id}:reminder:final:2026-07-15`,
  recipient: 'unit:u1',
  channel: 'email',
  digestKey: 'reminder:u1:2026-07-15',
  to: ['u1@gov.example'],
  replyTo: ['office@gov.example'],
  ...extra,
});
const shape = (groups: ReturnType<typeof groupDeliveries>) => groups.map((g) => [g.key, g.messages.map((m) => m.id)]);

describe('the digest rule', () => {
  it('puts the messages of one digest key to the same addresses in one delivery, keyed by the key and its first message', () => {
    expect(shape(groupDeliveries([msg('1'), msg('2'), msg('3')], () => 50))).toEqual([['digest:reminder:u1:2026-07-15:1', ['1', '2', '3']]]);
  });

  it('sends a message without a digest key, or alone in its digest, under its own once-only key', () => {
    const lone = msg('1', { digestKey: null, source: 'a-1:supervise:final', recipient: 'leader:u1' });
    expect(shape(groupDeliveries([lone, msg('2')], () => 50))).toEqual([
      ['a-1:supervise:final|leader:u1|email', ['1']],
      [loneDeliveryKey(msg('2')), ['2']],
    ]);
  });

  it('keeps apart other days, other units, other addresses, other reply-to and other channels', () => {
    const groups = groupDeliveries(
      [
        msg('1'),
        msg('2', { digestKey: 'reminder:u1:2026-07-31' }),
        msg('3', { digestKey: 'reminder:u2:2026-07-15' }),
        msg('4', { to: ['u1-new@gov.example'] }),
        msg('5', { replyTo: ['other-office@gov.example'] }),
        msg('6', { channel: 'signal' }),
      ],
      () => 50,
    );
    expect(groups.map((g) => g.messages.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('splits a digest over a channel’s limit into deliveries of at most that many, in order', () => {
    const messages = Array.from({ length: 7 }, (_, i) => msg(String(i)));
    expect(shape(groupDeliveries(messages, () => 3)).map(([, ids]) => ids)).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6']]);
    // The last chunk of one is that message alone, as it reads alone.
    expect(groupDeliveries(messages, () => 3)[2]!.key).toBe(loneDeliveryKey(messages[6]!));
  });

  it('derives one Message-ID per key, the same every time', () => {
    expect(messageIdFor('k')).toBe(messageIdFor('k'));
    expect(messageIdFor('k')).not.toBe(messageIdFor('k2'));
    expect(messageIdFor('k')).toMatch(/^<[0-9a-f]{40}@duban\.outbox>$/);
  });
});
