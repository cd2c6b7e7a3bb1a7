import { describe, expect, it } from 'vitest';
import { CN_2026 } from '../../../calendar/data/cn';
import { formatDayLines, parseDayLines } from '../../../calendar/day-lines';

describe('the day-per-line editor format', () => {
  it('reads back exactly what it writes, for the whole of 2026', () => {
    expect(parseDayLines(formatDayLines(CN_2026))).toEqual({ days: [...CN_2026], problems: [] });
  });

  it('writes a make-up day without its 调休上班 suffix and puts it back when read', () => {
    expect(formatDayLines([{ date: '2026-02-14', kind: 'workday', name: '春节调休上班' }])).toBe('2026-02-14 上班 春节');
    expect(parseDayLines('2026-2-14 班 春节').days).toEqual([{ date: '2026-02-14', kind: 'workday', name: '春节调休上班' }]);
  });

  it('skips blank and # lines, sorts by date, and names every line it cannot read', () => {
    const r = parseDayLines('# 本地安排\n2026-10-08 放假 国庆节\n\n2026-10-01 holiday 国庆节\n2026-13-01 放假 x\n10月9日 放假\n2026-10-10 加班 国庆节');
    expect(r.days.map((d) => d.date)).toEqual(['2026-10-01', '2026-10-08']);
    expect(r.problems.map((p) => p.line)).toEqual([5, 6, 7]);
    expect(r.problems[0]!.message).toContain('不是有效日期');
  });
});
