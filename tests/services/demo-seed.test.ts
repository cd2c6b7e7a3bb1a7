import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_COORDINATOR_EMAIL, seedDemoIfEmpty, type TDemoSource } from '../../seeds/seed';
import { readRegistryFile } from '../../services/units/registry-file';
import { repoRoot } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';

const plansDir = path.join(repoRoot, '..', 'shared', 'plans');
function sharedPlan(prefix: string): NonNullable<TDemoSource['plan']> {
  const fileName = readdirSync(plansDir).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'))!;
  return { fileName, content: readFileSync(path.join(plansDir, fileName)) };
}
const shapingba = readRegistryFile(readFileSync(path.join(repoRoot, 'seeds/registries/shapingba.json'), 'utf8'), 'shapingba.json');

describe('the demo’s data for duban up --demo --plan FILE [--registry FILE]', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('loads a government’s registry and its plan, with a coordinator in the office that leads most of it; a restart finds that plan', async () => {
    t = await createTestDatabase();
    const source = { plan: sharedPlan('004'), registry: shapingba };
    const first = await seedDemoIfEmpty(t.db, source);
    expect(first.seeded).toBe(true);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: first.planId! }, include: { coordinatorUnit: true } });
    expect(plan.title).toBe('重庆市沙坪坝区加强质量认证体系建设促进全面质量管理的实施方案');
    // 区市场监管局 leads 20 of the 24 measures: the demo's coordinator sits there, and the plan is that office's.
    expect(plan.coordinatorUnit?.name).toBe('区市场监管局');
    const coordinator = await t.db.person.findUniqueOrThrow({ where: { email: DEMO_COORDINATOR_EMAIL }, include: { unit: true } });
    expect([coordinator.role, coordinator.unit?.name]).toEqual(['coordinator', '区市场监管局']);
    expect(await t.db.unit.count()).toBe(shapingba.units.length);
    expect(await t.db.measureParty.count({ where: { measure: { planId: plan.id }, unitId: null, groupId: null } })).toBe(0);

    // Started again on the same data, the demo runs the plan it loaded; another plan is not loaded over it.
    expect(await seedDemoIfEmpty(t.db, source)).toEqual({ seeded: false, planId: plan.id });
    expect(await seedDemoIfEmpty(t.db, { plan: sharedPlan('003'), registry: shapingba })).toEqual({ seeded: false, planId: null });
    expect(await t.db.plan.count()).toBe(1);
  });

  it('runs a shared plan on the sample registry when no registry is named, keeping the registry’s own coordinator', async () => {
    t = await createTestDatabase();
    const { seeded, planId } = await seedDemoIfEmpty(t.db, { plan: sharedPlan('001') });
    expect(seeded).toBe(true);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: planId! }, include: { coordinatorUnit: true } });
    expect([plan.title, plan.year]).toEqual(['天津市貫徹落實質量發展綱要2013年行動計劃', 2013]);
    expect(plan.coordinatorUnit?.name).toBe('质量强市工作领导小组办公室');
    expect(await t.db.person.findUnique({ where: { email: DEMO_COORDINATOR_EMAIL }, select: { name: true } })).toEqual({ name: '周文华' });
    expect(await t.db.measureParty.count({ where: { measure: { planId: plan.id }, unitId: null, groupId: null } })).toBe(0);
  });
});
