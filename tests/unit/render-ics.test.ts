import ICAL from 'ical.js';
import { describe, expect, test } from 'vitest';
import { escapeIcsText, foldIcsLine, icsDuration, renderIcs } from '../../report/render-ics';

describe('iCalendar text (RFC 5545)', () => {
  test('TEXT escaping of backslash, semicolon, comma and newline (known answer)', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(escapeIcsText('【督办】普通文字：无需转义')).toBe('【督办】普通文字：无需转义');
    // Bidirectional controls, which would disguise what is read, are dropped.
    expect(escapeIcsText('a\u202Eb\u2066c')).toBe('abc');
  });

  test('folding at 75 octets, never inside a UTF-8 character (known answer)', () => {
    expect(foldIcsLine('A'.repeat(75))).toBe('A'.repeat(75));
    expect(foldIcsLine('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`);
    // 'SUMMARY:' is 8 octets, each 督 3: 22 of them fill 74 octets, the 23rd would make 77, so it starts the next line.
    const line = `SUMMARY:${'督'.repeat(30)}`;
    const folded = foldIcsLine(line);
    expect(folded).toBe(`SUMMARY:${'督'.repeat(22)}\r\n ${'督'.repeat(8)}`);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    // A long continuation: each later line holds its space and at most 74 octets more.
    const long = foldIcsLine(`X:${'办'.repeat(100)}`).split('\r\n');
    expect(long.map((p) => Buffer.byteLength(p))).toEqual([74, 73, 73, 73, 13]);
    expect(long.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(`X:${'办'.repeat(100)}`);
  });

  test('alarm durations', () => {
    expect(icsDuration(9 * 60)).toBe('PT9H');
    expect(icsDuration(9 * 60 - 3 * 1440)).toBe('-P2DT15H');
    expect(icsDuration(-2 * 1440)).toBe('-P2D');
    expect(icsDuration(0)).toBe('P0D');
  });

  test('a calendar a maintained parser reads back: all-day dates, UID, SEQUENCE, alarms, text as written', () => {
    const summary = '【督办】1 开展抽检；含“逗号,分号;反斜杠\\”\n第二行';
    const text = renderIcs({
      name: '督办：区市场监管局',
      now: new Date('2026-12-07T02:03:04Z'),
      events: [{ uid: 'due-a1-final@duban.test', date: '2026-12-31', summary, description: `${'说明'.repeat(60)}`, url: 'https://duban.test/items/a1', sequence: 2, alarms: [{ minutesFromStart: 9 * 60 - 3 * 1440, description: '提醒' }] }],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(text));
    const [vevent] = cal.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('due-a1-final@duban.test');
    expect(event.summary).toBe(summary);
    expect(event.description).toBe('说明'.repeat(60));
    expect(event.sequence).toBe(2);
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-12-31');
    expect(event.endDate.toString()).toBe('2027-01-01');
    expect(vevent!.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-12-07T02:03:04Z');
    expect(vevent!.getFirstPropertyValue('url')).toBe('https://duban.test/items/a1');
    expect(vevent!.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger')!.toString()).toBe('-P2DT15H');
  });
});
