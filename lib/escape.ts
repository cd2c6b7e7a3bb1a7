/**
 * Text people typed (a plan's title, a unit's name, a report's narrative), made safe for each place a document puts
 * it: one function per context, used by every page, email, report and download. Whatever the text holds, it stays
 * text there: never markup, a style rule, a header, a formula or a path.
 *
 * Every context also drops bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
 * they are invisible, never needed in Chinese or English text, and serve only to make a reader see something other
 * than what is there (`‮gpj.exe` reads as `exe.jpg`). Zero-width characters stay: they reorder nothing.
 */

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const withoutBidiControls = (s: string): string => s.replace(BIDI_CONTROLS, '');

/**
 * Text for a writer that escapes its own markup (a Word run through `docx`, a chart drawn by ECharts) or for a
 * document already made of escaped text (an SVG string): only what disguises goes.
 */
export const visibleText = withoutBidiControls;

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML (and SVG, XML) text content, and attribute values in either kind of quotes. */
export const escapeHtml = (s: string): string => withoutBidiControls(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);

/** Text of several lines as HTML content: escaped, each line end (LF, CR LF or CR) a `<br>`. */
export const escapeHtmlLines = (s: string): string => escapeHtml(s).replace(/\r\n?|\n/g, '<br>');

/**
 * A CSS string literal, quotes included, for a style sheet inside an html `<style>` element: `\`, quotes, `<`, `>`,
 * `&` and control characters are written as CSS hex escapes (`\3c `), so the text can neither end the string nor the
 * element (`</style>`). Line breaks become spaces: such a string is one line (a running head).
 */
export function cssString(s: string): string {
  const oneLine = withoutBidiControls(s).replace(/[\t\n\v\f\r\u2028\u2029]+/g, ' ');
  return `"${oneLine.replace(/[\\"'<>&\u0000-\u001f\u007f-\u009f]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/**
 * A mail header's text (a subject): one line. Line breaks and other control characters become a space, so no text can
 * end the header and start another (`\r\nBcc: …`).
 */
export const headerLine = (s: string): string => withoutBidiControls(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

/** A plain-text body (the text part of an email): line ends as LF, whatever the text came with. */
export const plainText = (s: string): string => withoutBidiControls(s).replace(/\r\n?/g, '\n');

/**
 * Text a spreadsheet would read as a formula (OWASP, CSV injection): it starts with = + - @, a tab or a carriage
 * return. A plain negative number (a deduction, -1.00) is no formula.
 */
export const readsAsFormula = (s: string): boolean => /^[=+\-@\t\r]/.test(s) && !/^-\d+(\.\d+)?$/.test(s);

/** A spreadsheet cell's text (xlsx); `readsAsFormula` says whether the cell must be marked as text (quotePrefix). */
export const cellText = (s: string): string => withoutBidiControls(s);

/**
 * A CSV field as OWASP recommends for files a spreadsheet opens: text in double quotes (so no separator of any
 * locale inside it starts a cell) with its quotes doubled, and text that reads as a formula after a `'`, which
 * Excel and WPS show as text. Numbers stay numbers; null is an empty field.
 */
export function csvField(cell: string | number | null): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = cellText(cell);
  if (/^-\d+(\.\d+)?$/.test(text)) return text;
  return `"${readsAsFormula(text) ? "'" : ''}${text.replace(/"/g, '""')}"`;
}

/** The longest file name offered, in characters: names are cut beyond it, keeping their extension. */
const FILE_NAME_MAX = 120;

/**
 * A `Content-Disposition` for a download saved under `name` (any text: a plan's title), with `fallback` (ASCII) for
 * clients that read only `filename`. The name loses what a folder or a shell would read (`/ \ : * ? " < > |`, control
 * characters) and what disguises it, and is sent in UTF-8 as RFC 8187 says, every byte outside its safe set
 * percent-encoded. `inline` for what the browser shows itself (a PDF, a photo), under the same name if saved.
 */
export function attachment(name: string, fallback: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const cleaned = withoutBidiControls(name)
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const dot = cleaned.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [cleaned.slice(0, dot), cleaned.slice(dot)] : [cleaned, ''];
  const chars = Array.from(stem);
  const fitted = chars.length + extension.length > FILE_NAME_MAX ? `${chars.slice(0, FILE_NAME_MAX - extension.length - 1).join('')}…${extension}` : cleaned;
  const safeFallback = fallback.replace(/[^\w.-]+/g, '_');
  const encoded = Array.from(new TextEncoder().encode(fitted), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9!#$&+.^_`|~-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `${type}; filename="${safeFallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * An address a link may take people to: the web (http, https), mail, or a path of this app. Anything else
 * (`javascript:`, `data:`, a scheme-relative `//host`) is null, and the page shows the text without a link.
 */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (/^\/(?![/\\])/.test(trimmed)) return trimmed;
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(trimmed).protocol) ? trimmed : null;
  } catch {
    return null;
  }
}
