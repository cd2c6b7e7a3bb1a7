import { parse, parseFragment, serializeOuter, type DefaultTreeAdapterTypes } from 'parse5';
import { HOSTILE, shown, tokensIn } from './hostile';

type TNode = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document | DefaultTreeAdapterTypes.DocumentFragment;
type TElement = DefaultTreeAdapterTypes.Element;

const isElement = (n: TNode): n is TElement => 'tagName' in n;
/** Attributes whose value a browser follows or runs as an address. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data']);

/** Line ends as HTML and mail readers see them: CR LF and CR are LF. */
const lines = (s: string) => s.replace(/\r\n?/g, '\n');

/**
 * What a browser (parse5 is the WHATWG parser) builds from a document that was given hostile text, and where that
 * text went wrong: an element or attribute that came out of it, a script link, a field cut or altered on its way.
 * `fragment` reads an SVG or a part of a page rather than a whole document; a chart (an `<svg>`) inside a page is read
 * as such a fragment, whose labels may be cut to fit.
 */
export function problemsIn(html: string, options: { fragment?: boolean; allowCut?: readonly string[] } = {}): string[] {
  const root = options.fragment ? parseFragment(html) : parse(html);
  const problems: string[] = [];
  const texts: string[] = [];
  let text = '';
  const visit = (node: TNode) => {
    if (node.nodeName === '#text') {
      text += (node as DefaultTreeAdapterTypes.TextNode).value;
      return;
    }
    if (isElement(node)) {
      const tag = node.tagName;
      // A chart drawn into the page is read as the chart it is: its labels may be shortened to fit, as in the report.
      if (tag === 'svg' && !options.fragment) {
        problems.push(...problemsIn(serializeOuter(node), { fragment: true, allowCut: Object.keys(HOSTILE) }));
        return;
      }
      for (const a of node.attrs) {
        const name = a.prefix ? `${a.prefix}:${a.name}` : a.name;
        if (/^on/i.test(name)) problems.push(`<${tag} ${name}="${a.value}">: an event handler`);
        if (URL_ATTRIBUTES.has(name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) problems.push(`<${tag} ${name}="${a.value}">: a script link`);
        texts.push(a.value);
      }
      if (tag === 'script' && node.childNodes.length > 0) problems.push(`<script>${textOf(node)}</script>: an inline script`);
      if (tag === 'img' && node.attrs.some((a) => a.name === 'src' && a.value === 'x')) problems.push('<img src=x>: an element made of text');
      if (tag === 'style' && tokensIn(textOf(node)).length > 0 && /<|>/.test(textOf(node))) problems.push(`<style>…${textOf(node).slice(0, 80)}: markup inside a style sheet`);
      if (tag === 'br') text += '\n';
      // A style sheet or a script is not text a reader sees; its own checks are above.
      if (tag === 'style' || tag === 'script') return;
    }
    const children = 'content' in node && node.nodeName === 'template' ? (node as DefaultTreeAdapterTypes.Template).content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) visit(child);
  };
  visit(root);
  texts.push(text);
  problems.push(...fieldsCutOrAltered(texts, options.allowCut));
  return problems;
}

function textOf(node: TNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/**
 * Every field whose token shows in one of these texts shows there whole: the same characters (line ends aside), not
 * cut, not escaped twice, without bidirectional controls. `allowCut` names fields a document may shorten to fit (a
 * subject line, a chart label): their text up to the token must still be exact.
 */
export function fieldsCutOrAltered(texts: string[], allowCut: readonly string[] = []): string[] {
  const problems: string[] = [];
  const all = texts.map(lines);
  for (const field of new Set(all.flatMap(tokensIn))) {
    const expected = shown(HOSTILE[field]);
    if (all.some((t) => t.includes(expected))) continue;
    if (allowCut.includes(field) && all.some((t) => t.includes(expected.slice(0, expected.indexOf('⟧') + 1)))) continue;
    const at = all.find((t) => t.includes(`⟦${field}⟧`))!;
    const start = at.indexOf(`⟦${field}⟧`);
    problems.push(`${field} is not shown as typed: …${JSON.stringify(at.slice(Math.max(0, start - 40), start + 160))}…`);
  }
  return problems;
}
