import type { TSession, TTestApp } from './support';

/** Filling in and posting the 考核方案 page’s form as a browser would (tests/api/rubric-page, rubric-copy). */

/**
 * What a browser would post from the form on a page: every named input's value (a checkbox only when checked), every
 * select's chosen options, the hidden ones too. `intent` is the button pressed.
 */
export function formFields(body: string): [string, string][] {
  const form = body.match(/<section class="card" id="rubric-edit">.*?<\/form>/s)?.[0] ?? '';
  const fields: [string, string][] = [];
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  for (const m of form.matchAll(/<input\b[^>]*>|<select\b[^>]*>.*?<\/select>/gs)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    if (tag.startsWith('<select')) {
      for (const o of tag.matchAll(/<option value="([^"]*)"( selected)?>/g)) if (o[2]) fields.push([name, unescapeHtml(o[1]!)]);
    } else if (!/type="checkbox"/.test(tag) || /\schecked/.test(tag)) fields.push([name, unescapeHtml(attr(tag, 'value') ?? '')]);
  }
  return fields;
}
const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The form as shown, with some fields changed (a name given twice replaces all its values), posted with a button. */
export const submit = (t: TTestApp, url: string, s: TSession, shown: string, changes: Record<string, string | string[]>, intent: string) => {
  const fields = formFields(shown).filter(([name]) => !(name in changes));
  for (const [name, value] of Object.entries(changes)) for (const v of [value].flat()) fields.push([name, v]);
  const params = new URLSearchParams([...fields, ['intent', intent], ['_csrf', s.csrfToken]]);
  return t.app.inject({ method: 'POST', url, payload: params.toString(), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
};

