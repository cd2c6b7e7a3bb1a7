import { DOMParser } from '@xmldom/xmldom';

type XmlDocument = Document;
import JSZip from 'jszip';

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx as Word reads it: its parts parsed, the footers found through the document's relationships. */
export type TDocx = {
  document: XmlDocument;
  styles: XmlDocument;
  settings: XmlDocument;
  fontTable: XmlDocument;
  footers: Record<string, XmlDocument>;
};

export async function readDocx(buf: Buffer): Promise<TDocx> {
  const zip = await JSZip.loadAsync(buf);
  const part = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`the package has no ${path}`);
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { error: (e) => errors.push(e), fatalError: (e) => errors.push(e) } }).parseFromString(await file.async('string'), 'text/xml');
    if (errors.length) throw new Error(`${path} is not well-formed XML: ${errors.join('; ')}`);
    return doc;
  };
  const document = await part('word/document.xml');
  const rels = await part('word/_rels/document.xml.rels');
  const targets = new Map([...elements(rels.documentElement!, '*')].map((r) => [r.getAttribute('Id'), r.getAttribute('Target')]));
  const footers: Record<string, XmlDocument> = {};
  for (const ref of elements(document.documentElement!, 'footerReference'))
    footers[ref.getAttribute('w:type')!] = await part(`word/${targets.get(ref.getAttribute('r:id'))}`);
  return { document, styles: await part('word/styles.xml'), settings: await part('word/settings.xml'), fontTable: await part('word/fontTable.xml'), footers };
}

/** Descendants in the WordprocessingML namespace with this local name ('*' for every element). */
export function elements(root: Element | XmlDocument, name: string): Element[] {
  const list = name === '*' ? root.getElementsByTagName('*') : root.getElementsByTagNameNS(W, name);
  return Array.from({ length: list.length }, (_, i) => list.item(i)!);
}

export const child = (el: Element, name: string): Element | undefined => elements(el, name).find((c) => c.parentNode === el);
export const attr = (el: Element | undefined, name: string): string | null => el?.getAttributeNS(W, name) || null;

export type TRun = { text: string; size: number | null; eastAsia: string | null; ascii: string | null; spacing: number | null; color: string | null };
export type TParagraph = { el: Element; text: string; runs: TRun[]; framed: boolean };

/** The body's paragraphs, those in tables included, in order, each with its runs' text and properties. */
export function paragraphs(root: Element | XmlDocument): TParagraph[] {
  return elements(root, 'p').map((p) => {
    const runs = elements(p, 'r').map((r): TRun => {
      const rPr = child(r, 'rPr');
      const fonts = rPr && child(rPr, 'rFonts');
      const text = elements(r, '*')
        .map((e) => (e.localName === 't' ? e.textContent ?? '' : e.localName === 'tab' && e.parentNode === r ? '\t' : e.localName === 'instrText' ? `{${(e.textContent ?? '').trim()}}` : ''))
        .join('');
      const number = (name: string) => {
        const v = attr(rPr && child(rPr, name), 'val');
        return v === null ? null : Number(v);
      };
      return { text, size: number('sz'), eastAsia: attr(fonts, 'eastAsia'), ascii: attr(fonts, 'ascii'), spacing: number('spacing'), color: attr(rPr && child(rPr, 'color'), 'val') };
    });
    return { el: p, text: runs.map((r) => r.text).join(''), runs, framed: (p.parentNode as Element | null)?.localName === 'tc' };
  });
}
