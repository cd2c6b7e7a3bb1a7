import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../../parser/parse-plan';
import { toSimplified } from '../../parser/script';
import { importPlan } from '../../services/plans/import-plan';
import { importUnits } from '../../services/units/import-units';
import { readRegistryFile, type TRegistryFile } from '../../services/units/registry-file';
import { repoRoot, runDuban } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';

const plansDir = path.join(repoRoot, '..', 'shared', 'plans');
const planFile = (prefix: string) => path.join(plansDir, readdirSync(plansDir).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'))!);

type TParties = { lead: string[]; cooperating?: string[] };

/**
 * Each shared seed plan with its government's registry, and what a person reading the plan expects a handful of its
 * measures to be assigned to: the registry's own names for the units and groups the annotation writes.
 */
const SEED_PLANS: {
  government: string;
  plan: string;
  registry: string;
  measures: number;
  unspecified: string[];
  expected: Record<string, TParties>;
}[] = [
  {
    government: '宝坻区',
    plan: '000',
    registry: 'seeds/registries/baodi.json',
    measures: 26,
    unspecified: ['六/(二十四)', '六/(二十五)', '六/(二十六)'],
    expected: {
      // 农业农村委、种植业发展服务中心、畜牧水产业发展服务中心、市场监管局按职责分工: the plan's bare names are the aliases.
      '二/(一)': { lead: ['区农业农村委', '区种植业发展服务中心', '区畜牧水产业发展服务中心', '区市场监管局'] },
      '二/(八)': { lead: ['蓟州海关', '区公安分局'] },
      '三/(九)': { lead: ['区市场监管局'] },
      '五/(二十一)': { lead: ['区财政局'] },
      '五/(二十二)': { lead: ['区教育局', '区人力社保局', '区总工会', '团区委'] },
    },
  },
  {
    government: '天津市',
    plan: '001',
    registry: 'seeds/registries/tianjin.json',
    measures: 21,
    unspecified: ['七/(十九)', '七/(二十)', '七/(二十一)'],
    expected: {
      // Written in traditional characters (市食品藥品監管局…), named in the registry's simplified ones.
      '一/(一)': { lead: ['市食品药品监管局', '市商务委', '市农委', '市质监局', '市工商局', '市卫生局'] },
      // 天津檢驗檢疫局 is what the plan calls 天津出入境检验检疫局.
      '一/(四)': { lead: ['天津出入境检验检疫局'] },
      '二/(八)': {
        lead: ['市国资委', '市经济和信息化委', '市建设交通委', '市商务委', '市工商局', '市质监局', '市食品药品监管局', '天津出入境检验检疫局', '市交通港口局', '市中小企业局', '有关企业总公司'],
      },
      '六/(十七)': { lead: ['各区县人民政府', '市委组织部', '市监察局', '市统计局'] },
      '六/(十八)': { lead: ['各区县人民政府', '市质监局', '市财政局', '市人力社保局', '天津出入境检验检疫局'] },
    },
  },
  {
    government: '苏州市',
    plan: '003',
    registry: 'seeds/registries/suzhou.json',
    measures: 18,
    unspecified: [],
    expected: {
      '一/(一)': { lead: ['市政府办公室', '市质监局'], cooperating: ['各成员单位'] },
      '一/(二)': { lead: ['市质监局', '苏州出入境检验检疫局'], cooperating: ['各成员单位'] },
      '一/(四)': { lead: ['市财政局'], cooperating: ['各成员单位'] },
      '三/(十三)': { lead: ['市食药监局', '市农委', '市粮食局'], cooperating: ['各成员单位'] },
      '三/(十八)': { lead: ['市工商局', '市质监局', '市食药监局', '市卫生计生委'], cooperating: ['各成员单位'] },
    },
  },
  {
    government: '沙坪坝区',
    plan: '004',
    registry: 'seeds/registries/shapingba.json',
    measures: 24,
    unspecified: ['四/(一)', '四/(二)', '四/(三)', '四/(四)'],
    expected: {
      // The plan writes 重庆国际物流枢纽管委会 here and 重庆国际物流枢纽园区管委会 elsewhere: one unit.
      '三/(一)/1': { lead: ['区经信委', '区财政局', '区商务委', '区文旅委', '区卫健委', '西部新城管委会', '重庆国际物流枢纽园区管委会', '区市场监管局'] },
      '三/(一)/2': { lead: ['区生态环境局', '区交通局', '区农业农村委', '区商务委', '区文旅委', '区市场监管局', '各镇街'] },
      '三/(三)/8': { lead: ['区市场监管局'] },
      '三/(四)/12': { lead: ['西部新城管委会', '重庆国际物流枢纽园区管委会', '区市场监管局', '各镇街'] },
      '三/(六)/19': { lead: ['重庆国际物流枢纽园区管委会', '区商务委', '区市场监管局'] },
    },
  },
];

const readRegistry = (file: string): TRegistryFile => readRegistryFile(readFileSync(path.join(repoRoot, file), 'utf8'), file);
const sampleRegistry = readRegistry('seeds/registry.json');

describe.each(SEED_PLANS)('the $government registry for shared plan $plan', (seed) => {
  const registry = readRegistry(seed.registry);
  const text = readFileSync(planFile(seed.plan), 'utf8');
  // A traditional-script plan is matched through conversion, so a name counts as the plan's in either script.
  const inPlan = (name: string) => text.includes(name) || toSimplified(text).includes(name);

  it('has only aliases and group names the plan itself writes', () => {
    const foreign = [
      ...registry.units.flatMap((u) => u.aliases.filter((a) => a !== u.name && !inPlan(a)).map((a) => `${u.name}: ${a}`)),
      ...registry.groups.flatMap((g) => [g.name, ...g.aliases].filter((n) => !inPlan(n))),
    ];
    expect(foreign).toEqual([]);
  });

  it('leaves no party unresolved with the demo’s sample registry either, which --demo --plan uses when no registry is named', () => {
    const parsed = parsePlan(text, { registry: { units: sampleRegistry.units, groups: sampleRegistry.groups } });
    expect(parsed.measures.flatMap((m) => m.units.filter((u) => !u.resolvedTo).map((u) => `${m.ref} ${u.name}`))).toEqual([]);
  });

  it('gives every unit a contact and a supervising leader on a test domain, and says where a roster is its own', () => {
    for (const u of registry.units) {
      expect(u.contacts.length, u.name).toBeGreaterThan(0);
      expect(u.leader, u.name).toBeDefined();
      for (const p of [...u.contacts, u.leader!]) expect(p.email, u.name).toMatch(/@[a-z]+\.duban\.test$/);
    }
    // Roles are granted elsewhere: a government's registry lists units and their people only.
    expect(registry.people).toEqual([]);
    for (const g of registry.groups.filter((x) => !x.members.every(inPlan))) expect(g.note, g.name).toMatch(/illustrative|not named/);
  });
});

/** Each measure's parties by ref, as the registry names them, in the order the plan writes them. */
async function partiesOf(t: TestDatabase, planId: string): Promise<Map<string, Required<TParties>>> {
  const measures = await t.db.measure.findMany({
    where: { planId },
    orderBy: { seq: 'asc' },
    include: { parties: { orderBy: { position: 'asc' }, include: { unit: true, group: true } } },
  });
  return new Map(
    measures.map((m) => {
      const named = (role: string) => m.parties.filter((p) => p.role === role).map((p) => p.unit?.name ?? p.group?.name ?? `未识别:${p.name}`);
      return [m.ref, { lead: named('lead'), cooperating: named('cooperating') }];
    }),
  );
}

async function expectEveryPartyResolved(t: TestDatabase, planId: string, seed: (typeof SEED_PLANS)[number]) {
  const parties = await partiesOf(t, planId);
  expect(parties.size).toBe(seed.measures);
  for (const [ref, expected] of Object.entries(seed.expected)) {
    expect(parties.get(ref), ref).toEqual({ cooperating: [], ...expected });
  }
  expect([...parties].filter(([, p]) => p.lead.length === 0).map(([ref]) => ref)).toEqual(seed.unspecified);
  const unresolved = await t.db.measureParty.findMany({ where: { measure: { planId }, unitId: null, groupId: null }, select: { name: true } });
  expect(unresolved).toEqual([]);
  // Whoever a party stands for, directly or as a group's member, can be mailed and has a leader to escalate to.
  const reached = await t.db.unit.findMany({
    where: { OR: [{ measureParties: { some: { measure: { planId } } } }, { groups: { some: { group: { measureParties: { some: { measure: { planId } } } } } } }] },
    include: { people: { where: { isContact: true } }, leader: true },
  });
  expect(reached.filter((u) => u.people.length === 0 || !u.leader).map((u) => u.name)).toEqual([]);
}

describe.each(SEED_PLANS)('importing shared plan $plan with the $government registry', (seed) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('through the CLI, duban plan import says 0 unresolved and every measure goes to the units the plan names', async () => {
    const env = { DATABASE_URL: t.url };
    const units = await runDuban(['units', 'import', seed.registry], env);
    expect(units.code, units.stderr).toBe(0);
    const imported = await runDuban(['plan', 'import', planFile(seed.plan)], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${seed.measures} 项措施`);
    expect(imported.stdout).toContain('未识别的责任单位 0 个 / 0 unresolved');
    const planId = /plan imported: (\S+)/.exec(imported.stdout)![1]!;
    await expectEveryPartyResolved(t, planId, seed);
  });

  it('through the services, importing the registry again changes nothing and a second copy resolves the same', async () => {
    const before = { units: await t.db.unit.count(), people: await t.db.person.count(), members: await t.db.unitGroupMember.count() };
    await importUnits(t.db, readRegistry(seed.registry), { id: null, label: 'test' });
    expect({ units: await t.db.unit.count(), people: await t.db.person.count(), members: await t.db.unitGroupMember.count() }).toEqual(before);
    const result = await importPlan(t.db, { source: { buffer: readFileSync(planFile(seed.plan)) }, fileName: path.basename(planFile(seed.plan)), again: true, by: { label: 'test', officeUnitId: null } });
    expect(result.measures).toBe(seed.measures);
    expect(result.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED')).toEqual([]);
    expect(result.unassigned).toEqual(seed.unspecified.map((ref) => ({ ref, reason: 'unspecified' })));
    await expectEveryPartyResolved(t, result.planId, seed);
  });
});
