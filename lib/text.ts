/**
 * Sentences people read, in both of Duban's languages. Each has one home (the pages' dictionary, lib/messages.ts, the
 * measure's refusals in domain/measure-failures.ts, the audit actions in domain/audit-actions.ts); an edge says it in
 * its reader's language: a page and the JSON API in the request's (api/pages/i18n localeOf), the command line in both.
 */
export type TLocale = 'zh' | 'en';

/** One sentence, Chinese first; `{name}` marks a value filled in when it is said. */
export type TText = Readonly<Record<TLocale, string>>;

/** A value a sentence names: a list is joined as each language lists things (、 in Chinese); a text is said in the same language. */
export type TParam = string | number | readonly string[] | TText;

/** A sentence to say, and the values it names. */
export type TSay = { readonly text: TText; readonly params?: Readonly<Record<string, TParam>> };

const LIST_SEPARATOR: Record<TLocale, string> = { zh: '、', en: ', ' };

const isText = (v: TParam): v is TText => typeof v === 'object' && !Array.isArray(v);

/** `template` with each `{name}` replaced by its value; a name without a value is left out. */
export function fill(template: string, params: Readonly<Record<string, TParam>> = {}, locale: TLocale = 'zh'): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) return '';
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return isText(v) ? v[locale] : v.join(LIST_SEPARATOR[locale]);
  });
}

/** A text with its values filled in, in both languages: a value for a larger sentence (`第 3 行` / `line 3`). */
export function fillText(text: TText, params: Readonly<Record<string, TParam>>): TText {
  return { zh: fill(text.zh, params, 'zh'), en: fill(text.en, params, 'en') };
}

export function sayIn(say: TSay, locale: TLocale): string {
  return fill(say.text[locale], say.params, locale);
}

/** Both languages, Chinese first, for the command line and logs, which have no reader's language. */
export function sayBoth(say: TSay): string {
  const zh = sayIn(say, 'zh');
  const en = sayIn(say, 'en');
  return zh === en ? zh : `${zh} / ${en}`;
}
