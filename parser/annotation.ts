import { DEADLINE_LABEL_NAMES } from './dates';
import { rx } from './variants';

/**
 * Responsibility annotations: the parenthetical or labelled clause that names who does a measure.
 * (X负责) (X、Y负责) (X牵头,Y、Z配合) (A、B按各自职责分工负责,C配合落实) (责任部门:A、B) (责任单位:A;配合单位:B)
 * and separate lines `牵头单位:X` / `责任单位:Y`, in either script.
 */

/** `listed`: a labelled list (责任单位:, 责任部门:); `shared`: units dividing the work (按职责分工). */
type TClauseRole = 'lead' | 'cooperating' | 'responsible' | 'shared' | 'listed';

/** Longest forms first: the alternation picks the first that matches at a position. */
const ROLE_WORD = rx(
  '(按照?各自的?职责分工负责|按照?各自的?职责分工落实|按照?各自的?职责分工|按照?各自的?职责|根据职责分工负责|' +
    '按照?职责分工负责|按照?职责分工落实|按照?职责分工|按照?职能分工负责|按照?职能分工|按照?职责|分工负责|各负其责|' +
    '共同负责|分别负责|牵头负责|负责牵头|牵头落实|牵头实施|牵头|配合落实|配合实施|配合做好|配合推进|配合|协助|协办|参与|' +
    '具体负责|具体落实|具体实施|负责落实|负责实施|负责推进|负责|组织实施|抓好落实|落实)',
  'g',
);

const STRONG_ROLE_WORD = rx('^(牵头|负责|配合|按照?(各自的?)?职责分工)');

function roleOfWord(word: string): TClauseRole {
  const w = word.replace(/[負責牽頭實職門參協]/g, (c) => ({ 負: '负', 責: '责', 牽: '牵', 頭: '头', 實: '实', 職: '职', 門: '门', 參: '参', 協: '协' })[c]!);
  if (w.startsWith('牵头') || w === '负责牵头') return 'lead';
  if (w.startsWith('配合') || w === '协助' || w === '协办' || w === '参与') return 'cooperating';
  if (w.startsWith('按') || w.startsWith('根据') || w === '分工负责' || w === '各负其责' || w === '共同负责' || w === '分别负责')
    return 'shared';
  return 'responsible';
}

/** 牵头考核单位: the unit that leads an indicator and assesses it (a 考评指标 list's annotation). */
const UNIT_LABELS =
  '牵头考核单位|牵头单位|牵头部门|责任单位|责任部门|主办单位|承办单位|实施单位|配合单位|配合部门|协办单位|参与单位|协同单位|支持单位|责任主体';
const OTHER_LABELS = `牵头领导|责任领导|${DEADLINE_LABEL_NAMES}`;
/** `责任单位：` or `【责任单位】`, either script, either colon width. */
const labelSource = (names: string) => `(?:【\\s*)?(${names})\\s*(?:】\\s*[:：]?|[:：])`;
const LABEL = rx(labelSource(`${UNIT_LABELS}|${OTHER_LABELS}`), 'g');
/** A labelled annotation opens with one of these (time labels alone do not make one). */
export const UNIT_LABEL_START = rx(`^${labelSource(UNIT_LABELS)}`);
/** Where a labelled annotation can start: a line, or a sentence's end. */
export const UNIT_LABEL_AFTER_SENTENCE = rx(`(^|[。；;！!])\\s*(?=${labelSource(UNIT_LABELS)})`, 'g');

function roleOfLabel(label: string): TClauseRole | 'ignore' {
  if (/^[牵牽]/.test(label)) return /领|領/.test(label) ? 'ignore' : 'lead';
  if (/^(配合|协|協|参|參|支持)/.test(label)) return 'cooperating';
  if (/时|時|期/.test(label) || /领|領/.test(label)) return 'ignore';
  return 'listed';
}

/** "The first unit listed leads": a plan can declare it once for all its lists, or inside one annotation. */
export const FIRST_IS_LEAD = rx('(第一|首位|首个|排[在名]?第一位?|列第一位?|排[在名]?首位|居首)[^。，,；;\\n()（）]{0,8}?为牵头(单位|部门)?');
/** 下同 (the same below) after such a note: it holds for every later annotation too. */
export const SAME_BELOW = rx('^\\s*[，,；;。]?\\s*(以下同|下同|后同)');
const SAME_BELOW_NOTE = rx('[，,；;。]?\\s*(以下同|下同|后同)\\s*$');

const UNIT_END = rx('[局委办厅部院会府处室署站所队心司社团馆关街镇乡位门构区县市盟旗行台组联协校学道科庭业军厂场)）]$');
const GROUP_START = rx('^(各|有关|相关|其他|全体|所属|属地)');

/** Does this look like a unit's name rather than words from a sentence? */
export function looksLikeUnit(name: string): boolean {
  return name.length >= 2 && name.length <= 40 && (UNIT_END.test(name) || GROUP_START.test(name));
}

export function isGroupReference(name: string): boolean {
  return GROUP_START.test(name) || /(成员单位|成員單位)$/.test(name);
}

const JOIN_LEFT_END = rx('[局委办厅部院会府处室署站所队心司社团馆关街镇乡位门构区县盟旗)）]$');
const LIST_SEPARATOR = /[、,，;；\s]/;
const JOINER = rx('(以及|和|及|与)', 'g');
/**
 * Places whose name begins with 和: 和平区 is one district, not "and 平区", so a 和 before them starts the next name
 * rather than joining. (和县 is left out: 市发改委和县政府 more often means "and the county government".)
 */
const AFTER_AND_IN_PLACE = '平区|平县|顺县|田地区|田市|田县|林格尔|硕县|静县|龙市|政县';
const PLACE_AFTER_AND = rx(`^(${AFTER_AND_IN_PLACE})`);
const LEADING_NOISE = rx(`^(由|请|并|会同|以及|和(?!${AFTER_AND_IN_PLACE})|及|与|另|其中)`);
const TRAILING_NOISE = rx('(等(有关|相关|其他)?(部门|单位|机构|地区|部门单位)|等)$');

/** Splits one list of names: on 、，,；; at paren depth 0, and on 和/及/与 where both sides are whole unit names. */
export function splitUnitList(list: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(' || ch === '（') depth++;
    else if ((ch === ')' || ch === '）') && depth > 0) depth--;
    if (depth === 0 && LIST_SEPARATOR.test(ch)) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  const out: string[] = [];
  for (const piece of pieces) for (const part of splitOnJoiners(piece)) {
    const name = cleanName(part);
    if (name) out.push(name);
  }
  return out;
}

function splitOnJoiners(piece: string): string[] {
  const parts: string[] = [];
  let from = 0;
  JOINER.lastIndex = 0;
  for (let m = JOINER.exec(piece); m; m = JOINER.exec(piece)) {
    const left = cleanName(piece.slice(from, m.index));
    const right = piece.slice(m.index + m[0].length);
    if (JOIN_LEFT_END.test(left) && cleanName(right).length >= 2 && !insideParens(piece, m.index)) {
      parts.push(piece.slice(from, m.index));
      from = m[0] === '和' && PLACE_AFTER_AND.test(right) ? m.index : m.index + m[0].length;
    }
  }
  parts.push(piece.slice(from));
  return parts;
}

function insideParens(text: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '（') depth++;
    else if ((ch === ')' || ch === '）') && depth > 0) depth--;
  }
  return depth > 0;
}

function cleanName(raw: string): string {
  let name = raw.trim();
  for (let i = 0; i < 3; i++) {
    const before = name;
    name = name.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '').trim();
    if (name === before) break;
  }
  return name;
}

const ADMIN_PREFIX = rx('^[市区县盟旗省州镇乡]');
/** Words that begin with an administrative character without being prefixed: 市场监管局 is not 市 + 场监管局 (but 市民营经济局 is 市 + 民营经济局). */
const NOT_A_PREFIX = rx('^(市场|区域|县域|县级|市级|区级|省级|乡镇|镇街|市民(?!营)|市政(?!府))');

export function adminPrefix(name: string): string | null {
  if (!ADMIN_PREFIX.test(name) || NOT_A_PREFIX.test(name)) return null;
  return name[0]!;
}

/** A department written without its administrative prefix, which then takes the prefix of the list's first unit. */
const BARE_DEPARTMENT_END = rx('(局|委|办|厅|委员会)$');
const NOT_BARE = rx('^(各|有关|相关|其他|全|团|总|中|国|驻)');
const VERTICAL_AGENCY = rx('(管委|海关|银监|银保监|证监|检验检疫|出入境|税务|气象|邮政|人民银行|供电|铁路|烟草|电力|消防|法院|检察院)');

function isBareDepartment(name: string): boolean {
  return (
    name.length <= 7 &&
    adminPrefix(name) === null &&
    BARE_DEPARTMENT_END.test(name) &&
    !NOT_BARE.test(name) &&
    !VERTICAL_AGENCY.test(name)
  );
}

export type TAnnotationUnits = {
  lead: string[];
  cooperating: string[];
  responsibility: 'lead' | 'shared' | 'unspecified';
};

type TClause = { role: TClauseRole; names: string[] };

/** Longer than any list of units a plan writes: such text is prose, and is not scanned as a list. */
const MAX_ANNOTATION = 600;

const SENTENCE_WORD = rx('(要|应|将|把|对|进一步|加强|推进|确保|积极)');

/**
 * How an annotation is written. `parenthesised`: (X负责), (责任单位:X). Without parentheses the bar is higher, since
 * prose must not pass: a `bare-clause` closing sentence (区发改委牵头，区财政局配合。) or a `bare-list` of units in
 * parentheses closing a sentence (…。(市发改委、市财政局)) only counts when every name reads as a unit's.
 */
export type TAnnotationForm = 'parenthesised' | 'bare-clause' | 'bare-list';

/** Parses what an annotation says, or returns null when the text is not an annotation at all. */
export function parseAnnotation(
  content: string,
  firstIsLeadInPlan: boolean,
  form: TAnnotationForm = 'parenthesised',
): TAnnotationUnits | null {
  if (content.length > MAX_ANNOTATION) return null;
  // a note on how to read the annotation (下同) is no unit
  let text = content.trim().replace(/^[由]/, '').replace(/[。.，,；;、\s]+$/, '');
  if (text.endsWith('同')) text = text.replace(SAME_BELOW_NOTE, '').replace(/[。.，,；;、\s]+$/, '');
  let firstIsLead = firstIsLeadInPlan;
  const declared = FIRST_IS_LEAD.exec(text);
  if (declared) {
    firstIsLead = true;
    text = (text.slice(0, declared.index) + text.slice(declared.index + declared[0].length))
      .replace(/[(（【]\s*[)）】]/g, '')
      .replace(/[。.，,；;、\s]+$/, '');
  }
  const clauses = form === 'bare-list' ? listClauses(text) : hasLabel(text) ? labelledClauses(text) : roleWordClauses(text);
  if (!clauses) return null;
  const names = clauses.flatMap((c) => c.names);
  if (names.length > 0 && !names.some(looksLikeUnit) && !hasLabel(text)) return null;
  const minLength = form === 'bare-list' ? 3 : 2;
  if (form !== 'parenthesised' && (names.length === 0 || !names.every((n) => isStrictUnit(n, minLength)))) return null;
  inheritPrefix(clauses);
  return assemble(clauses, firstIsLead);
}

function isStrictUnit(name: string, minLength: number): boolean {
  return UNIT_END.test(name) && name.length >= minLength && name.length <= 25 && !SENTENCE_WORD.test(name);
}

const NOT_A_LIST = rx('(\\d|简称|以下|详见|附件|试行|暂行|草案|^含|^包括|^不含|^除)');

function listClauses(text: string): TClause[] | null {
  ROLE_WORD.lastIndex = 0;
  if (text.length === 0 || ROLE_WORD.test(text) || NOT_A_LIST.test(text) || /[。！？!?:：]/.test(text)) return null;
  return [{ role: 'listed', names: splitUnitList(text) }];
}

function hasLabel(text: string): boolean {
  LABEL.lastIndex = 0;
  return LABEL.test(text);
}

const TIME_NOTE = rx('^[，,；;\\s]+[^，,；;]*(\\d{4}\\s*年|年底|月底|前完成|长期|持续|每年|每季度|每月|阶段)');

function roleWordClauses(text: string): TClause[] | null {
  if (text.length === 0 || text.length > 400 || /[。！？!?]/.test(text)) return null;
  const clauses: TClause[] = [];
  let from = 0;
  let lastEnd = -1;
  ROLE_WORD.lastIndex = 0;
  for (let m = ROLE_WORD.exec(text); m; m = ROLE_WORD.exec(text)) {
    if (namesAGroup(text, m.index + m[0].length)) continue;
    clauses.push({ role: roleOfWord(m[0]), names: splitUnitList(text.slice(from, m.index)) });
    from = m.index + m[0].length;
    lastEnd = from;
  }
  // An annotation ends with its role word, or with a note of when (…负责，2018年12月底前完成); a parenthesis that
  // merely mentions 负责 is body text.
  if (lastEnd !== text.length && !(lastEnd > 0 && TIME_NOTE.test(text.slice(lastEnd)))) return null;
  // (负责) names nobody and is flagged; (抓好落实) is an exhortation, not an annotation.
  if (clauses.every((c) => c.names.length === 0) && !STRONG_ROLE_WORD.test(text)) return null;
  return clauses;
}

/**
 * A role word followed by 单位/部门 and no colon is the end of a group's name, not a role (工作专班牵头单位, 各项目牵头单位,
 * 协调推进机制牵头部门): the role of the group in this annotation is told by the word after it.
 */
const GROUP_BY_ROLE = rx('^(单位|部门)(?!\\s*[:：】])');
function namesAGroup(text: string, roleEnd: number): boolean {
  return GROUP_BY_ROLE.test(text.slice(roleEnd, roleEnd + 4));
}

/** Words that say when, not who: 6月底完成, 持续推进, 5月底取得阶段性成效, 长期坚持. */
const WHEN_WORD = rx('(\\d\\s*月|\\d\\s*年|年底|月底|月份|季度|长期|持续|按进度|阶段性|成效|完成)');

function isTimeNote(text: string): boolean {
  return WHEN_WORD.test(text) && !splitUnitList(text).some(looksLikeUnit);
}

function labelledClauses(text: string): TClause[] | null {
  const clauses: TClause[] = [];
  const labels: { at: number; end: number; role: TClauseRole | 'ignore' }[] = [];
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) labels.push({ at: m.index, end: m.index + m[0].length, role: roleOfLabel(m[1]!) });
  const before = text.slice(0, labels[0]!.at).replace(/[；;，,\s]+$/, '');
  // （6月底完成，牵头考核单位：…）: a note of when before the label names nobody
  if (before && !isTimeNote(before)) clauses.push(...(roleWordClauses(before) ?? [{ role: 'listed' as const, names: splitUnitList(before) }]));
  labels.forEach((label, i) => {
    if (label.role === 'ignore') return;
    const body = text.slice(label.end, labels[i + 1]?.at ?? text.length);
    const inner = roleWordClauses(body.replace(/[。.，,；;、\s]+$/, ''));
    if (inner && inner.length > 0) clauses.push(...inner.map((c) => ({ ...c, role: c.role === 'responsible' ? label.role as TClauseRole : c.role })));
    else clauses.push({ role: label.role, names: splitUnitList(body) });
  });
  return clauses;
}

/** 盟科技局牵头,盟发改委、市场监管局配合 → 盟市场监管局: bare names take the first unit's administrative prefix. */
function inheritPrefix(clauses: TClause[]): void {
  const first = clauses.find((c) => c.names.length > 0)?.names[0];
  const prefix = first ? adminPrefix(first) : null;
  if (!prefix) return;
  for (const clause of clauses) clause.names = clause.names.map((n) => (isBareDepartment(n) ? prefix + n : n));
}

function assemble(clauses: TClause[], firstIsLead: boolean): TAnnotationUnits {
  const by = (role: TClauseRole) => clauses.filter((c) => c.role === role).flatMap((c) => c.names);
  const explicitLead = by('lead');
  const responsible = by('responsible');
  const shared = by('shared');
  const cooperating = by('cooperating');
  let lead: string[];
  let co: string[];
  let responsibility: TAnnotationUnits['responsibility'];
  if (explicitLead.length > 0) {
    lead = explicitLead;
    co = [...responsible, ...shared, ...by('listed'), ...cooperating];
    responsibility = 'lead';
  } else {
    const listed = by('listed');
    lead = [...responsible, ...shared, ...listed];
    co = cooperating;
    if (lead.length === 0) responsibility = 'unspecified';
    else if (shared.length > 0) responsibility = 'shared';
    else if (responsible.length === 0) responsibility = co.length > 0 ? 'lead' : 'shared';
    else responsibility = co.length > 0 || lead.length === 1 ? 'lead' : 'shared';
    if (firstIsLead && lead.length > 1) {
      co = [...lead.slice(1), ...co];
      lead = lead.slice(0, 1);
      responsibility = 'lead';
    }
  }
  return { lead: unique(lead), cooperating: unique(co).filter((n) => !lead.includes(n)), responsibility };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
