import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readRubricTemplate, writeRubricTemplate } from '../../../services/assessment/rubric-template';
import { DEFAULT_RUBRIC, ZRubricSchema } from '../../../scoring/rubric';

const office = ZRubricSchema.parse({
  total: 120,
  appraisal: { max: 10 },
  bonus: { cap: 3 },
  returns: { each: 1, max: 4 },
  measureWeights: { '一/(一)': 2 },
  indicators: [
    { name: '产品质量合格率', targets: ['t1', 't2'], points: 6, rule: { kind: 'linear', baseline: 85 } },
    { name: '投诉量', targets: ['t3'], points: 4, rule: { kind: 'bands', baseline: 200, bands: [{ reach: 0.9, credit: 0.8 }, { reach: 0.5, credit: 0.4 }] } },
  ],
  classes: [{ name: '区县', kinds: ['government'], excellentQuota: 2 }, { name: '部门', kinds: ['department', 'agency'], units: ['u9'] }],
  subjects: ['u7'],
});
const targets = [{ id: 't1', measureRef: '一/(一)', indicator: '合格率', goal: '≥95%' }];

/** Replaces one shared string of the workbook (the text a cell shows), as someone typing over it would. */
async function retype(xlsx: Buffer, from: string, to: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const file = zip.file('xl/sharedStrings.xml')!;
  const xml = await file.async('string');
  expect(xml).toContain(`>${from}<`);
  zip.file('xl/sharedStrings.xml', xml.replace(`>${from}<`, `>${to}<`));
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('the 考核方案 template', () => {
  it.each([
    ['an office’s own 方案', office],
    ['the shipped 方案', DEFAULT_RUBRIC],
  ])('%s written as a template reads back as the same 方案', async (_, rubric) => {
    expect(await readRubricTemplate(await writeRubricTemplate(rubric, targets))).toEqual(rubric);
  });

  it('a wrong column header is refused naming the sheet and the column', async () => {
    const xlsx = await retype(await writeRubricTemplate(office, targets), '基期值', '基数');
    await expect(readRubricTemplate(xlsx)).rejects.toThrow('模板「指标分」表第 1 行：应为「基期值」，实为「基数」');
  });

  it('a cell that does not read is refused naming its row and column', async () => {
    const xlsx = await retype(await writeRubricTemplate(office, targets), '线性', '按比例');
    await expect(readRubricTemplate(xlsx)).rejects.toThrow('模板第 指标分 2 行「计分方式」');
  });

  it('a filled-in template whose points do not add up is refused naming the field', async () => {
    // As if the office typed 100 over the 总分 of a 方案 whose parts add up to 120.
    const xlsx = await writeRubricTemplate({ ...office, total: 100 }, targets);
    await expect(readRubricTemplate(xlsx)).rejects.toThrow('考核方案 total：各项分值之和为 120，与方案总分 100 不符');
  });
});
