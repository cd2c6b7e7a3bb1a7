import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { acknowledgeAssignment } from '../../services/assignments/acknowledge-assignment';
import type { TPerson } from '../../services/access/scope';
import { importPlan } from '../../services/plans/import-plan';
import { importUnits } from '../../services/units/import-units';
import { readRegistryFile } from '../../services/units/registry-file';
import { repoRoot } from './cli';
import type { TWorld } from './workflow-world';

/** The shared seed plans (../shared/plans), each as NNN_<hash>.txt with its answer key beside it. */
const plansDir = path.join(repoRoot, '..', 'shared', 'plans');
export const seedPlanFile = (prefix: string) => path.join(plansDir, readdirSync(plansDir).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'))!);

/**
 * A seed plan imported as an office would: its government's registry first, then the plan, every unit resolved; the
 * office (质量工作协调办, its coordinator 赵协调) names itself the coordinating unit in review, so items with no unit go to it.
 */
export async function importSeedPlan(
  world: TWorld,
  seed: { plan: string; registry: string; measures: number; period: { from: string; to: string } },
): Promise<{ office: TPerson; officeUnitId: string; planId: string }> {
  const officeUnit = await world.t.db.unit.create({ data: { name: '质量工作协调办' } });
  const office = await world.t.db.person.create({ data: { name: '赵协调', email: 'office@duban.test', unitId: officeUnit.id, isContact: true, role: 'coordinator' } });
  await importUnits(world.t.db, readRegistryFile(readFileSync(path.join(repoRoot, seed.registry), 'utf8'), seed.registry), { id: office.id, label: 'test' });
  const file = seedPlanFile(seed.plan);
  const imported = await importPlan(world.t.db, { source: { buffer: readFileSync(file) }, fileName: path.basename(file), by: { person: office } });
  expect(imported.measures).toBe(seed.measures);
  expect(imported.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED')).toEqual([]);
  expect(imported.period).toEqual(seed.period);
  await world.t.db.plan.update({ where: { id: imported.planId }, data: { coordinatorUnitId: officeUnit.id } });
  return { office, officeUnitId: officeUnit.id, planId: imported.planId };
}

/**
 * Every unit signs for (签收) its items of the plan, its contact named 经办人 — a unit that will stay silent too: it
 * signs, then never reports. Unsigned items would be chased from the third working day (the 签收 suites test that).
 */
export async function signForAll(world: TWorld, taskQueue: string, planId: string): Promise<void> {
  const services = { db: world.t.db, temporal: { client: world.env.client, taskQueue } };
  for (const a of await world.t.db.assignment.findMany({ where: { measure: { planId } }, select: { id: true, unitId: true } })) {
    const contact = await world.t.db.person.findFirstOrThrow({ where: { unitId: a.unitId, isContact: true }, select: { id: true, name: true, role: true, unitId: true, email: true } });
    await acknowledgeAssignment(services, contact, a.id, { responsible: { name: contact.name, email: contact.email } });
  }
}
