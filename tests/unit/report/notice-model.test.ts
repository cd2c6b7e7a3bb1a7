import { describe, expect, it } from 'vitest';
import { chineseOrdinal, docNumberText, noticeBody, noticeDateText, signatureIndents, ZNoticeSchema } from '../../../report/notice-model';
import { suzhouNotice } from '../../support/notice-fixtures';

describe('the 通报’s fixed wording', () => {
  it.each([
    [{ prefix: '苏质强办', year: 2026, seq: 3 }, '苏质强办〔2026〕3号'],
    [{ prefix: '阿盟质发', year: 2027, seq: 12 }, '阿盟质发〔2027〕12号'],
  ])('文号 %o prints as %s: the year in 六角括号, the number without 第 or a leading zero', (n, text) => {
    expect(docNumberText(n)).toBe(text);
  });

  it.each([
    ['2026-12-07', '2026年12月7日'],
    ['2027-01-15', '2027年1月15日'],
  ])('成文日期 %s prints as %s (Arabic numerals, no leading zeros, GB/T 9704-2012)', (iso, text) => {
    expect(noticeDateText(iso)).toBe(text);
  });

  it.each([
    [1, '一'],
    [3, '三'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [21, '二十一'],
  ])('heading %i is numbered %s、', (n, text) => {
    expect(chineseOrdinal(n)).toBe(text);
  });

  it('numbers the headings 一、二、三、 and each list of units from 1., ending every reason with a full stop', () => {
    const lines = noticeBody(suzhouNotice()).map((b) => b.text);
    expect(lines.filter((l) => /^[一二三]、/.test(l))).toEqual(['一、通报表扬', '二、通报批评', '三、工作要求']);
    expect(lines).toContain('1.张家港市人民政府：全年12项措施均按期办结，质量强市指标全部达到年度目标。');
    expect(lines).toContain('2.市市场监管局：牵头的8项措施按期报送、无一退回，制造业产品质量合格率达到94.2%。');
    expect(lines).toContain('1.市交通运输局：“公路工程质量提升”一项超期45个工作日未办结，经两次督办仍未报送进展。');
  });
});

describe('where 署名 and 成文日期 stand (GB/T 9704-2012 7.3.5.2)', () => {
  it('a long 署名 stands two characters from the right; the date starts two characters right of it', () => {
    // 苏州市质量强市工作领导小组办公室: 16 characters; 2026年12月7日: 4 + 2 half-width digits… = 6.5.
    // 署名 spans columns 11–26 of 28; the date starts at column 13 and so ends 16 − 6.5 = 9.5 from the right.
    expect(signatureIndents(suzhouNotice())).toEqual({ issuer: 2, date: 9.5 });
  });

  it('a short 署名 moves right with a date that would come closer than two characters to the edge', () => {
    // 市质量办: 4 characters; the date (6.5) starting two columns in would end 0.5 beyond the 署名's end, so the date
    // stands two from the right and the 署名 4 + 6.5 − 4 = 6.5 from it, still two columns ahead of the date.
    expect(signatureIndents(suzhouNotice({ issuer: '市质量办' }))).toEqual({ issuer: 6.5, date: 2 });
  });
});

describe('a notice that cannot be printed is refused, naming the field', () => {
  const base = () => JSON.parse(JSON.stringify(suzhouNotice())) as Record<string, unknown>;
  const refusal = (input: unknown) => {
    const parsed = ZNoticeSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    return parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('a control character pasted into a unit’s name (Word could not open the file)', () => {
    const input = base();
    (input.sections as { units: { unit: string }[] }[])[1]!.units[0]!.unit = '张家港\u0007市';
    expect(refusal(input)).toEqual(['sections.1.units.0.unit: 单位名称含有控制字符 / 单位名称 has a control character']);
  });

  it('a 表扬 section that names no unit, and units listed in plain text', () => {
    const input = base();
    input.sections = [
      { kind: 'praise', heading: '通报表扬', paragraphs: ['予以表扬：'] },
      { kind: 'text', paragraphs: ['正文'], units: [{ unit: '市商务局', reason: '按期报送' }] },
    ];
    expect(refusal(input)).toEqual([
      'sections.0.units: 表扬或批评一节须列出单位 / a praise or criticism section lists its units',
      'sections.1.units: 只有表扬或批评一节列出单位 / only a praise or criticism section lists units',
    ]);
  });

  it('an empty title, no body, a date that does not exist', () => {
    const input = { ...base(), title: '  ', sections: [], signedOn: '2026-02-30' };
    expect(refusal(input)).toEqual([
      'title: 标题不能为空 / 标题 is empty',
      'sections: 正文为空 / the notice has no text',
      'signedOn: a real date',
    ]);
  });
});
