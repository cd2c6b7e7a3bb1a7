import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../lib/errors';
import { importPlan, officeForOperator, PlanAlreadyImportedError, type ImportPlanInput } from '../../services/plans/import-plan';
import { seedRegistry } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/db';

const samplePlan = readFileSync(new URL('../../seeds/sample-plan-2026.txt', import.meta.url), 'utf8');

describe('duban plan import: a parsed plan stored for review', () => {
  let t: TestDatabase;
  /** Imported as the command line does, into the sample registry's one office. */
  let by: ImportPlanInput['by'];
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedRegistry(t.db);
    by = { label: 'cli', officeUnitId: await officeForOperator(t.db, undefined) };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores every measure with its parties resolved against the registry, its targets and its due date', async () => {
    const result = await importPlan(t.db, { by, source: { text: samplePlan }, fileName: 'sample.txt' });
    expect(result.year).toBe(2026);
    expect(result.measures).toBe(12);
    expect(result.unassigned).toEqual([{ ref: '四/（十）', reason: 'unspecified' }]);

    const plan = await t.db.plan.findUniqueOrThrow({
      where: { id: result.planId },
      include: { measures: { orderBy: { seq: 'asc' }, include: { parties: { include: { unit: true, group: true } }, targets: true } } },
    });
    expect(plan.status).toBe('draft');
    expect(plan.coordinatorUnitId).not.toBeNull();
    const first = plan.measures[0]!;
    expect(first.ref).toBe('一/（一）');
    expect(first.parties.filter((p) => p.role === 'lead').map((p) => p.unit?.name)).toEqual(['市政府办公室', '市质监局']);
    expect(first.parties.find((p) => p.role === 'cooperating')?.group?.name).toBe('各成员单位');
    // The measure's span points at its own text in the stored source.
    expect(plan.sourceText.slice(first.spanStart!, first.spanEnd!)).toBe(first.text);
    expect(first.text).toMatch(/^对照年度考核细则.*（市政府办公室、市质监局牵头，各成员单位配合）$/);

    const quality = plan.measures.find((m) => m.title.includes('提升产品质量'))!;
    expect(quality.targets.map((x) => [x.comparator, x.value, x.unit])).toEqual([
      ['gte', 95, '%'],
      ['gte', 98, '%'],
    ]);
    // 到2026年底 ties the targets to the plan's year: due at its end, Shanghai time.
    expect(quality.due.toISOString()).toBe('2026-12-30T16:00:00.000Z');
    const audit = await t.db.auditEvent.findFirst({ where: { planId: plan.id, action: 'plan.import' } });
    expect(audit?.data).toMatchObject({ measures: 12 });
  });

  it('stores a target’s baseline where the plan gives one: its value and year, or its year alone', async () => {
    const text = ['2026年质量工作要点', '一、重点任务', '（一）提升产品质量。', '到2026年，产品质量合格率由2015年的85%提高到93%，万元GDP能耗比2015年下降10%。（市质监局牵头）'].join('\n');
    const { planId } = await importPlan(t.db, { by, source: { text } });
    const targets = await t.db.target.findMany({ where: { measure: { planId } }, orderBy: { position: 'asc' }, select: { indicator: true, value: true, by: true, baseline: true, baselineYear: true } });
    expect(targets).toEqual([
      { indicator: '产品质量合格率', value: 93, by: '2026', baseline: 85, baselineYear: '2015' },
      { indicator: '万元GDP能耗', value: 10, by: '2026', baseline: null, baselineYear: '2015' },
    ]);
  });

  it('reads a pasted text whose paragraphs Word separated with U+2029 as it reads the same text with line ends', async () => {
    const text = (br: string) =>
      ['2026年质量工作要点', '一、重点任务', '（一）加强质量监管。', '全年开展专项抽检，合格率达到95%以上。（市质监局牵头）', '（二）推进标准建设。（市市场监管局负责）'].join(br);
    const stored = (planId: string) => t.db.measure.findMany({ where: { planId }, orderBy: { seq: 'asc' }, select: { ref: true, text: true, responsibility: true } });
    const plain = await importPlan(t.db, { by, source: { text: text('\n') } });
    // Copied out of Word: paragraphs end in a paragraph separator, and a blank one stands alone on its line.
    const copied = await importPlan(t.db, { by, source: { text: text('\u2029\n\u2029\n') } });
    expect(await stored(copied.planId)).toEqual(await stored(plain.planId));
    expect((await stored(copied.planId)).map((m) => m.responsibility)).toEqual(['lead', 'lead']);
  });

  it('refuses the same document for the same year a second time, naming the plan it already is', async () => {
    const text = '2031年质量工作要点\n一、重点任务\n（一）加强质量监管。（市质监局牵头）\n';
    const plans = await t.db.plan.count();
    // Sent several times at once (a double click): one plan, and every other post is told which.
    const sent = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => importPlan(t.db, { by, source: { text }, fileName: `copy-${i}.txt` })));
    const imported = sent.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(imported).toHaveLength(1);
    const first = imported[0]!;
    for (const r of sent.filter((x) => x.status === 'rejected')) {
      const err = r.reason as PlanAlreadyImportedError;
      expect(err).toBeInstanceOf(PlanAlreadyImportedError);
      expect(err.existing).toMatchObject({ planId: first.planId, title: '2031年质量工作要点', year: 2031, status: 'draft' });
      expect(err.message).toContain(`2031 年计划《2031年质量工作要点》（编号 ${first.planId}）`);
    }
    expect(await t.db.plan.count()).toBe(plans + 1);

    // The same text pasted through a browser form (CRLF line ends) or with a byte-order mark is the same document.
    await expect(importPlan(t.db, { by, source: { text: text.replaceAll('\n', '\r\n') } })).rejects.toBeInstanceOf(PlanAlreadyImportedError);
    await expect(importPlan(t.db, { by, source: { buffer: Buffer.from(`\uFEFF${text}`) }, fileName: 'bom.txt' })).rejects.toBeInstanceOf(PlanAlreadyImportedError);

    // Asked for, a second copy is imported, and its audit record says so; another year is another plan.
    const again = await importPlan(t.db, { by, source: { text }, again: true });
    expect(again.planId).not.toBe(first.planId);
    expect((await t.db.auditEvent.findFirstOrThrow({ where: { planId: again.planId, action: 'plan.import' } })).data).toMatchObject({ again: true });
    expect((await importPlan(t.db, { by, source: { text }, year: 2032 })).year).toBe(2032);

    // A cancelled plan is no reason to refuse: the newest copy that still stands is the one named.
    await t.db.plan.update({ where: { id: again.planId }, data: { status: 'cancelled' } });
    await expect(importPlan(t.db, { by, source: { text } })).rejects.toMatchObject({ existing: { planId: first.planId } });
    await t.db.plan.update({ where: { id: first.planId }, data: { status: 'cancelled' } });
    expect((await importPlan(t.db, { by, source: { text } })).planId).not.toBe(first.planId);
  });

  it('reads 天津 2013’s 全年質量工作總結及下一年度目標任務、工作措施 (by 1-15) as its 年度总结 setting', async () => {
    const tianjin = readFileSync(new URL('../../../shared/plans/001_6c27a65b96c45f16.txt', import.meta.url), 'utf8');
    const result = await importPlan(t.db, { by, source: { text: tianjin }, fileName: 'tianjin-2013.txt' });
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: result.planId } })).annualSummary).toEqual({ due: '01-15' });
  });

  it('refuses a document without measures and stores nothing', async () => {
    const plans = await t.db.plan.count();
    await expect(importPlan(t.db, { by, source: { text: '这是一段没有任何编号措施的文字。\n仅此而已。' } })).rejects.toThrow(UserError);
    await expect(importPlan(t.db, { by, source: { text: '无措施' } })).rejects.toThrow(/no measures found/);
    expect(await t.db.plan.count()).toBe(plans);
  });

  it('imports a plan whose numbering starts again in a second attachment, telling the repeats apart', async () => {
    const text = [
      '关于印发2026年质量工作要点的通知',
      '附件1', '2026年质量工作要点',
      '1. 加强标准体系建设。（市市场监管局负责）',
      '2. 开展品牌提升行动。（市市场监管局负责）',
      '附件2', '2026年重点项目清单',
      '1. 建设检验检测平台。（市市场监管局负责）',
      '2. 完善质量奖励制度。（市未知局负责）',
    ].join('\n');
    const result = await importPlan(t.db, { by, source: { text } });
    const measures = await t.db.measure.findMany({ where: { planId: result.planId }, orderBy: { seq: 'asc' }, select: { ref: true, title: true } });
    expect(measures).toEqual([
      { ref: '1', title: '加强标准体系建设' },
      { ref: '2', title: '开展品牌提升行动' },
      { ref: '1（第2处）', title: '建设检验检测平台' },
      { ref: '2（第2处）', title: '完善质量奖励制度' },
    ]);
    // A warning names the measure it concerns, not its namesake in the first attachment.
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'UNIT_UNRESOLVED', ref: '2（第2处）' }));
  });

  it('keeps a unit the registry does not know, as written, and lists the measure for review', async () => {
    const text = '2026年测试计划\n一、重点任务\n（一）建设示范园区。建成示范园区3个。（市未知局牵头，市财政局配合）\n';
    const result = await importPlan(t.db, { by, source: { text } });
    expect(result.warnings.map((w) => w.code)).toContain('UNIT_UNRESOLVED');
    expect(result.unassigned).toEqual([{ ref: '一/（一）', reason: 'unresolved' }]);
    const party = await t.db.measureParty.findFirstOrThrow({ where: { name: '市未知局' } });
    expect(party.unitId).toBeNull();
  });
});
