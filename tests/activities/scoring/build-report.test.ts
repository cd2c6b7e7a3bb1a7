import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZReportJsonSchema } from '../../../api/routes/plans/report.types';
import { renderReport } from '../../../report/render-report';
import { periodLabel } from '../../../domain/schedule';
import { type TReport } from '../../../report/report-model';
import { reportTables } from '../../../report/tables';
import { buildReport } from '../../../services/reports/build-report';
import { PlanNotFoundError } from '../../../services/scoring/load-scoring-input';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedSmallPlan } from './seed-small-plan';

let t: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedSmallPlan>>;
let report: TReport;
const AS_OF = new Date('2027-01-20T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedSmallPlan(t.db);
  // A narrative that a spreadsheet would otherwise run as a formula, with a comma and quotes for CSV to escape.
  await t.db.progressReport.updateMany({ where: { assignmentId: seeded.assignments.airEnv.id }, data: { narrative: '=HYPERLINK("x"),已完成监测点布设' } });
  report = await buildReport(t.db, seeded.plan.id, AS_OF);
});
afterAll(async () => t?.close());

const root = path.resolve(import.meta.dirname, '../../..');

/** The RFC 4180 reading Excel does: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  row.push(field);
  rows.push(row);
  return rows;
}

/** The files inside a zip (an xlsx), read through its central directory. */
function unzip(buffer: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buffer.readUInt32LE(end + 16);
  for (let n = buffer.readUInt16LE(end + 10); n > 0; n--) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buffer.readUInt32LE(at + 42);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + skip;
  }
  return files;
}

describe('the report model', () => {
  it('ranks units by score with grades, and lists the most overdue first in the 通报', () => {
    const [league, measures, , , notice] = reportTables(report);
    expect(league!.rows).toEqual([
      [1, '市环保局', 89.1, '良好', 1, 1, 1, 1, 2, 1, 1],
      [2, '市发改委', 83.9, '良好', 1, 1, 0, 1, 0, 0, 0],
    ]);
    expect(measures!.rows.map((r) => [r[0], r[3], r[4], r[7], r[8], r[9]])).toEqual([
      ['一/(一)', '市发改委', '市环保局', '红', 81.17, '良好'],
      ['一/(二)', '市环保局', '市发改委', '绿', 89.6, '良好'],
    ]);
    expect(notice!.rows).toEqual([
      [1, '市环保局', 2, 1, 1, 2, 1, 1, '一/(一)'],
      [2, '市发改委', 1, 0, 1, 0, 0, 0, '一/(二)'],
    ]);
  });

  it('explains how each item counts towards its unit: the 计入单位得分 lines add up to the league table score', () => {
    const details = reportTables(report)[2]!;
    const env = details.rows.filter((r) => r[0] === '市环保局');
    const shares = env.filter((r) => r[4] === '计入单位得分');
    expect(shares.map((r) => r[7])).toEqual([
      '一/(一) 大气污染防治（配合，权重 1×0.5）得 45.5 分（不合格），折合 9.1 分',
      '一/(二) 工业企业整治（牵头，权重 2×1）得 100 分（优秀），折合 80 分',
    ]);
    expect(shares.reduce((sum, r) => sum + (r[5] as number), 0)).toBeCloseTo(89.1, 2);
    // A deduction has no maximum: its 满分 cell is empty rather than a misleading 0.
    expect(env.filter((r) => r[4] === '扣分').map((r) => [r[5], r[6]])).toEqual([
      [-1, null],
      [-2, null],
      [-5, null],
    ]);
  });

  it('says how every view is ordered', () => {
    expect(reportTables(report).map((t) => [t.title, t.note])).toEqual([
      ['单位排名', '按得分从高到低排列；得分相同者名次并列，按单位名称排序'],
      ['措施', '按计划原文顺序排列'],
      ['单位明细', '单位按单位排名顺序，每个单位下按措施顺序逐项列出得分与扣分；“计入单位得分”各行相加即为该单位在单位排名中的得分'],
      ['台账', '按计划原文顺序排列，每项措施下先牵头单位、后配合单位'],
      ['通报', '按逾期事项数从多到少排列（逾期未报多者在前）'],
      ['统计', '先全计划，再按单位名称，再按报送期截止先后；比率后括号内为分子/分母，口径见“统计口径”'],
      ['统计口径', '每项统计的公式及分子、分母的计数口径'],
      ['指标', '按措施顺序、每项指标下先牵头单位；报送值经办公室更正的，注明原报值和理由'],
    ]);
  });

  it('keeps a 台账 row for every required report, with its escalations', () => {
    const ledger = reportTables(report)[3]!;
    const envRows = ledger.rows.filter((r) => r[2] === '市环保局' && r[0] === '一/(一)');
    expect(envRows.map((r) => [r[4], r[7], r[11]])).toEqual([
      ['2026年7月15日节点', '逾期 3 个工作日报送', '催办 2026-07-16 09:00（逾期 1 个工作日）'],
      [
        '2026年12月31日节点',
        '逾期未报（13 个工作日）',
        '催办 2027-01-04 09:00（逾期 1 个工作日）；督办 2027-01-06 09:00（逾期 3 个工作日）；提请协调 2027-01-12 09:00（逾期 7 个工作日）',
      ],
    ]);
    const extended = ledger.rows.find((r) => r[0] === '一/(二)' && r[2] === '市环保局')!;
    expect(extended[5]).toBe('2026-07-31（延期）');
    expect(extended[4]).toBe('最终'); // the period key "final" is not shown to readers
  });

  it('names periods as the office does', () => {
    expect(['2026-H1', '2026-H2', '2026-Q3', '2026-07', 'final', '2026-07-15'].map(periodLabel)).toEqual([
      '2026年上半年',
      '2026年下半年',
      '2026年第三季度',
      '2026年7月',
      '最终',
      '2026年7月15日节点',
    ]);
  });
});

describe('report formats', () => {
  it('json: one document with the plan score, league table, measures with their 台账, and the 通报', async () => {
    const doc = JSON.parse((await renderReport(report, 'json')) as string);
    expect(doc.plan).toMatchObject({ id: seeded.plan.id, points: 86.79, grade: '良好' });
    expect(doc.rubricVersion).toBe(1);
    expect(doc.units.map((u: { name: string; rank: number }) => [u.rank, u.name])).toEqual([
      [1, '市环保局'],
      [2, '市发改委'],
    ]);
    const env = doc.measures[0].assignments.find((a: { unit: string }) => a.unit === '市环保局');
    expect(env).toMatchObject({ points: 45.5, grade: '不合格', roleName: '配合' });
    expect(env.escalations.map((e: { levelName: string }) => e.levelName)).toEqual(['催办', '催办', '督办', '提请协调']);
    expect(env.reports[0].narrative).toBe('=HYPERLINK("x"),已完成监测点布设');
    expect(doc.notice[0]).toMatchObject({ name: '市环保局', overdueItems: 2 });
    expect(doc.gradeBands[0]).toEqual({ grade: '优秀', min: 90 });
    expect(doc.caveat).toBeNull();
    expect(doc.cancelledMeasures).toEqual([]);
  });

  it('json: matches the documented schema exactly, no field left undocumented', async () => {
    const doc = JSON.parse((await renderReport(report, 'json')) as string);
    const parsed = ZReportJsonSchema.safeParse(doc);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  });

  it('csv: UTF-8 with a BOM, parses as CSV, formulas defused', async () => {
    const csv = (await renderReport(report, 'csv')) as string;
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.slice(1));
    const at = rows.findIndex((r) => r[0] === '【单位排名】');
    expect(rows[at]![1]).toBe('按得分从高到低排列；得分相同者名次并列，按单位名称排序');
    expect(rows[at + 1]!.slice(0, 4)).toEqual(['排名', '单位', '得分', '等级']);
    // Scores always carry two decimals, so 89.10 and 81.17 line up; counts stay whole.
    expect(rows[at + 2]!.slice(0, 5)).toEqual(['1', '市环保局', '89.10', '良好', '1']);
    expect(rows[1]!.slice(1)).toEqual(['计划得分 86.79', '良好']);
    expect(rows[2]![0]).toBe('等级划分：优秀 ≥90 分，良好 ≥80 分，合格 ≥60 分，不合格 <60 分');
    // A deduction is a plain negative number, not text defused as a formula.
    const urged = rows.find((r) => r[0] === '市环保局' && r[4] === '扣分')!;
    expect(urged.slice(3, 7)).toEqual(['45.50', '扣分', '-1.00', '']);
    for (const title of ['【措施】', '【单位明细】', '【台账】', '【通报】']) expect(rows.some((r) => r[0] === title)).toBe(true);
    const narrative = rows.find((r) => r[2] === '市环保局' && r[4] === '2026年7月15日节点')!;
    expect(narrative[10]).toBe(`'=HYPERLINK("x"),已完成监测点布设`);
    expect(rows.find((r) => r[4] === '报送及时性' && r[0] === '市环保局')).toBeDefined();
  });

  it('xlsx: readable back, five sheets with Chinese headers, widths set, colours and grades shaded', async () => {
    const xlsx = (await renderReport(report, 'xlsx')) as Buffer;
    const sheets = await readXlsxFile(xlsx);
    expect(sheets.map((s) => s.sheet)).toEqual(['概况', '单位排名', '措施', '单位明细', '台账', '通报', '统计', '统计口径', '指标']);
    // The statistics the charts draw, with their counts: 6 reports due, 3 on time; 环保局 1 of 3.
    const stats = sheets.find((s) => s.sheet === '统计')!.data;
    expect(stats[0]).toEqual(['范围', '按期完成率', '逾期率', '退回率', '平均办结用时（工作日）', '督办次数', '每单位督办次数', '指标达标率']);
    expect(stats.find((r) => r[0] === '全计划')!.slice(1, 4)).toEqual(['50%（3/6）', '50%（3/6）', '—（0/0）']);
    expect(stats.find((r) => r[0] === '市环保局')!.slice(1, 2)).toEqual(['33.33%（1/3）']);
    expect(sheets.find((s) => s.sheet === '统计口径')!.data.map((r) => r[0])).toContain('按期完成率');
    const indicators = sheets.find((s) => s.sheet === '指标')!.data;
    expect(indicators.find((r) => r[1] === 'PM2.5年均浓度（微克/立方米）')!.slice(2, 11)).toEqual([
      '市发改委',
      '未给出',
      '≤35',
      null,
      '2026年7月15日节点 40；2026年12月31日节点 33',
      33,
      '是',
      '100%',
      '下降（向好）',
    ]);
    const summary = new Map(sheets[0]!.data.map((r) => [r[0], r[1]]));
    expect(summary.get('计划')).toBe('大气和工业整治工作方案');
    expect(summary.get('评分截至')).toBe('2027-01-20');
    expect(summary.get('考核细则')).toBe('第 1 版');
    expect(summary.get('计划得分')).toBe(86.79); // a number, not text
    expect(summary.get('单位排名')).toBe('按得分从高到低排列；得分相同者名次并列，按单位名称排序');
    expect([...summary.keys()]).toEqual(expect.arrayContaining(['制表人', '审核人', '日期']));
    const league = sheets[1]!.data;
    expect(league[0]!.slice(0, 4)).toEqual(['排名', '单位', '得分', '等级']);
    expect(league[1]!.slice(0, 4)).toEqual([1, '市环保局', 89.1, '良好']);
    expect(sheets[2]!.data[1]![7]).toBe('红');
    const details = sheets[3]!.data;
    expect(details.some((r) => String(r[7]).includes('逾期 3 个工作日'))).toBe(true);

    const files = unzip(xlsx);
    const sheetXml = files.get('xl/worksheets/sheet4.xml')!;
    expect(sheetXml).toMatch(/<col [^>]*width="90"/); // 单位明细's explanation column
    expect(sheetXml).toMatch(/<pane [^>]*ySplit="1"/); // frozen header row
    expect(sheetXml).toMatch(/<pageSetup [^>]*fitToWidth="1"[^>]*paperSize="9"/); // A4, fitted to the page's width
    expect(files.get('xl/worksheets/sheet1.xml')).toMatch(/<pageSetup [^>]*paperSize="9"/);
    expect(files.get('xl/styles.xml')).toContain('FFC7CE'); // 红 shading
    expect(files.get('xl/styles.xml')).toContain('formatCode="0.00"'); // scores shown with two decimals
    // The header row prints on every page of a long sheet.
    expect(files.get('xl/workbook.xml')).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="3">'单位明细'!$1:$1</definedName>`);
  });

  it('html: draws the rankings, the colours and indicator attainment as SVG holding their numbers, with no script', async () => {
    const html = (await renderReport(report, 'html')) as string;
    const charts = html.slice(html.indexOf('<section id="charts"'), html.indexOf('</section>', html.indexOf('<section id="charts"')));
    const svg = (key: string) => charts.slice(charts.indexOf(`<figure class="chart" id="chart-${key}">`), charts.indexOf('</figure>', charts.indexOf(`id="chart-${key}"`)));
    expect(svg('ranking')).toMatch(/^<figure[^>]*><svg [^>]*role="img" aria-label="单位考核得分排名"/);
    // Scores as the league table prints them: 环保局 89.10, 发改委 83.90.
    expect(svg('ranking')).toContain('>89.10</text>');
    expect(svg('ranking')).toContain('>83.90</text>');
    // 按期完成率: 发改委 2 of 3, 环保局 1 of 3.
    expect(svg('on-time')).toContain('>66.67</text>');
    expect(svg('on-time')).toContain('>33.33</text>');
    expect(svg('colours')).toContain('措施红黄绿灯变化');
    // PM2.5 reported 40 then 33 against ≤35; 优良天数 78 twice against ≥80.
    expect(svg('attainment')).toContain('>40微克/立方米</text>');
    expect(svg('attainment')).toContain('>33微克/立方米</text>');
    expect(svg('attainment')).toContain('>78%</text>');
    expect(charts).not.toMatch(/<script|\bon[a-z]+=|javascript:/i);
  });

  it('html: prints on A4, with the league table and every view', async () => {
    const html = (await renderReport(report, 'html')) as string;
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
    expect(html).toContain('content: "第 " counter(page) " 页 共 " counter(pages) " 页"');
    expect(html).toContain('@top-center { content: "大气和工业整治工作方案 · 考核结果（截至 2027-01-20）"');
    const league = html.slice(html.indexOf('<section id="league"'), html.indexOf('</section>'));
    // The title block prints on the league table's page, not alone on a page of its own.
    expect(league).toContain('<h1>大气和工业整治工作方案</h1>');
    expect(league).toContain('评分截至：2027-01-20');
    expect(league).toContain('考核细则：第 1 版');
    expect(league).toContain('计划得分 <strong>86.79</strong> 分');
    expect(league).toContain('按得分从高到低排列');
    expect(league).toContain('<th>排名</th><th>单位</th><th>得分</th><th>等级</th>');
    expect(league).toMatch(/<tr><td class="number">1<\/td><td>市环保局<\/td><td class="number">89.10<\/td><td class="nowrap">良好<\/td>/);
    const notice = html.slice(html.indexOf('<section id="notice"'));
    expect(notice).toContain('审核人：');
    for (const id of ['measures', 'details', 'ledger', 'notice', 'charts', 'statistics', 'definitions', 'indicators']) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('<td class="red">红</td>');
    expect(html).toContain('=HYPERLINK(&quot;x&quot;),已完成监测点布设');
  });

  it('assesses the whole period unless asked for one year of it, and heads itself with which', async () => {
    expect(report.assessed).toEqual({ year: null, from: '2026-01-01', to: '2026-12-31', original: null });
    expect((await renderReport(report, 'html')) as string).toContain('<p class="subtitle">考核结果（实施期全程（2026-01-01 至 2026-12-31））</p>');
    const year = await buildReport(t.db, seeded.plan.id, AS_OF, 2026);
    const doc = JSON.parse((await renderReport(year, 'json')) as string);
    expect(doc.assessed).toEqual({ year: 2026, from: '2026-01-01', to: '2026-12-31', original: null, label: '2026年度' });
    // The small plan runs one year: that year's scores are the whole period's.
    expect(doc.plan.points).toBe(86.79);
    await expect(buildReport(t.db, seeded.plan.id, AS_OF, 2027)).rejects.toThrow('year：2027 年不在计划实施期限（2026-01-01 至 2026-12-31）内');
  });

  it('an unknown plan is a user error naming it, in Chinese and English', async () => {
    await expect(buildReport(t.db, 'no-such-plan')).rejects.toBeInstanceOf(PlanNotFoundError);
    await expect(buildReport(t.db, 'no-such-plan')).rejects.toThrow('找不到计划 no-such-plan / no plan with id no-such-plan');
  });
});

describe('plans a filed report must still read right', () => {
  it('a cancelled measure is listed as not assessed, in its place, in every format', async () => {
    const other = await seedSmallPlan(t.db, '（撤销）');
    await t.db.measure.update({ where: { id: other.measures.industry.id }, data: { status: 'cancelled' } });
    await t.db.assignment.updateMany({ where: { measureId: other.measures.industry.id }, data: { status: 'cancelled' } });
    const withdrawn = await buildReport(t.db, other.plan.id, AS_OF);
    const measures = reportTables(withdrawn)[1]!;
    expect(measures.note).toContain('已取消的措施不纳入考核');
    expect(measures.rows.map((r) => [r[0], r[6], r[8], r[9]])).toEqual([
      ['一/(一)', '推进中', 81.17, '良好'],
      ['一/(二)', '已取消', null, '不考核'],
    ]);
    const doc = JSON.parse((await renderReport(withdrawn, 'json')) as string);
    expect(doc.measures.map((m: { ref: string }) => m.ref)).toEqual(['一/(一)']);
    expect(doc.cancelledMeasures).toEqual([{ measureId: other.measures.industry.id, ref: '一/(二)', title: '工业企业整治', due: '2026-06-30' }]);
    expect(ZReportJsonSchema.safeParse(doc).success).toBe(true);
    expect((await renderReport(withdrawn, 'html')) as string).toContain('<td class="nowrap">已取消</td>');
  });

  it('a plan with nothing due yet says its grades are provisional, rather than filing every unit as 不合格 unexplained', async () => {
    const early = await buildReport(t.db, seeded.plan.id, new Date('2026-03-01T10:00:00+08:00'));
    expect(early.scores.plan.grade).toBe('不合格');
    const caveat = '截至评分日尚无到期的报送节点，完成情况与目标达成尚未计分，以上得分和等级为过程性结果，仅供参考。';
    expect((await renderReport(early, 'html')) as string).toContain(`<p class="caveat">注：${caveat}</p>`);
    expect(parseCsv(((await renderReport(early, 'csv')) as string).slice(1))[3]).toEqual([`注：${caveat}`]);
    expect(JSON.parse((await renderReport(early, 'json')) as string).caveat).toBe(caveat);
    const summary = (await readXlsxFile((await renderReport(early, 'xlsx')) as Buffer))[0]!.data;
    expect(summary.find((r) => r[0] === '注')?.[1]).toBe(caveat);
    // The 通报 has nobody to name: the page says so instead of printing an empty frame.
    expect((await renderReport(early, 'html')) as string).toMatch(/<section id="notice"[^>]*>[\s\S]*<td class="empty" colspan="9">无<\/td>/);
  });
});

describe('duban report', () => {
  const duban = (args: string[]) =>
    new Promise<{ code: number; stdout: Buffer; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(root, 'bin/duban.mjs'), 'report', ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: t.url }, encoding: 'buffer', maxBuffer: 64 << 20 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr: stderr.toString('utf8') }),
      );
    });

  it('prints the JSON report on stdout by default, as of now or the latest recorded event if later', async () => {
    const { code, stdout } = await duban([seeded.plan.id]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout.toString('utf8'));
    expect(doc.plan.title).toBe(seeded.plan.title);
    expect(doc.units).toHaveLength(2);
    // The last recorded event is the 提请协调 of 2027-01-12 09:00; a report never hides what was recorded.
    expect(Date.parse(doc.asOf)).toBeGreaterThanOrEqual(Date.parse('2027-01-12T01:00:00Z'));
    expect(doc.measures[0].assignments.find((a: { unit: string }) => a.unit === '市环保局').escalations).toHaveLength(4);
  });

  it('--as-of scores the plan as it stood at the end of that day in Shanghai', async () => {
    const { code, stdout } = await duban([seeded.plan.id, '--as-of', '2026-08-01']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout.toString('utf8'));
    expect(doc.asOf).toBe('2026-08-01T15:59:59.999Z');
    const lead = doc.measures[0].assignments.find((a: { unit: string }) => a.unit === '市发改委');
    expect(lead.points).toBe(72.75); // as computed by hand for 2026-08-01 in the unit tests
    expect((await duban([seeded.plan.id, '--as-of', 'yesterday'])).code).toBe(2);
  });

  it('--year assesses one year of the plan’s period; a year outside it is refused naming it', async () => {
    const { code, stdout } = await duban([seeded.plan.id, '--year', '2026']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.toString('utf8')).assessed.label).toBe('2026年度');
    const outside = await duban([seeded.plan.id, '--year', '2030']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('2030 年不在计划实施期限');
    expect((await duban([seeded.plan.id, '--year', 'next'])).code).toBe(2);
  });

  it('writes xlsx to --out, and html to stdout when asked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-report-'));
    const file = path.join(dir, '考核.xlsx');
    const xlsx = await duban([seeded.plan.id, '--format', 'xlsx', '--out', file]);
    expect(xlsx.code).toBe(0);
    expect((await readXlsxFile(readFileSync(file))).map((s) => s.sheet)).toContain('单位排名');
    // Without --format, the file's extension decides: a .xlsx named file is a workbook, not JSON.
    const guessed = path.join(dir, '考核2.xlsx');
    expect((await duban([seeded.plan.id, '--out', guessed])).code).toBe(0);
    expect(readFileSync(guessed).subarray(0, 2).toString()).toBe('PK');
    const html = await duban([seeded.plan.id, '--format=html']);
    expect(html.stdout.toString('utf8')).toContain('@page { size: A4;');
  });

  it('exits 1 with one line for an unknown plan, 2 for a bad flag or format', async () => {
    const unknown = await duban(['no-such-plan']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('duban report: 找不到计划 no-such-plan / no plan with id no-such-plan');
    expect((await duban([seeded.plan.id, '--colour'])).code).toBe(2);
    const format = await duban([seeded.plan.id, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "pdf"');
  });
});
