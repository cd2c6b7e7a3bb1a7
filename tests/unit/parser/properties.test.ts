import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseSource, parsePlan } from '../../../parser/parse-plan';
import { ZParsedPlanSchema, type TParsedPlan } from '../../../parser/schema';
import { fixturesDir, sharedPlansDir } from './fixtures';

const realTexts = [
  ...readdirSync(sharedPlansDir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(sharedPlansDir + f, 'utf8')),
  ...readdirSync(fixturesDir).filter((f) => f.endsWith('.txt') && f !== 'gbk.txt').map((f) => readFileSync(fixturesDir + f, 'utf8')),
];

/** What must hold for any input: valid contract, spans that point at the text they claim, no empty names. */
function checkInvariants(input: string, plan: TParsedPlan): void {
  ZParsedPlanSchema.parse(plan);
  const src = normaliseSource(input);
  for (const m of plan.measures) {
    expect(m.span.start).toBeLessThanOrEqual(m.span.end);
    expect(src.slice(m.span.start, m.span.end)).toBe(m.text);
    if (m.annotation) expect(src.slice(m.annotation.span.start, m.annotation.span.end)).toBe(m.annotation.text);
    for (const name of [...m.lead, ...m.cooperating]) expect(name.trim().length).toBeGreaterThan(0);
    expect(m.units.map((u) => u.name)).toEqual([...m.lead, ...m.cooperating]);
  }
}

const PIECES = ['（', '）', '(', ')', '、', '，', '。', '\n', '一、', '（一）', '1.', '①', '负责', '牵头', '配合', '责任单位：',
  '按职责分工', '市质监局', '各成员单位', '达到', '95%', '以上', '2020年', '12月底前', '《', '》', '〔', '〕', '第一责任单位为牵头单位'];

describe('parsePlan never throws and always returns the contract', () => {
  it('on arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => checkInvariants(text, parsePlan(text))),
      { numRuns: 400 },
    );
  });

  it('on strings assembled from the vocabulary of plans', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        checkInvariants(text, parsePlan(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on real plan text mutated by deleting, duplicating, swapping chunks and inserting noise', () => {
    const edit = fc.record({
      op: fc.constantFrom('delete', 'duplicate', 'swap', 'insert'),
      at: fc.nat(),
      other: fc.nat(),
      length: fc.integer({ min: 1, max: 400 }),
      noise: fc.string({ unit: 'binary', maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...realTexts), fc.array(edit, { minLength: 1, maxLength: 6 }), (original, edits) => {
        let text = original;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          const chunk = text.slice(at, at + e.length);
          if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
          else if (e.op === 'duplicate') text = text.slice(0, at) + chunk + text.slice(at);
          else if (e.op === 'insert') text = text.slice(0, at) + e.noise + text.slice(at);
          else {
            const to = e.other % (text.length + 1);
            const rest = text.slice(0, at) + text.slice(at + e.length);
            const where = Math.min(to, rest.length);
            text = rest.slice(0, where) + chunk + rest.slice(where);
          }
        }
        checkInvariants(text, parsePlan(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('annotations written in any of the conventions come back unit for unit', () => {
  const unit = fc.constantFrom('市发改委', '市财政局', '区市场监管局', '县住建局', '各成员单位', '市工业和信息化局', '天津海关', '各镇街');
  const distinct = fc.uniqueArray(unit, { minLength: 1, maxLength: 4 });
  const form = fc.constantFrom('负责', '牵头配合', '按职责分工', '责任部门', '责任单位配合单位', '牵头单位', 'line');
  it('recovers lead and cooperating units of generated measures', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(form, distinct, distinct), { minLength: 1, maxLength: 6 }), (items) => {
        const expected: [string[], string[]][] = [];
        const lines = ['某某市工作方案', '一、重点任务'];
        items.forEach(([kind, leads, others], i) => {
          const co = others.filter((u) => !leads.includes(u));
          const body = `（${'一二三四五六'[i]}）推进第${i + 1}项工作。开展专项行动，加强监督检查。`;
          if (kind === '负责') lines.push(`${body}（${leads.join('、')}负责）`), expected.push([leads, []]);
          else if (kind === '按职责分工') lines.push(`${body}（${leads.join('、')}按职责分工）`), expected.push([leads, []]);
          else if (kind === '责任部门') lines.push(`${body}（责任部门：${leads.join('、')}）`), expected.push([leads, []]);
          else if (co.length === 0) lines.push(`${body}（${leads.join('、')}牵头）`), expected.push([leads, []]);
          else if (kind === '牵头配合') lines.push(`${body}（${leads.join('、')}牵头，${co.join('、')}配合）`), expected.push([leads, co]);
          else if (kind === '责任单位配合单位')
            lines.push(`${body}（责任单位：${leads.join('、')}；配合单位：${co.join('、')}）`), expected.push([leads, co]);
          else if (kind === '牵头单位')
            lines.push(`${body}（牵头单位：${leads.join('、')}，配合单位：${co.join('、')}）`), expected.push([leads, co]);
          else lines.push(body, `牵头单位：${leads.join('、')}`, `配合单位：${co.join('、')}`), expected.push([leads, co]);
        });
        const plan = parsePlan(lines.join('\n'));
        expect(plan.measures.map((m) => [m.lead, m.cooperating])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
