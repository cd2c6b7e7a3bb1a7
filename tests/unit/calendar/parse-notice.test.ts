import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_2026 } from '../../../calendar/data/cn';
import { parseHolidayNotice, type TNoticeParse } from '../../../calendar/parse-notice';
import { addDays, dayOfWeek, daysBetween, type TCalendarDay } from '../../../calendar/working-days';

const CLAUSES_2026 = [
  '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
  '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
  '三、清明节：4月4日（周六）至6日（周一）放假，共3天。',
  '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。',
  '五、端午节：6月19日（周五）至21日（周日）放假，共3天。',
  '六、中秋节：9月25日（周五）至27日（周日）放假，共3天。',
  '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。',
];

/** A notice as it is published: title, document number, addressees, preamble, clauses, closing, signature. */
function notice(year: number, clauses: readonly string[]): string {
  return [
    `国务院办公厅关于${year}年部分节假日安排的通知`,
    `国办发明电〔${year - 1}〕7号`,
    '',
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    `　　经国务院批准，现将${year}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。`,
    ...clauses.map((c) => `　　${c}`),
    '　　节假日期间，各地区、各部门要妥善安排好值班和安全保卫等工作，遇有重大突发事件要按规定及时报告并妥善处置，确保人民群众平安祥和过节。',
    '',
    '国务院办公厅',
    `${year - 1}年11月4日`,
  ].join('\n');
}

/** The line of `needle` in `text`, 1-based, as a problem should name it. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function okResult(parsed: TNoticeParse) {
  if (!parsed.ok) throw new Error(`expected the notice to parse: ${JSON.stringify(parsed.problems)}`);
  return parsed;
}

function problemsOf(parsed: TNoticeParse) {
  if (parsed.ok) throw new Error('expected problems, the notice parsed');
  return parsed.problems;
}

function span(first: string, last: string, name: string): TCalendarDay[] {
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => ({ date: addDays(first, i), kind: 'holiday' as const, name }));
}
const workday = (date: string, festival: string): TCalendarDay => ({ date, kind: 'workday', name: `${festival}调休上班` });

describe('the 2026 notice', () => {
  const text = notice(2026, CLAUSES_2026);

  it('gives exactly the shipped 2026 calendar, ignoring preamble, closing paragraph and signature', () => {
    const parsed = okResult(parseHolidayNotice(text));
    expect(parsed.year).toBe(2026);
    expect(parsed.days).toEqual(CN_2026);
    expect(parsed.elsewhere).toEqual([]);
  });

  it('summarises each festival with its range, length and make-up days', () => {
    const parsed = okResult(parseHolidayNotice(text));
    expect(parsed.festivals.map((f) => f.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']);
    expect(parsed.festivals[1]).toEqual({ name: '春节', first: '2026-02-15', last: '2026-02-23', days: 9, workdays: ['2026-02-14', '2026-02-28'] });
    expect(parsed.festivals[6]).toEqual({ name: '国庆节', first: '2026-10-01', last: '2026-10-07', days: 7, workdays: ['2026-09-20', '2026-10-10'] });
  });

  it('reads the same with half-width punctuation, Arabic numbering and no indentation', () => {
    const halfWidth = text
      .replace(/：/g, ':')
      .replace(/，/g, ',')
      .replace(/（/g, '(')
      .replace(/）/g, ')')
      .replace(/　/g, '')
      .replace(/^[一二三四五六七]、/gm, (m) => `${'一二三四五六七'.indexOf(m[0]!) + 1}. `);
    expect(halfWidth).toContain('2. 春节:2月15日(农历腊月二十八、周日)');
    expect(okResult(parseHolidayNotice(halfWidth)).days).toEqual(CN_2026);
  });

  it('reads clauses run together on one line, unnumbered, or broken over lines', () => {
    const text2 = [
      '2026年部分节假日安排',
      `${CLAUSES_2026.slice(0, 3).join('')}${CLAUSES_2026[3]!.replace('四、', '')}`,
      '五、端午节：6月19日（周五）至21日',
      '（周日）放假，共3天。',
      CLAUSES_2026[5],
      '七、国庆节：10月1日（周四）至7日（周三）放假调休，',
      '共7天。9月20日（周日）、',
      '10月10日（周六）上班。',
    ].join('\n');
    expect(okResult(parseHolidayNotice(text2)).days).toEqual(CN_2026);
  });

  it('takes the month of a make-up day written as the day alone from the date before it', () => {
    const text2 = notice(2026, [CLAUSES_2026[1]!.replace('2月14日（周六）、2月28日（周六）上班', '2月14日、28日上班')]);
    expect(okResult(parseHolidayNotice(text2)).festivals[0]!.workdays).toEqual(['2026-02-14', '2026-02-28']);
  });
});

describe('the 2025 notice', () => {
  const text = notice(2025, [
    '一、元旦：1月1日（周三）放假1天，不调休。',
    '二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。',
    '三、清明节：4月4日（周五）至6日（周日）放假，共3天。',
    '四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。',
    '五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。',
    '六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。',
  ]);

  it('gives a single-day 元旦, a 春节 across months and a combined 国庆节、中秋节', () => {
    const parsed = okResult(parseHolidayNotice(text));
    expect(parsed.year).toBe(2025);
    expect(parsed.days).toEqual([
      ...span('2025-01-01', '2025-01-01', '元旦'),
      workday('2025-01-26', '春节'),
      ...span('2025-01-28', '2025-02-04', '春节'),
      workday('2025-02-08', '春节'),
      ...span('2025-04-04', '2025-04-06', '清明节'),
      workday('2025-04-27', '劳动节'),
      ...span('2025-05-01', '2025-05-05', '劳动节'),
      ...span('2025-05-31', '2025-06-02', '端午节'),
      workday('2025-09-28', '国庆节、中秋节'),
      ...span('2025-10-01', '2025-10-08', '国庆节、中秋节'),
      workday('2025-10-11', '国庆节、中秋节'),
    ]);
    expect(parsed.festivals.find((f) => f.name === '国庆节、中秋节')?.days).toBe(8);
  });

  it('every make-up day in it falls on a weekend', () => {
    for (const d of okResult(parseHolidayNotice(text)).days.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(dayOfWeek(d.date));
  });
});

describe('a 元旦 that starts in the year before', () => {
  const text = notice(2023, [
    '一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。',
    '二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。',
  ]);

  it('keeps days of the notice’s year and sets the earlier year’s day aside', () => {
    const parsed = okResult(parseHolidayNotice(text));
    expect(parsed.elsewhere).toEqual([{ date: '2022-12-31', kind: 'holiday', name: '元旦' }]);
    expect(parsed.days.slice(0, 2)).toEqual(span('2023-01-01', '2023-01-02', '元旦'));
    expect(parsed.days).toHaveLength(2 + 7 + 2);
    expect(parsed.festivals[0]).toEqual({ name: '元旦', first: '2022-12-31', last: '2023-01-02', days: 3, workdays: [] });
  });
});

describe('the year', () => {
  const clauses = CLAUSES_2026.join('\n');

  it('comes from the options when the text has none', () => {
    expect(okResult(parseHolidayNotice(clauses, { year: 2026 })).days).toEqual(CN_2026);
  });

  it('comes from the first lines when there is no title, but not from a publication date', () => {
    const text = `发布日期：2025年11月04日\n经国务院批准，现将2026年元旦等节日放假安排通知如下：\n${clauses}`;
    expect(okResult(parseHolidayNotice(text)).year).toBe(2026);
  });

  it('missing is a problem', () => {
    const problems = problemsOf(parseHolidayNotice(clauses));
    expect(problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('未找到年份') })]);
  });

  it('asked for one year, a notice titled with another is a problem on the title line', () => {
    const text = notice(2026, CLAUSES_2026);
    const parsed = parseHolidayNotice(text, { year: 2027 });
    expect(parsed.year).toBe(2027);
    expect(problemsOf(parsed)).toContainEqual({ line: 1, text: '国务院办公厅关于2026年部分节假日安排的通知', message: expect.stringContaining('不一致') });
  });
});

describe('problems name the line and return nothing partial', () => {
  it.each([
    ['共N天 disagreeing with the range', '三、清明节：4月4日（周六）至6日（周一）放假，共4天。', '共4天'],
    ['a range ending before it starts', '七、国庆节：10月7日至1日放假调休，共7天。', '早于'],
    ['a date that does not exist', '二、春节：2月30日至3月2日放假调休，共3天。', '不存在'],
    ['a make-up day on a weekday', '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日（周一）上班。', '不是周末'],
    ['a make-up day inside the holiday', '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月3日（周六）上班。', '放假期间'],
    ['a weekday that disagrees with the date', '一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。', '实为周四'],
    ['a clause written in a way it cannot read', '三、清明节：4月4日到6日放假，共3天。', '无法读取'],
    ['a day count it cannot read', '三、清明节：4月4日（周六）至6日（周一）放假，共三天。', '无法读取'],
    ['a line that looks like a clause but is not one', '清明：4月4日至6日放假，共3天。', '无法读取'],
  ])('%s', (_, line, message) => {
    const text = notice(2026, [...CLAUSES_2026.slice(0, 2), line, ...CLAUSES_2026.slice(4)]);
    const parsed = parseHolidayNotice(text);
    expect(parsed).not.toHaveProperty('days');
    expect(problemsOf(parsed)).toContainEqual({ line: lineOf(text, line), text: line, message: expect.stringContaining(message) });
  });

  it('a make-up day of one festival on another’s holiday', () => {
    const text = notice(2026, ['六、中秋节：9月25日（周五）至27日（周日）放假，共3天。', '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月26日（周六）上班。']);
    expect(problemsOf(parseHolidayNotice(text))).toEqual([
      expect.objectContaining({ line: lineOf(text, '七、国庆节'), message: expect.stringContaining('落在中秋节放假期间') }),
    ]);
  });

  it('the same holiday twice', () => {
    const text = notice(2026, ['六、中秋节：10月1日（周四）至3日（周六）放假，共3天。', '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。']);
    expect(problemsOf(parseHolidayNotice(text))).toContainEqual(expect.objectContaining({ line: lineOf(text, '七、国庆节'), message: expect.stringContaining('重复') }));
  });

  it('a problem inside a clause broken over lines names the line holding the bad date', () => {
    const text = notice(2026, ['七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。', '9月20日（周日）、10月9日（周五）上班。']);
    expect(problemsOf(parseHolidayNotice(text))).toEqual([expect.objectContaining({ line: lineOf(text, '10月9日'), message: expect.stringContaining('不是周末') })]);
  });

  it('lists every problem, in reading order', () => {
    const text = notice(2026, ['一、元旦：1月1日（周五）至3日（周六）放假调休，共4天。', '二、春节：2月15日至23日放假调休，共9天。2月16日（周一）上班。']);
    expect(problemsOf(parseHolidayNotice(text)).map((p) => [p.line, p.message.split(' / ')[0]])).toEqual([
      [lineOf(text, '一、元旦'), '1月1日写作周五，实为周四'],
      [lineOf(text, '一、元旦'), '元旦：写明共4天，2026-01-01至2026-01-03实为3天'],
      [lineOf(text, '二、春节'), '春节：调休上班日2月16日是周一，不是周末'],
      [lineOf(text, '二、春节'), '春节：调休上班日2月16日落在春节放假期间，同一天既放假又上班'],
    ]);
  });

  it('a notice with no festival at all', () => {
    const problems = problemsOf(parseHolidayNotice(notice(2026, [])));
    expect(problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('未找到任何节日') })]);
  });

  it('every message gives Chinese first, then English', () => {
    const text = notice(2026, ['三、清明节：4月4日（周五）至6日（周一）放假，共4天。', '清明：4月4日放假。']);
    for (const p of problemsOf(parseHolidayNotice(text))) expect(p.message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff][^/]* \/ [A-Za-z0-9]/);
  });
});

describe('properties', () => {
  // Whole clauses often enough that many texts do parse, so the property is about real results, not only rejections.
  const fragment = fc.oneof(
    fc.string({ unit: 'binary' }),
    { arbitrary: fc.constantFrom(...CLAUSES_2026), weight: 4 },
    fc.constantFrom('一、', '元旦', '春节', '国庆节、中秋节', '：', ':', '，', '。', '\n', '至', '放假', '调休', '共3天', '上班', '补休', '不调休'),
    fc.constantFrom('（周六）', '(周日)', '2026年', '2022年', '关于2026年部分节假日安排的通知', '2月30日', '12月31日', '28日', '9999年'),
    fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([m, d]) => `${m}月${d}日`),
  );

  it('any text parses without throwing, and every day read lies in the year, sorted, each date once', () => {
    let readable = 0;
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.option(fc.constantFrom(2025, 2026), { nil: undefined }), (parts, year) => {
        const parsed = parseHolidayNotice(parts.join(''), year === undefined ? {} : { year });
        if (!parsed.ok) return;
        readable += 1;
        const dates = parsed.days.map((d) => d.date);
        for (const date of dates) expect(date.slice(0, 4)).toBe(String(parsed.year));
        expect(dates).toEqual([...dates].sort());
        expect(new Set([...dates, ...parsed.elsewhere.map((d) => d.date)]).size).toBe(dates.length + parsed.elsewhere.length);
      }),
      { numRuns: 2000 },
    );
    expect(readable).toBeGreaterThan(0);
  });
});
