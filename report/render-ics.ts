/**
 * A calendar feed (日历订阅) as iCalendar text (RFC 5545): all-day events, each with a UID that stays the same while
 * its date moves (so a subscribed calendar updates it instead of adding another) and a SEQUENCE that rises when it
 * moves. Pure: the service gathers the events.
 */

export type TIcsAlarm = {
  /** Minutes from the start of the event's day (00:00 local) to the alarm; negative before it. */
  minutesFromStart: number;
  description: string;
};

export type TIcsEvent = {
  /** Stable per item (e.g. `report-<assignment>-<period>@host`). */
  uid: string;
  /** YYYY-MM-DD: an all-day event on that day. */
  date: string;
  summary: string;
  description: string;
  url: string;
  /** Times the date has moved (extensions, due-date changes): RFC 5545's SEQUENCE. */
  sequence: number;
  alarms: TIcsAlarm[];
};

export type TIcsCalendar = { name: string; events: TIcsEvent[]; now: Date };

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** Bidirectional controls only reorder what a reader sees (a disguise); no rendering of ours keeps them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newline. */
export function escapeIcsText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(/\r\n?/g, '\n').replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

const utf8Octets = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * Folds one content line at 75 octets (RFC 5545 3.1): the continuation starts with a space, which counts toward its
 * 75. A line is cut only between characters, never inside a UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Octets(ch.codePointAt(0)!);
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** RFC 5545 duration of a signed number of minutes, e.g. -P2DT15H, PT9H. */
export function icsDuration(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const total = Math.abs(minutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const time = hours || mins ? `T${hours ? `${hours}H` : ''}${mins ? `${mins}M` : ''}` : '';
  return `${sign}P${days || !time ? `${days}D` : ''}${time}`;
}

const basicDate = (date: string): string => date.replaceAll('-', '');

/** The day after (DTEND of an all-day event is exclusive). */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function renderIcs(cal: TIcsCalendar): string {
  const stamp = utcStamp(cal.now);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Duban//督办//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeIcsText(cal.name)}`, 'X-WR-TIMEZONE:Asia/Shanghai'];
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(e.date))}`,
      `SEQUENCE:${e.sequence}`,
      `SUMMARY:${escapeIcsText(e.summary)}`,
      `DESCRIPTION:${escapeIcsText(e.description)}`,
      `URL:${e.url}`,
      'TRANSP:TRANSPARENT',
    );
    for (const a of e.alarms) {
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER;RELATED=START:${icsDuration(a.minutesFromStart)}`, `DESCRIPTION:${escapeIcsText(a.description)}`, 'END:VALARM');
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
