import { escapeHtml } from '../../lib/escape';

/** Markup that is already safe to emit. Everything else interpolated into `html` is escaped. */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type TValue = Raw | string | number | boolean | null | undefined | TValue[];

const render = (v: TValue): string => {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
};

/** A tagged template that escapes every interpolation unless it is Raw, so user text can never become markup. */
export function html(strings: TemplateStringsArray, ...values: TValue[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Raw(out);
}
