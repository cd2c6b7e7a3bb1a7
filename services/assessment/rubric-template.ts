import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile, { type Sheet } from 'write-excel-file/node';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { TRubric } from '../../scoring/rubric';
import { parseRubric } from './rubric-input';

/**
 * The 考核方案 as a workbook an office fills in (`duban plan rubric PLAN_ID --template --out FILE.xlsx`) and reads back
 * (`duban plan rubric PLAN_ID FILE.xlsx`): one sheet per part, a header row that must stay as written, and a sheet
 * listing the plan's targets (read by nobody, there to copy 目标编号 from). Written from a 方案, read back it is the
 * same 方案.
 */
type TCell = string | number | null;
const HEADER = { fontWeight: 'bold', backgroundColor: '#D9E1F2' } as const;

const SETTINGS: readonly [string, (r: TRubric) => number | undefined, (r: TDraft, v: number) => void][] = [
  ['总分', (r) => r.total, (d, v) => (d.total = v)],
  ['完成情况分值', (r) => r.completion.weight, (d, v) => (d.completion.weight = v)],
  ['逾期完成折算比例', (r) => r.completion.lateShare, (d, v) => (d.completion.lateShare = v)],
  ['报送及时性分值', (r) => r.timeliness.weight, (d, v) => (d.timeliness.weight = v)],
  ['每逾期一个工作日扣减比例', (r) => r.timeliness.perWorkingDayLate, (d, v) => (d.timeliness.perWorkingDayLate = v)],
  ['逾期报送最低比例', (r) => r.timeliness.lateFloor, (d, v) => (d.timeliness.lateFloor = v)],
  ['目标达成分值', (r) => r.targets.weight, (d, v) => (d.targets.weight = v)],
  ['未达标最高比例', (r) => r.targets.partialCap, (d, v) => (d.targets.partialCap = v)],
  ['牵头单位占比', (r) => r.roleShare.lead, (d, v) => (d.roleShare.lead = v)],
  ['配合单位占比', (r) => r.roleShare.cooperating, (d, v) => (d.roleShare.cooperating = v)],
  ['催办免扣次数', (r) => r.deductions.urge.free, (d, v) => (d.deductions.urge.free = v)],
  ['催办每次扣分', (r) => r.deductions.urge.each, (d, v) => (d.deductions.urge.each = v)],
  ['催办最多扣分', (r) => r.deductions.urge.max, (d, v) => (d.deductions.urge.max = v)],
  ['督办免扣次数', (r) => r.deductions.supervise.free, (d, v) => (d.deductions.supervise.free = v)],
  ['督办每次扣分', (r) => r.deductions.supervise.each, (d, v) => (d.deductions.supervise.each = v)],
  ['督办最多扣分', (r) => r.deductions.supervise.max, (d, v) => (d.deductions.supervise.max = v)],
  ['提请协调免扣次数', (r) => r.deductions.coordinator.free, (d, v) => (d.deductions.coordinator.free = v)],
  ['提请协调每次扣分', (r) => r.deductions.coordinator.each, (d, v) => (d.deductions.coordinator.each = v)],
  ['提请协调最多扣分', (r) => r.deductions.coordinator.max, (d, v) => (d.deductions.coordinator.max = v)],
  ['评议满分', (r) => r.appraisal.max, (d, v) => (d.appraisal.max = v)],
  ['加分上限', (r) => r.bonus.cap, (d, v) => (d.bonus.cap = v)],
  ['每次退回扣分', (r) => r.returns.each, (d, v) => (d.returns.each = v)],
  ['退回最多扣分', (r) => r.returns.max, (d, v) => (d.returns.max = v)],
  ['年度总结未报送扣分', (r) => r.annualSummary.missing, (d, v) => (d.annualSummary.missing = v)],
  ['年度总结逾期报送扣分', (r) => r.annualSummary.late, (d, v) => (d.annualSummary.late = v)],
];

type TDraft = {
  total?: number;
  completion: Record<string, number>;
  timeliness: Record<string, number>;
  targets: Record<string, number>;
  roleShare: Record<string, number>;
  deductions: Record<'urge' | 'supervise' | 'coordinator', Record<string, number>>;
  appraisal: Record<string, number>;
  bonus: Record<string, number>;
  returns: Record<string, number>;
  annualSummary: Record<string, number>;
  measureWeights: Record<string, number>;
  indicators: unknown[];
  classes: unknown[];
  subjects: string[];
  grades: unknown[];
};

const RULES = { 'all-or-nothing': '达标得分', linear: '线性', bands: '分档' } as const;
const KINDS = { government: '政府', department: '部门', agency: '事业单位', enterprise: '企业', other: '其他' } as const;
const COLUMNS = {
  基本分值: ['项目', '分值或比例'],
  措施权重: ['措施编号', '权重'],
  指标分: ['指标名称', '目标编号', '分值', '计分方式', '基期值', '分档'],
  分类考核: ['类别', '单位类型', '单位编号', '优秀名额'],
  考核对象: ['单位编号'],
  等次: ['等次', '最低得分率'],
} as const;
type TSheetName = keyof typeof COLUMNS;

export type TTemplateTarget = { id: string; measureRef: string; indicator: string; goal: string };

export async function writeRubricTemplate(rubric: TRubric, targets: readonly TTemplateTarget[]): Promise<Buffer> {
  const rows: Record<TSheetName, TCell[][]> = {
    基本分值: SETTINGS.map(([label, get]) => [label, get(rubric) ?? null]),
    措施权重: Object.entries(rubric.measureWeights).map(([ref, w]) => [ref, w]),
    指标分: rubric.indicators.map((i) => [
      i.name,
      i.targets.join(','),
      i.points,
      RULES[i.rule.kind],
      i.rule.kind === 'all-or-nothing' ? null : (i.rule.baseline ?? null),
      i.rule.kind === 'bands' ? i.rule.bands.map((b) => `${b.reach}:${b.credit}`).join(';') : null,
    ]),
    分类考核: rubric.classes.map((c) => [c.name, c.kinds.map((k) => KINDS[k]).join(','), c.units.join(','), c.excellentQuota ?? null]),
    考核对象: rubric.subjects.map((id) => [id]),
    等次: rubric.grades.map((g) => [g.grade, g.min]),
  };
  const sheets: Sheet<Buffer>[] = (Object.keys(COLUMNS) as TSheetName[]).map((name) => ({
    sheet: name,
    data: [COLUMNS[name].map((h) => ({ value: h, ...HEADER })), ...rows[name].map((r) => r.map((v) => (v === null ? null : { value: v })))],
    columns: COLUMNS[name].map(() => ({ width: 22 })),
  }));
  sheets.push({
    sheet: '本方案目标',
    data: [['目标编号', '措施', '指标', '目标'].map((h) => ({ value: h, ...HEADER })), ...targets.map((t) => [t.id, t.measureRef, t.indicator, t.goal].map((v) => ({ value: v })))],
    columns: [{ width: 30 }, { width: 12 }, { width: 30 }, { width: 20 }],
  });
  return writeXlsxFile(sheets, { fontFamily: '宋体', fontSize: 11 }).toBuffer();
}

/** A filled-in template back to a 方案: a header changed or a cell that does not read is refused naming its row and column. */
export async function readRubricTemplate(xlsx: Buffer): Promise<TRubric> {
  const book = await readXlsxFile(xlsx);
  const sheet = (name: TSheetName) => {
    const found = book.find((s) => s.sheet === name);
    const data = (found?.data ?? []) as TCell[][];
    const expected = COLUMNS[name];
    const header = data[0] ?? [];
    expected.forEach((h, i) => {
      if (header[i] !== h) throw new AppError('VALIDATION_FAILED', say('rubricTemplateColumn', { sheet: name, expected: h, found: String(header[i] ?? '') }));
    });
    if (header.length > expected.length && header.slice(expected.length).some((c) => c !== null && c !== '')) {
      throw new AppError('VALIDATION_FAILED', say('rubricTemplateColumn', { sheet: name, expected: '（无）', found: String(header[expected.length]) }));
    }
    return data.slice(1).map((r, i) => ({ row: i + 2, cells: r })).filter((r) => r.cells.some((c) => c !== null && c !== ''));
  };
  const bad = (name: TSheetName, row: number, col: number, issue: string): never => {
    throw new AppError('VALIDATION_FAILED', say('rubricTemplateCell', { row: `${name} ${row}`, column: COLUMNS[name][col]!, issue }));
  };
  const num = (name: TSheetName, row: number, col: number, v: TCell): number => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : bad(name, row, col, `应为数字，实为「${v ?? ''}」`);
  };
  const list = (v: TCell) => (v === null || v === '' ? [] : String(v).split(/[,，]/).map((s) => s.trim()).filter(Boolean));

  const draft: TDraft = {
    completion: {}, timeliness: {}, targets: {}, roleShare: {}, deductions: { urge: {}, supervise: {}, coordinator: {} },
    appraisal: {}, bonus: {}, returns: {}, annualSummary: {}, measureWeights: {}, indicators: [], classes: [], subjects: [], grades: [],
  };
  for (const { row, cells } of sheet('基本分值')) {
    const setting = SETTINGS.find(([label]) => label === cells[0]);
    if (!setting) bad('基本分值', row, 0, `不认识的项目「${cells[0] ?? ''}」`);
    if (cells[1] === null || cells[1] === '') continue;
    setting![2](draft, num('基本分值', row, 1, cells[1] ?? null));
  }
  for (const { row, cells } of sheet('措施权重')) draft.measureWeights[String(cells[0])] = num('措施权重', row, 1, cells[1] ?? null);
  for (const { row, cells } of sheet('指标分')) {
    const kind = (Object.keys(RULES) as (keyof typeof RULES)[]).find((k) => RULES[k] === cells[3]);
    if (!kind) bad('指标分', row, 3, `应为 ${Object.values(RULES).join('、')} 之一`);
    const baseline = cells[4] === null || cells[4] === '' || cells[4] === undefined ? undefined : num('指标分', row, 4, cells[4]);
    const bands = (cells[5] === null || cells[5] === '' || cells[5] === undefined ? [] : String(cells[5]).split(/[;；]/).map((b) => b.trim()).filter(Boolean)).map((b) => {
      const [reach, credit] = b.split(':').map(Number);
      return Number.isFinite(reach) && Number.isFinite(credit) ? { reach, credit } : bad('指标分', row, 5, `分档应写作「0.9:0.8;0.6:0.5」`);
    });
    const rule = kind === 'all-or-nothing' ? { kind } : kind === 'linear' ? { kind, baseline } : { kind, bands, ...(baseline !== undefined ? { baseline } : {}) };
    draft.indicators.push({ name: String(cells[0] ?? ''), targets: list(cells[1] ?? null), points: num('指标分', row, 2, cells[2] ?? null), rule });
  }
  for (const { row, cells } of sheet('分类考核')) {
    const kinds = list(cells[1] ?? null).map((k) => (Object.keys(KINDS) as (keyof typeof KINDS)[]).find((x) => KINDS[x] === k) ?? bad('分类考核', row, 1, `「${k}」应为 ${Object.values(KINDS).join('、')} 之一`));
    const quota = cells[3] === null || cells[3] === '' || cells[3] === undefined ? undefined : num('分类考核', row, 3, cells[3]);
    draft.classes.push({ name: String(cells[0] ?? ''), kinds, units: list(cells[2] ?? null), ...(quota !== undefined ? { excellentQuota: quota } : {}) });
  }
  for (const { cells } of sheet('考核对象')) draft.subjects.push(String(cells[0]));
  for (const { row, cells } of sheet('等次')) draft.grades.push({ grade: String(cells[0] ?? ''), min: num('等次', row, 1, cells[1] ?? null) });
  if (!draft.grades.length) draft.grades = undefined as never;
  return parseRubric(draft);
}
