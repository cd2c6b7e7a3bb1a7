/**
 * What a chat robot or a text message says: plain text from the mail as it was rendered, escaped for the robots'
 * markdown and kept within their size limits. Pure.
 */

/** Characters the robots' markdown reads as formatting anywhere in a line (emphasis, links, code, strike-through). */
const INLINE = /[\\`*_[\]~]/g;
/** What it reads as formatting at the start of a line: a heading, a quote, a list item. */
const LINE_START = /^(\s*)([#>+-]|\d+\.)/gm;

/**
 * Plan text as markdown shows it literally: formatting characters escaped with a backslash, `<` written as an entity
 * so no tag (企业微信's `<font>`) opens. Dates and ranges inside a line (2026-07-15) are left as they read.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(LINE_START, (_, space: string, mark: string) => `${space}\\${mark}`);
}

const encoder = new TextEncoder();
export const utf8Bytes = (s: string) => encoder.encode(s).length;

/**
 * `text` cut to at most `maxBytes` of UTF-8 on a character boundary (never inside a code point or an escape), ending
 * with `tail` when cut.
 */
export function fitBytes(text: string, maxBytes: number, tail = '…'): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const room = maxBytes - utf8Bytes(tail);
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > room) break;
    out += ch;
    used += size;
  }
  // A cut right after an escaping backslash would escape the tail instead.
  if (out.endsWith('\\') && !out.endsWith('\\\\')) out = out.slice(0, -1);
  return out + tail;
}

const SEPARATOR = '\n\n---\n\n';

/**
 * Messages as a robot shows them: each one's subject in bold, then its text (the mail's plain text), escaped. Each
 * item gets an equal share of `maxBytes`, its subject first, so a long one cuts its own text and never pushes the
 * items after it out of the digest.
 */
export function robotMarkdown(messages: readonly { subject: string; text: string }[], maxBytes: number): string {
  const share = Math.floor((maxBytes - utf8Bytes(SEPARATOR) * (messages.length - 1)) / messages.length);
  return messages.map((m) => fitBytes(`**${escapeMarkdown(m.subject)}**\n\n${escapeMarkdown(m.text.trim())}`, share)).join(SEPARATOR);
}
