import { bracketedDueBy, yearMentions, type TYearMention } from './dates';
import type { TComparator, TTarget } from './schema';
import { chineseNumeralValue } from './numbering';
import { rx } from './variants';

/**
 * Quantitative commitments inside a measure's text: 合格率稳定在93%以上, 培育科技型领军企业5家, 突破1200张,
 * 小于55分贝, 新建三个检验检测中心. A number that merely describes (等10类消费品, 第六届, 35岁以下, 奖励50万元, 一批,
 * 四个全面) is no target.
 */

const PERCENT_UNITS = new Set(['%', '％', '‰', '个百分点', '個百分點', '百分点', '百分點']);
const UNIT_SOURCE =
  '个百分点|百分点|%|％|‰|元|人次|分贝|分钟|小时|分|个工作日|工作日|天|微克/立方米|微克每立方米|毫克/升|毫克|微克|千克|公斤|' +
  '平方公里|平方米|立方米|公里|千米|千瓦时|千瓦|兆瓦|公顷|家|个|件|张|项|次|名|人|户|' +
  '所|座|条|米|亩|吨|台|辆|套|处|批|篇|场次|场|部|种|类|款|只|份|册|倍|支|位|间|栋|宗';
const CHINESE_LEADING_DIGITS = '一二两兩三四五六七八九十';
const CHINESE_DIGITS = `〇零${CHINESE_LEADING_DIGITS}百千`;
/**
 * A number in Chinese numerals, as `chineseNumeralValue` reads it. It starts with a digit or 十 (万家/百户/千家万户 are
 * not counts) and does not end in 万/亿, which are read as the magnitude, as after digits. The upper end of a range
 * (两到三个) is left out, as 3-5家 is.
 */
const CHINESE_NUMERAL =
  `(?<![${CHINESE_DIGITS}万亿][到至]?)` +
  `[${CHINESE_LEADING_DIGITS}](?:[${CHINESE_DIGITS}万亿]{0,10}[${CHINESE_DIGITS}])?`;
/**
 * number (digits or Chinese), magnitude (万/亿), "more than" (余/多), unit: 15万名, 100余家, 1.2万余人, 五家, 一万人次.
 * A range (2-3个, 1到2个, 2—3个) is read at its lower end, the upper one skipped with it. A magnitude closing its clause
 * needs no unit (标识注册总量突破5亿). The look-ahead on the first character lets the engine skip to candidates before it
 * runs the look-behind, which keeps the scan as fast as it was for digits alone.
 */
const CANDIDATE = rx(
  `(?=[\\d${CHINESE_LEADING_DIGITS}])(?<![\\d.．A-Za-z０-９\\-—~～])` +
    `(?:(\\d+(?:\\.\\d+)?)(?:\\s*(?:[-－—–~～]|到)\\s*\\d+(?:\\.\\d+)?)?|(${CHINESE_NUMERAL}))` +
    `\\s*(?:余|多)?\\s*(?:(万|亿)\\s*(?:余|多)?\\s*(${UNIT_SOURCE})?|(${UNIT_SOURCE}))`,
  'g',
);

const CLAUSE_BREAK = /[，,；;：:。！？!?\n]/;
const SENTENCE_BREAK = /[。！？!?\n；;]/;
/** A full stop: the clauses of a statement (2019年达到90%；2020年达到95%) may give one indicator its milestones. */
const STATEMENT_BREAK = /[。！？!?\n]/;

const COMPARATOR_WORD = rx(
  '(≥|≤|＞|＜|>|<|不低于|不少于|不超过|不高于|不大于|至少|降低到|下降到|减少到|降至|降到|减至|控制在|稳定在|保持在|超过|突破|高于|多于|大于|' +
    '小于|低于|少于|达到|达|新增|增加|争创|培育|建成|创建|打造|完成|提高|提升|增长|下降|降低|减少|累计|实现)',
  'g',
);
const COMPARATOR_OF: Record<string, TComparator> = {
  '≥': '>=', '≤': '<=', '＞': '>', '>': '>', '＜': '<', '<': '<',
  不低于: '>=', 不少于: '>=', 至少: '>=', 不超过: '<=', 不高于: '<=', 不大于: '<=', 降低到: '<=', 下降到: '<=', 减少到: '<=',
  降至: '<=', 降到: '<=', 减至: '<=', 控制在: '<=', 超过: '>', 突破: '>', 高于: '>', 多于: '>', 大于: '>', 小于: '<',
  低于: '<', 少于: '<',
};

/** Verbs that bring countable things into being: 培育5家, 新建三个. */
const MAKING_VERBS = '培育|新建|建成|建设|创建|打造|争创|扶持|认定|引进|组建|培训|招录|吸纳|评选|遴选';
/**
 * Verbs that bring people or things into a programme, which digits after them count: 选拔100名…, 设立50个…, 资助200名….
 * Not for Chinese numerals, which follow these as often as slogans (实施三大工程).
 */
const ENROLLING_VERBS = '选拔|培养|资助|设立|发布|筹建|发动|组织|服务|转化|创办|产生|选派|评定|建立|实施|推广应用|联通|面向|配备';
/** A count right after one of these verbs is a commitment even when its noun follows: 培育5家龙头企业. */
const COUNT_VERB_BEFORE = rx(
  `(${MAKING_VERBS}|${ENROLLING_VERBS}|达到|达|新增|增加|发展|完成|实现|突破|超过|不少于|不低于|累计|力争|推动|支持|形成|帮助|` +
    '全[区市县省镇州盟旗乡])\\s*(约|近|超|共)?\\s*$',
);
/** The same verbs a few characters before the count, which a modifier of the count stands between: 联通市本级50个部门…,
 * 完成信息平台上线前15项…. */
const COUNT_VERB_NEAR = rx(`(${MAKING_VERBS}|${ENROLLING_VERBS}|完成)\\p{Script=Han}{1,8}$`, 'u');
/**
 * Chinese numerals also name ideas and stand for "a" (四个全面, 推动三次产业融合, 实现一次办结), so a count written in
 * them must follow a bound or a making verb directly, from a narrower list than digits need: 推动/实现/形成/完成 come
 * before slogans as often as before counts. A count closing its clause may instead follow its noun when the clause
 * makes or adds it: 培育科技型领军企业五家, 新增就业一万人.
 */
const CHINESE_COUNT_BEFORE = rx(
  `(${Object.keys(COMPARATOR_OF).join('|')}|稳定在|保持在|达到|达|新增|增加|提高|提升|增长|下降|降低|减少|${MAKING_VERBS})` +
    '\\s*(约|近|超|共)?\\s*$',
);
const CHINESE_COUNT_CLAUSE = rx(`(新增|增加|${MAKING_VERBS})`);
/** 第3, 每5所, 前10名 (a rank, not 上线前15项), 近3年, 连续3年, 满3年, 年满18岁, 每认定1家 (a rate per one), 等62项 (a tally of
 * what the list before names). */
const NOT_A_COMMITMENT_BEFORE = rx('(第|等|每\\p{Script=Han}{0,2}|(排名|进入|位居|位列|居|全国|全省|全市|行业|同类|世界)前|近|连续|满|排名|位列|年满|之一)\\s*$', 'u');
/** 给予50万元, 市财政每年安排5亿元, 由市财政出资1亿元: money paid or set aside, none of it a level to reach. */
const MONEY_GIVEN = rx('(奖励(?!性)|补助|补贴|资助|奖补|扶持资金|给予|拨付|安排|出资|一次性)');
/** A sentence awarding money: every sum in it (最高3000万元, 每家最高100万元) is the award, none a commitment. */
const AWARDING = rx('(给予|奖补|补助|补贴|资助|贴息|拨付|奖励)');
const PERCENT_CONTEXT = rx('(≥|≤|率|比重|比例|占比|覆盖|增长|下降|降低|提高|提升|达到|以上|以下|不低于|超过|控制|减少|增加|稳定|保持|小于|低于|力争|纳入)');
/** 至少配备1名, 不少于100场: a bound a few characters before the number makes it a commitment whatever the verb. */
const BOUND_BEFORE = rx('(至少|不少于|不低于|超过|突破)\\p{Script=Han}{0,3}$', 'u');
/** What continues a list of counts after a target: 选拔100名…、200名…, 引进30名…和50名…, 支持300名…，1000名…. */
const LIST_JOIN_BEFORE = /(?:[、，,]|和|及|与)\s*$/;
const SUFFIX = rx('^\\s*(以上|以下|以内|左右)');
/** 48小时内放行, 3个工作日内办结: a time limit on a service, written with 内 alone (5年内 is a span of years, no limit). */
const LIMIT_UNITS = new Set(['小时', '分钟', '天', '日', '个工作日', '工作日']);
const WITHIN = rx('^内(?![容部外地涵需])');
/** A count the making verb right before it governs, whatever the 的 after it: 形成1000个以上的“数字标签”. */
const MADE_BEFORE = rx(`(形成|构建|${MAKING_VERBS})\\s*(约|近|超|共)?\\s*$`);
/** A count right after 的 counts what a description picks out (关税为零的2034种), unless something makes or reaches it. */
const AFTER_DESCRIPTION = /的\s*$/;
const COMMITTING_VERB = rx(`(${MAKING_VERBS}|${ENROLLING_VERBS}|形成|构建|达到|新增|增加|发展|完成|实现|突破|超过|累计|力争|推动|支持)`);
/** A compound unit before the bound: 0.5吨标准煤以下; not a sum of money qualifying what follows (1000项亿元以上项目). */
const SUFFIX_AFTER_NOUN = rx('^(?![万亿元])(\\p{Script=Han}{1,4}?)(以上|以下|以内|左右)', 'u');
const LEADING_FILLER = rx(
  '^(?:(?:到|至|力争到|争取到)?\\s*\\d{4}\\s*年(?:底|末)?\\s*[,，]?\\s*)?(?:确保|力争|争取|努力|使|实现|引导推动|推动|引导|其中)?',
);

/** 由2015年的…, 从2015年底的…, 以2015年的…: the opening of a base value, with its year where given. */
const BASELINE_OPEN = rx('(由|从|以)\\s*(?:(\\d{4})\\s*年(?:底|末)?\\s*的?)?\\s*$');
/** …提高到, …下降至: the way from the base value to the target. */
const BASELINE_TOWARD = rx('^\\s*(?:的?水平)?\\s*(?:提高|提升|增加|增长|上升|下降|降低|减少|压减|降|升)(?:到|至)');
/** …为基数, …为基期: a base value named as such. */
const BASELINE_AS = rx('^\\s*为(?:基数|基期|基准)');
/** 比2015年下降10%, 较2015年提高: a base year without its value, in the target's own clause. */
const BASELINE_COMPARED = rx('(?:比|较|与)\\s*(\\d{4})\\s*年(?:底|末)?');
/** 以2015年为基数，…: a base year named for the sentence. */
const BASELINE_YEAR_AS = rx('以\\s*(\\d{4})\\s*年(?:底|末)?\\s*为(?:基数|基期|基准)');

/** Hides text inside 《》〔〕“”"" so titles and document numbers never count (《纲要(2011-2020年)》). */
/** Full-width digits and point read as ASCII; the length stays the same, so offsets still hold. */
function halfWidthNumbers(text: string): string {
  return text.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

export function maskQuoted(text: string): string {
  return text.replace(/《[^《》\n]*》|〔[^〔〕\n]*〕|“[^“”\n]*”|“[^“”"\n]*"|"[^"\n]*"|‘[^‘’\n]*’/g, (m) => m[0] + '□'.repeat(m.length - 2) + m[m.length - 1]);
}

/** How far a target's clause may reach around its number: keeps the scan linear on prose without punctuation. */
const WINDOW = 160;

function clauseStartBefore(text: string, at: number, floor: number): number {
  for (let i = at - 1; i >= floor; i--) if (CLAUSE_BREAK.test(text[i]!)) return i + 1;
  return floor;
}

const CLAUSE_BREAK_AHEAD = new RegExp(CLAUSE_BREAK.source, 'g');
const SENTENCE_BREAK_AHEAD = new RegExp(SENTENCE_BREAK.source, 'g');

/** Where the first break at or after `at` stands, within WINDOW characters. */
function breakFrom(text: string, at: number, breaks: RegExp): number {
  const limit = Math.min(text.length, at + WINDOW);
  breaks.lastIndex = at;
  const m = breaks.exec(text);
  return m && m.index < limit ? m.index : limit;
}

function clauseEndFrom(text: string, at: number): number {
  return breakFrom(text, at, CLAUSE_BREAK_AHEAD);
}

function lastComparator(before: string): { word: string; at: number } | null {
  let last: { word: string; at: number } | null = null;
  COMPARATOR_WORD.lastIndex = 0;
  for (let m = COMPARATOR_WORD.exec(before); m; m = COMPARATOR_WORD.exec(before)) last = { word: m[0], at: m.index };
  return last;
}

function simplifiedWord(word: string): string {
  return word.replace(/[於達創爭設實現開長總過內穩續減確]/g, (c) => '于达创争设实现开长总过内稳续减确'['於達創爭設實現開長總過內穩續減確'.indexOf(c)]!);
}

/**
 * Targets in `text` (a measure's text with its annotation left out). `fallbackBy` is what a target is tied to when
 * its own text names no time: the measure's 完成时限, else a year stated once in the opening of its section. A year
 * in the target's own sentence, or an earlier 到YYYY年 in the measure, wins.
 */
export function extractTargets(text: string, fallbackBy: string | null): TTarget[] {
  const masked = halfWidthNumbers(maskQuoted(text));
  const years = new YearCursor(yearMentions(masked));
  const targets: TTarget[] = [];
  /** where each target stands: its text's range and the sentence it is in */
  const places: { start: number; end: number; sentence: number }[] = [];
  let previousEnd = 0;
  let scanned = 0;
  let sentenceStart = 0;
  let statementStart = 0;
  let previous: { end: number; comparator: TComparator } | null = null;
  /** A base value read in the sentence (由2015年的85%…), for the target that follows it there. */
  let baseline: { start: number; end: number; year: string | null; value: number } | null = null;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(masked); m; m = CANDIDATE.exec(masked)) {
    const at = m.index;
    for (; scanned < at; scanned++) {
      if (SENTENCE_BREAK.test(masked[scanned]!)) sentenceStart = scanned + 1;
      if (STATEMENT_BREAK.test(masked[scanned]!)) statementStart = scanned + 1;
    }
    const unitEnd = at + m[0].length;
    const rawUnit = m[4] ?? m[5] ?? '';
    const magnitude = m[3] ?? '';
    const chinese = m[2];
    const number = chinese === undefined ? Number(m[1]) : chineseNumeralValue(chinese);
    const clauseStart = clauseStartBefore(masked, at, Math.max(previousEnd, at - WINDOW));
    const before = masked.slice(clauseStart, at);
    // 由2015年的85%提高到93%, 以2015年的1200件为基数: the number is where the indicator starts, not a target.
    const opening = BASELINE_OPEN.exec(before);
    if (opening && (opening[1] === '以' ? BASELINE_AS.test(masked.slice(unitEnd, unitEnd + 6)) : BASELINE_TOWARD.test(masked.slice(unitEnd, unitEnd + 8)))) {
      const start = clauseStart + opening.index;
      baseline = { start, end: unitEnd, year: opening[2] ?? null, value: !magnitude || (m[5] ?? m[4]) === '元' ? number : number * (magnitude === '亿' ? 1e8 : 1e4) };
      // The base year is no year the target is due by.
      years.skip(start, unitEnd);
      continue;
    }
    const bounded = BOUND_BEFORE.test(before);
    if (chinese !== undefined && !isChineseCount(chinese, number, magnitude, rawUnit, masked[unitEnd], bounded)) continue;
    const isPercent = PERCENT_UNITS.has(rawUnit);
    const within = LIMIT_UNITS.has(rawUnit) && !magnitude ? WITHIN.exec(masked.slice(unitEnd, unitEnd + 2)) : null;
    const direct: readonly [string, string] | null = within
      ? [within[0], '以内']
      : (SUFFIX.exec(masked.slice(unitEnd, unitEnd + 4)) as [string, string] | null);
    const compound = direct || isPercent ? null : SUFFIX_AFTER_NOUN.exec(masked.slice(unitEnd, unitEnd + 8));
    const suffix = direct ? { length: direct[0].length, word: direct[1]! } : compound ? { length: compound[0].length, word: compound[2]! } : null;
    const end = unitEnd + (suffix?.length ?? 0);
    const isMoney = rawUnit === '元';
    // 每5所幼儿园配备1名: a rate per so many, not a count
    if (NOT_A_COMMITMENT_BEFORE.test(before) || PER_SO_MANY.test(before)) continue;
    if ((isMoney || isPercent) && MONEY_GIVEN.test(before)) continue;
    const dated = datedBracketAfter(masked, end);
    const atClauseEnd =
      end >= masked.length || CLAUSE_BREAK.test(masked[end]!) || masked[end] === '、' || /[)）]/.test(masked[end]!) || dated?.start === end;
    // 突破5亿: a magnitude stands without a unit only where its clause ends
    if (!rawUnit && (chinese !== undefined || !atClauseEnd)) continue;
    const clauseEnd = clauseEndFrom(masked, end);
    if (isMoney && AWARDING.test(masked.slice(sentenceStart, sentenceEndFrom(masked, end)))) continue;
    if (isPercent && (AWARDING.test(masked.slice(end, clauseEnd)) || (/^的?比例/.test(masked.slice(end, end + 3)) && before.includes('按')))) continue;
    // 年产值2000万元以上的企业, 超过1000人规模的学校, 年销售收入首次达到2000万元、5000万元的: qualifiers, not commitments;
    // 90%以上的企业建立… is still one
    if (!isPercent && !MADE_BEFORE.test(before) && (QUALIFIER_AFTER.test(masked.slice(end, clauseEnd)) || /的\s*$/.test(masked.slice(end, clauseEnd)))) continue;
    if (!within && !isPercent && AFTER_DESCRIPTION.test(before) && !bounded && !COMMITTING_VERB.test(before)) continue;
    // 选拔100名…、200名…: a count right after a target in its sentence, joined to it, continues its list
    const continuesList: boolean = previous !== null && previous.end >= sentenceStart && LIST_JOIN_BEFORE.test(masked.slice(previous.end, at));
    let isTarget: boolean;
    if (isPercent) {
      const clause = masked.slice(clauseStart, clauseEndFrom(masked, unitEnd));
      isTarget = PERCENT_CONTEXT.test(clause);
    } else {
      isTarget = Boolean(suffix) || (atClauseEnd && /\p{Script=Han}{2}/u.test(before)) || COUNT_VERB_BEFORE.test(before) || COUNT_VERB_NEAR.test(before.slice(-12)) || bounded || continuesList;
    }
    if (chinese !== undefined)
      isTarget &&= CHINESE_COUNT_BEFORE.test(before) || (atClauseEnd && CHINESE_COUNT_CLAUSE.test(before));
    if (!isTarget) continue;

    const comparatorWord = lastComparator(before);
    const comparator: TComparator = suffix
      ? suffix.word === '以上' ? '>=' : suffix.word === '左右' ? comparatorFromWord(comparatorWord, isPercent) : '<='
      : !comparatorWord && continuesList ? previous!.comparator : comparatorFromWord(comparatorWord, isPercent);
    const nounFollows = /\p{Script=Han}/u.test(masked[end] ?? '');
    const textEnd = dated ? dated.start : atClauseEnd || (suffix && !nounFollows) ? end : clauseEndFrom(masked, end);
    const filler = LEADING_FILLER.exec(text.slice(clauseStart, at))![0].length;
    const targetStart = clauseStart + filler;
    // The comparator ends the indicator when it governs the number (合格率达到95%); a verb with its own object before
    // the number is part of what is counted (全年完成检查10次: 完成检查, not 全年).
    const governsNumber = comparatorWord && /^[到至为在]?[^\p{Script=Han}]*$/u.test(before.slice(comparatorWord.at + comparatorWord.word.length));
    const ownBase = baseline && baseline.start >= sentenceStart && baseline.end <= at ? baseline : null;
    baseline = null;
    const compared = ownBase ? null : BASELINE_COMPARED.exec(before);
    const governed = governsNumber && clauseStart + comparatorWord.at > targetStart ? clauseStart + comparatorWord.at : at;
    // 合格率由2015年的85%提高到, 能耗比2015年下降: the indicator ends where its starting point is named.
    const baseStart = ownBase?.start ?? (compared ? clauseStart + compared.index : null);
    const indicatorEnd = baseStart !== null && baseStart > targetStart && baseStart < governed ? baseStart : governed;
    const indicatorStart = targetStart + (LEADING_TIME.exec(text.slice(targetStart, indicatorEnd))?.[0].length ?? 0);
    const namedAs = ownBase || compared ? null : BASELINE_YEAR_AS.exec(masked.slice(sentenceStart, at));
    // The base year is no year the target is due by.
    if (namedAs) years.skip(sentenceStart + namedAs.index, sentenceStart + namedAs.index + namedAs[0].length);
    const baseYear = compared ?? namedAs;
    targets.push({
      text: text.slice(targetStart, textEnd).trim(),
      indicator: text.slice(indicatorStart, indicatorEnd).trim(),
      comparator,
      value: isMoney || !magnitude ? number : number * (magnitude === '亿' || magnitude === '億' ? 1e8 : 1e4),
      unit: (isMoney ? magnitude + rawUnit : rawUnit) + (compound?.[1] ?? ''),
      by: dated?.by ?? years.before(at, sentenceStart) ?? fallbackBy,
      ...(ownBase ? { baseline: { year: ownBase.year, value: ownBase.value } } : baseYear ? { baseline: { year: baseYear[1]!, value: null } } : {}),
    });
    places.push({ start: targetStart, end: textEnd, sentence: statementStart });
    // the bracketed date is this target's alone: later targets in the sentence are not tied to it
    if (dated) years.skip(dated.start, dated.end);
    const after = dated?.end ?? end;
    previousEnd = masked[after] === '、' ? after + 1 : after;
    previous = { end: after, comparator };
  }
  return withMilestones(text, targets, places);
}

/**
 * 2019年合格率达到90%，2020年达到95%: one indicator given a value for each of several years in one statement is one target,
 * its value and year the last ones, with every year's value as a milestone due in its year.
 */
/** An indicator that names nothing but its comparator: 2020年达到95% (达到). */
const BARE_INDICATOR = new RegExp(`^(${COMPARATOR_WORD.source})?$`);

function withMilestones(text: string, targets: TTarget[], places: { start: number; end: number; sentence: number }[]): TTarget[] {
  const out: TTarget[] = [];
  let group: { target: TTarget; start: number; sentence: number } | null = null;
  targets.forEach((target, i) => {
    const place = places[i]!;
    const last = group?.target;
    const continues =
      last !== undefined && group!.sentence === place.sentence && target.unit === last.unit && target.by !== null && last.by !== null &&
      target.by > last.by && (BARE_INDICATOR.test(target.indicator) || target.indicator === last.indicator);
    if (!continues) {
      group = { target, start: place.start, sentence: place.sentence };
      out.push(target);
      return;
    }
    const merged: TTarget = {
      ...last,
      text: text.slice(group!.start, place.end).trim(),
      comparator: target.comparator,
      value: target.value,
      by: target.by,
      milestones: [...(last.milestones ?? [{ by: last.by!, value: last.value }]), { by: target.by!, value: target.value }],
    };
    out[out.length - 1] = merged;
    group!.target = merged;
  });
  return out;
}

function sentenceEndFrom(text: string, at: number): number {
  return breakFrom(text, at, SENTENCE_BREAK_AHEAD);
}

const PER_SO_MANY = /每\s*\d/;

/** A number qualifying the noun after it: 1000人规模的学校, 200人以上的企业. */
const QUALIFIER_AFTER = rx('^(规模|及以上|及以下)?的');

/** When, not what: a time word opening a target names no indicator (全年完成检查10次, 年内培训200人次). */
const LEADING_TIME = /^(?:全年|年内|今年|当年|本年度?)(?=\p{Script=Han})/u;

/** A noun a target may name after its number before its bracketed date: 新建3个检测中心（2027年）. */
const NOUN_BEFORE_BRACKET = /^\p{Script=Han}{0,12}?(?=[(（])/u;

/**
 * A date in brackets right after a target (培育5家（2027年底前完成）, 合格率达到95%以上（2026年）, 新建3个检测中心（2027年）):
 * where the brackets stand, and the target's `by`.
 */
function datedBracketAfter(text: string, end: number): { start: number; end: number; by: string } | null {
  const noun = NOUN_BEFORE_BRACKET.exec(text.slice(end, end + 13));
  if (!noun) return null;
  const start = end + noun[0].length;
  const due = bracketedDueBy(text.slice(start, start + 40));
  return due ? { start, end: start + due.length, by: due.by } : null;
}

/**
 * Whether a Chinese numeral before its unit reads as a number of things. A lone 一 is the article (一批, 一次性), a lone
 * 二 an ordinal (二次供水, 二类), since counts say 两; 三类 names a class and 三分之一 a fraction.
 */
function isChineseCount(numeral: string, value: number, magnitude: string, unit: string, afterUnit: string | undefined, bounded: boolean): boolean {
  // 至少建成一所: after a bound, 一 is one
  if (Number.isNaN(value) || (!magnitude && (numeral === '二' || (numeral === '一' && !bounded)))) return false;
  return unit !== '类' && unit !== '類' && !(unit === '分' && afterUnit === '之');
}

function comparatorFromWord(word: { word: string } | null, isPercent: boolean): TComparator {
  if (word) return COMPARATOR_OF[simplifiedWord(word.word)] ?? '>=';
  return isPercent ? '=' : '>=';
}

/** Walks the year mentions forward with the targets, so each target costs only the years since the last one. */
class YearCursor {
  private next = 0;
  private last: TYearMention | null = null;
  private lastStrong: TYearMention | null = null;
  /** spans whose years belong to one target alone, in text order */
  private readonly skipped: { start: number; end: number }[] = [];
  private nextSkipped = 0;

  constructor(private readonly years: TYearMention[]) {}

  /** Leaves the years between start and end out of what later targets are tied to. */
  skip(start: number, end: number): void {
    this.skipped.push({ start, end });
  }

  /** The year of the target's own sentence, else the last 到YYYY年 earlier in the measure. */
  before(at: number, sentenceStart: number): string | null {
    while (this.next < this.years.length && this.years[this.next]!.at < at) {
      const year = this.years[this.next++]!;
      while (this.nextSkipped < this.skipped.length && this.skipped[this.nextSkipped]!.end <= year.at) this.nextSkipped++;
      const span = this.skipped[this.nextSkipped];
      if (span && span.start <= year.at) continue;
      this.last = year;
      if (year.strong) this.lastStrong = year;
    }
    if (this.last && this.last.at >= sentenceStart) return this.last.by;
    return this.lastStrong?.by ?? null;
  }
}
