import { isChromeLine } from './chrome';
import { dateLine, firstDateIn } from './dates';
import { rx } from './variants';

/**
 * The plan's own title, who issued it and when. A plan usually arrives wrapped in its covering notice
 * ("…关于印发…的通知", addressees, signature, date), so the title is the heading right above the plan's preamble,
 * and the issuer is the signature above the date.
 */

export type TLine = { text: string; start: number };

const PLAN_WORD = rx(
  '(计划|方案|意见|办法|要点|规划|措施|细则|纲要|通知|安排|清单|分工|决定|指引|指南|规定|行动|工作任务|任务书|责任书)' +
    '\\s*([(（][^)）]{1,16}[)）])?$',
);
const SENTENCE = /[。，,；;：:！!？?]/;
const ORG_END = rx('(人民政府|政府|办公厅|办公室|委员会|管委会|局|委|厅|部|中心|领导小组|小组|党委|政府办)$');
const ISSUER_FIELD = rx('^(发布部门|发文机关|发文单位|发布机构|制发机关)\\s*[:：]\\s*(.+)$');
const ISSUED_FIELD = rx('^(成文日期|发文日期|发布时间|发布日期|印发日期)\\s*[:：]\\s*(.+)$');
const NOTICE_TITLE = rx('^(.{2,40}?)关于(印发|转发|批转|下发)?(.+?)的通知');

function isTitleLine(text: string): boolean {
  return text.length >= 4 && text.length <= 90 && !SENTENCE.test(text) && PLAN_WORD.test(text) && !dateLine(text);
}

/** Lines that may continue a title broken over two lines: no punctuation, not a date, not chrome. */
function isTitleFragment(text: string): boolean {
  return (
    text.length >= 2 && text.length <= 60 && !SENTENCE.test(text) && !dateLine(text) && !isChromeLine(text) &&
    !/^[(（].*[)）]$/.test(text) && !PLAN_WORD.test(text) && !ORG_END.test(text)
  );
}

/** `bodyStart`: index of the plan's first numbered heading among `lines` (non-empty, trimmed). */
export function findTitle(lines: TLine[], bodyStart: number): string | null {
  for (let i = bodyStart - 1; i >= Math.max(0, bodyStart - 12); i--) {
    const text = lines[i]!.text;
    if (!isTitleLine(text) || isChromeLine(text)) continue;
    let title = text;
    for (let j = i - 1; j >= Math.max(0, i - 2) && isTitleFragment(lines[j]!.text); j--) title = lines[j]!.text + title;
    const notice = NOTICE_TITLE.exec(title);
    if (notice && /通知$/.test(title)) return fromNotice(title);
    return title;
  }
  const first = lines.find((l) => !isChromeLine(l.text) && NOTICE_TITLE.test(l.text));
  return first ? fromNotice(first.text) : null;
}

function fromNotice(title: string): string {
  const quoted = /《([^《》]+)》/.exec(title);
  if (quoted) return quoted[1]!;
  const notice = NOTICE_TITLE.exec(title);
  return notice ? notice[3]!.replace(/^《|》$/g, '') : title;
}

export function findIssuer(lines: TLine[], bodyStart: number): { issuer: string | null; issuedOn: string | null; issuedText: string | null } {
  // A signature: an organisation's name alone on a line, the date of issue on the next.
  for (let i = 0; i + 1 < lines.length; i++) {
    const org = lines[i]!.text;
    const date = dateLine(lines[i + 1]!.text);
    if (date && org.length <= 30 && !SENTENCE.test(org) && ORG_END.test(org)) return { issuer: org, issuedOn: date, issuedText: lines[i + 1]!.text };
  }
  let issuer: string | null = null;
  let issued: { on: string; text: string } | null = null;
  const dated = (on: string | null, text: string) => (on ? { on, text } : null);
  for (const { text } of lines.slice(0, Math.max(bodyStart, 1))) {
    issuer ??= ISSUER_FIELD.exec(text)?.[2]?.trim() ?? null;
    const field = ISSUED_FIELD.exec(text);
    issued ??= field ? dated(firstDateIn(field[2]!), field[2]!.trim()) : dated(dateLine(text), text);
  }
  if (!issuer) {
    const notice = lines.slice(0, Math.max(bodyStart, 1)).map((l) => NOTICE_TITLE.exec(l.text)).find((m) => m);
    const prefix = notice?.[1];
    if (prefix && ORG_END.test(prefix)) issuer = prefix;
  }
  issued ??= lines.map((l) => dated(dateLine(l.text), l.text)).find((d) => d) ?? null;
  return { issuer, issuedOn: issued?.on ?? null, issuedText: issued?.text ?? null };
}
