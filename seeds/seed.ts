import { readFileSync } from 'node:fs';
import type { Db } from '../prisma/client';
import { importPlan } from '../services/plans/import-plan';
import { importUnits } from '../services/units/import-units';
import { readRegistryFile } from '../services/units/registry-file';

const here = (file: string) => new URL(file, import.meta.url);

export const SAMPLE_PLAN_FILE = 'sample-plan-2026.txt';

/** Loads the sample registry through the same path as `duban units import`; re-running it changes nothing. */
export async function seedRegistry(db: Db): Promise<void> {
  const registry = readRegistryFile(readFileSync(here('registry.json'), 'utf8'), 'registry.json');
  await importUnits(db, registry, 'seed');
}

/** Imports the sample plan for the current year through `importPlan`, unless a plan of that title already exists. */
export async function seedSamplePlan(db: Db): Promise<string> {
  const text = readFileSync(here(SAMPLE_PLAN_FILE), 'utf8');
  const existing = await db.plan.findFirst({ where: { sourceName: SAMPLE_PLAN_FILE }, select: { id: true } });
  if (existing) return existing.id;
  const result = await importPlan(db, { source: { text }, fileName: SAMPLE_PLAN_FILE, actorLabel: 'seed' });
  return result.planId;
}

/** The demo's data, loaded only into an empty database so that a person's own data is never touched. */
export async function seedDemoIfEmpty(db: Db): Promise<{ seeded: boolean; planId: string | null }> {
  const [units, plans] = await Promise.all([db.unit.count(), db.plan.count()]);
  if (units > 0 || plans > 0) {
    const sample = await db.plan.findFirst({ where: { sourceName: SAMPLE_PLAN_FILE }, select: { id: true } });
    return { seeded: false, planId: sample?.id ?? null };
  }
  await seedRegistry(db);
  return { seeded: true, planId: await seedSamplePlan(db) };
}
