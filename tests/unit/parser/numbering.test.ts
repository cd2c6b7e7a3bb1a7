import { describe, expect, it } from 'vitest';
import { matchMarker, matchMarkers } from '../../../parser/numbering';
import { parsePlan } from '../../../parser/parse-plan';

/** Each measure as ref, text and lead unit. */
function measures(lines: string[]): [string, string, string][] {
  return parsePlan(lines.join('\n')).measures.map((m) => [m.ref, m.text, m.lead.join('、')]);
}

describe('items numbered with Latin letters, Roman numerals, heavenly stems and earthly branches', () => {
  it.each([
    ['A. B.', 'A.', 'B.', 'A', 'B'],
    ['a、 b、', 'a、', 'b、', 'a', 'b'],
    ['（a） （b）', '（a）', '（b）', '（a）', '（b）'],
    ['(A) (B)', '(A)', '(B)', '(A)', '(B)'],
    ['a) b)', 'a)', 'b)', 'a)', 'b)'],
    ['Ａ． Ｂ．', 'Ａ．', 'Ｂ．', 'Ａ', 'Ｂ'],
    ['Ⅰ、 Ⅱ、', 'Ⅰ、', 'Ⅱ、', 'Ⅰ', 'Ⅱ'],
    ['Ⅰ. Ⅱ.', 'Ⅰ.', 'Ⅱ.', 'Ⅰ', 'Ⅱ'],
    ['ⅰ. ⅱ.', 'ⅰ.', 'ⅱ.', 'ⅰ', 'ⅱ'],
    ['I. II.', 'I.', 'II.', 'I', 'II'],
    ['i. ii.', 'i.', 'ii.', 'i', 'ii'],
    ['(i) (ii)', '(i)', '(ii)', '(i)', '(ii)'],
    ['甲、 乙、', '甲、', '乙、', '甲', '乙'],
    ['（甲） （乙）', '（甲）', '（乙）', '（甲）', '（乙）'],
    ['子、 丑、', '子、', '丑、', '子', '丑'],
    ['（子） （丑）', '（子）', '（丑）', '（子）', '（丑）'],
  ])('reads %s as items, with refs as written', (_, first, second, firstLabel, secondLabel) => {
    expect(
      measures(['一、重点任务', '（一）加强质量监管', `${first}开展监督抽查。（市市场监管局负责）`, `${second}公开抽查结果。（市商务局负责）`]),
    ).toEqual([
      [`一/（一）/${firstLabel}`, '开展监督抽查。（市市场监管局负责）', '市市场监管局'],
      [`一/（一）/${secondLabel}`, '公开抽查结果。（市商务局负责）', '市商务局'],
    ]);
  });

  it('nests each style at the level where it first appears', () => {
    expect(
      measures([
        '一、重点任务',
        'A. 加强质量监管',
        'Ⅰ、开展监督抽查。（市市场监管局负责）',
        'Ⅱ、公开抽查结果。（市商务局负责）',
        'B. 强化质量服务',
        'Ⅰ、建设检测平台。（市科技局负责）',
      ]).map(([ref]) => ref),
    ).toEqual(['一/A/Ⅰ', '一/A/Ⅱ', '一/B/Ⅰ']);
  });

  it('tells the ninth letter from the first Roman numeral by the list around it', () => {
    const letters = 'abcdefghij'.split('').map((l, k) => `${l}.推进第${k + 1}项工作。（市发改委负责）`);
    expect(measures(['一、重点任务', ...letters]).map(([ref]) => ref)).toEqual('abcdefghij'.split('').map((l) => `一/${l}`));
    const romans = ['i', 'ii', 'iii', 'iv', 'v', 'vi'].map((r, k) => `${r}.推进第${k + 1}项工作。（市发改委负责）`);
    expect(measures(['一、重点任务', ...romans]).map(([ref]) => ref)).toEqual(['i', 'ii', 'iii', 'iv', 'v', 'vi'].map((r) => `一/${r}`));
  });

  it.each([
    ['a grade', 'A级企业要开展质量对标。'],
    ['a list of grades', 'A、B两类企业要开展质量对标。'],
    ['an abbreviation', 'i.e.开展质量对标。'],
    ['e.g.', 'e.g.开展质量对标。'],
    ['a standard’s number', 'X.509证书要全面推广。'],
    ['a letter out of the blue', 'C.开展质量对标。'],
    ['an English word', 'OK.开展质量对标。'],
    ['the parties of a contract', '甲、乙双方要开展质量对标。'],
    ['a party out of the blue', '丙、开展质量对标。'],
    ['a list of hours', '子、丑时要开展质量对标。'],
    ['a branch out of the blue', '午、开展质量对标。'],
    ['a grade in Roman numerals', 'Ⅱ类企业要开展质量对标。'],
    ['a list of Roman grades', 'Ⅱ、Ⅲ类企业要开展质量对标。'],
  ])('leaves %s in the text of its item', (_, line) => {
    expect(measures(['一、重点任务', '（一）加强质量监管。开展监督抽查。', `${line}（市市场监管局负责）`])).toEqual([
      ['一/（一）', `开展监督抽查。\n${line}（市市场监管局负责）`, '市市场监管局'],
    ]);
  });
});

describe('matchMarker', () => {
  it.each([
    ['A.加强', { style: 'upper-letter', value: 1, label: 'A', length: 2, weak: true }],
    ['（c）加强', { style: 'paren-lower-letter', value: 3, label: '（c）', length: 3, weak: true }],
    ['b) 加强', { style: 'lower-letter-paren', value: 2, label: 'b)', length: 3, weak: true }],
    ['Ⅳ、加强', { style: 'upper-roman', value: 4, label: 'Ⅳ', length: 2 }],
    ['ⅻ.加强', { style: 'lower-roman', value: 12, label: 'ⅻ', length: 2 }],
    ['XIV.加强', { style: 'upper-roman', value: 14, label: 'XIV', length: 4, weak: true }],
    ['（丁）加强', { style: 'paren-stem', value: 4, label: '（丁）', length: 3, weak: true }],
    ['癸、加强', { style: 'stem', value: 10, label: '癸', length: 2, weak: true }],
    ['（卯）加强', { style: 'paren-branch', value: 4, label: '（卯）', length: 3, weak: true }],
    ['亥、加强', { style: 'branch', value: 12, label: '亥', length: 2, weak: true }],
    ['1.加强', { style: 'digit', value: 1, label: '1', length: 2 }],
    ['13﹒开展', { style: 'digit', value: 13, label: '13', length: 3 }],
  ])('%s', (text, marker) => {
    expect(matchMarker(text)).toEqual(marker);
  });

  it('reads i. v. x. both ways, Roman first', () => {
    expect(matchMarkers('v.加强').map((m) => [m.style, m.value])).toEqual([
      ['lower-roman', 5],
      ['lower-letter', 22],
    ]);
  });

  it.each(['A级企业', 'A、B两类', 'i.e.', 'X.509', 'OK.加强', 'Iv.加强', 'IIII.加强', '甲、乙双方', 'Ⅱ类', 'A.', '甲方：'])('finds no marker in %s', (text) => {
    expect(matchMarkers(text)).toEqual([]);
  });
});
