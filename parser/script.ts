import { Converter } from 'opencc-js/t2cn';

/** OpenCC's traditional→simplified converter, built on first use: building its dictionaries costs milliseconds. */
let converter: ((text: string) => string) | null = null;

export function toSimplified(text: string): string {
  converter ??= Converter({ from: 't', to: 'cn' });
  return converter(text);
}

const SAMPLE_HAN = 4000;
/** Share of Han characters that conversion changes above which a text counts as traditional. */
const TRADITIONAL_SHARE = 0.05;

/** Simplified or traditional, judged on a sample of the text's Han characters. */
export function detectScript(text: string): 'simplified' | 'traditional' {
  let han = '';
  for (const ch of text) {
    if (ch >= '\u4e00' && ch <= '\u9fff') {
      han += ch;
      if (han.length >= SAMPLE_HAN) break;
    }
  }
  if (han.length === 0) return 'simplified';
  const simplified = toSimplified(han);
  let changed = 0;
  for (let i = 0; i < Math.min(han.length, simplified.length); i++) if (han[i] !== simplified[i]) changed++;
  return changed / han.length > TRADITIONAL_SHARE ? 'traditional' : 'simplified';
}
