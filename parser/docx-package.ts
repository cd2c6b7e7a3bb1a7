import JSZip from 'jszip';
import { typeOutNumbers } from './docx-numbering';

/**
 * A .docx whose automatic numbering is written out as text (see docx-numbering.ts), ready for mammoth. The parts are
 * found the way mammoth finds them: through the package's relationships, else at their usual paths. A document
 * that numbers nothing, or that cannot be read here, is returned as it came (the same buffer), so it takes exactly
 * the path it took before and a damaged file still meets mammoth's refusal.
 */
export async function typeOutDocxNumbering(buf: Buffer): Promise<Buffer> {
  try {
    const zip = await JSZip.loadAsync(buf);
    const documentPath = (await relatedPart(zip, '', 'officeDocument')) ?? 'word/document.xml';
    const numberingPath = (await relatedPart(zip, documentPath, 'numbering')) ?? 'word/numbering.xml';
    const numbering = await readPart(zip, numberingPath);
    if (numbering === null || !/numId/.test(numbering)) return buf;
    const document = await readPart(zip, documentPath);
    if (document === null) return buf;
    const stylesPath = (await relatedPart(zip, documentPath, 'styles')) ?? 'word/styles.xml';
    const rewritten = typeOutNumbers({ document, numbering, styles: await readPart(zip, stylesPath) });
    if (rewritten === null) return buf;
    zip.file(documentPath, rewritten);
    return await zip.generateAsync({ type: 'nodebuffer' });
  } catch {
    return buf;
  }
}

/** A UTF-8 XML part's text; null when it is missing or in another encoding (this reader would garble it). */
async function readPart(zip: JSZip, path: string): Promise<string | null> {
  const file = zip.file(path);
  if (!file) return null;
  const text = await file.async('string');
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  return declared === undefined || /^utf-?8$/i.test(declared) ? text : null;
}

/** The part a relationship of `source` (the package itself when '') points to, if it exists. */
async function relatedPart(zip: JSZip, source: string, type: string): Promise<string | null> {
  const slash = source.lastIndexOf('/');
  const dir = source.slice(0, slash + 1);
  const rels = await readPart(zip, `${dir}_rels/${source.slice(slash + 1)}.rels`);
  if (rels === null) return null;
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const attrs = new Map([...m[0].matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((a) => [a[1]!, a[2] ?? a[3] ?? '']));
    if (!(attrs.get('Type') ?? '').endsWith(`/${type}`) || attrs.get('TargetMode') === 'External') continue;
    const path = resolvePath(dir, attrs.get('Target') ?? '');
    if (zip.file(path)) return path;
  }
  return null;
}

function resolvePath(dir: string, target: string): string {
  const parts: string[] = [];
  for (const segment of (target.startsWith('/') ? target : dir + target).split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '' && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}
