import { readFileSync } from 'node:fs';
import { decodeDocument } from '../parser/decode';
import { normaliseSource, parsePlan } from '../parser/parse-plan';
import type { Db } from '../prisma/client';
import { grantRole, type TGrantRoleInput } from '../services/people/grant-role';
import { importPlan, loadParserRegistry, officeForOperator } from '../services/plans/import-plan';
import { importUnits } from '../services/units/import-units';
import { readRegistryFile, type TRegistryFile } from '../services/units/registry-file';

const here = (file: string) => new URL(file, import.meta.url);

export const SAMPLE_PLAN_FILE = 'sample-plan-2026.txt';
/** The demo's coordinator account: the sample's, or made in the office that leads the plan (see ensureDemoCoordinator). */
export const DEMO_COORDINATOR_EMAIL = 'coordinator@duban.test';

/** The sample registry's accounts that act on plans: granted as an admin grants roles, never read from a registry. */
const SAMPLE_ACCOUNTS: TGrantRoleInput[] = [
  { email: DEMO_COORDINATOR_EMAIL, name: '周文华', role: 'coordinator', unit: '质量强市工作领导小组办公室' },
  { email: 'admin@duban.test', name: '系统管理员', role: 'admin' },
];

const grantAsSeed = (db: Db, input: TGrantRoleInput) => grantRole({ db, now: () => new Date() }, { label: 'seed' }, input);

/** What the demo runs: the sample registry and plan, unless `duban up --demo --plan FILE --registry FILE` names others. */
export type TDemoSource = {
  plan?: { fileName: string; content: Buffer };
  registry?: TRegistryFile;
};

/**
 * Loads the sample registry through the same path as `duban units import`, and grants its coordinator and admin their
 * roles through the same grant as `duban people grant`.
 */
export async function seedRegistry(db: Db): Promise<void> {
  await importUnits(db, sampleRegistry(), { id: null, label: 'seed' });
  for (const account of SAMPLE_ACCOUNTS) await grantAsSeed(db, account);
}

function sampleRegistry(): TRegistryFile {
  return readRegistryFile(readFileSync(here('registry.json'), 'utf8'), 'registry.json');
}

/** Imports the sample plan for the current year through `importPlan`, unless a plan of that title already exists. */
export async function seedSamplePlan(db: Db): Promise<string> {
  const text = readFileSync(here(SAMPLE_PLAN_FILE), 'utf8');
  const existing = await db.plan.findFirst({ where: { sourceName: SAMPLE_PLAN_FILE }, select: { id: true } });
  if (existing) return existing.id;
  const result = await importPlan(db, { source: { text }, fileName: SAMPLE_PLAN_FILE, by: { label: 'seed', officeUnitId: await officeForOperator(db, undefined) } });
  return result.planId;
}

/**
 * The demo's data, loaded only into an empty database so that a person's own data is never touched. In a database
 * that holds data already, the demo's plan is the one imported from the same document by an earlier demo, if any.
 */
export async function seedDemoIfEmpty(db: Db, source: TDemoSource = {}): Promise<{ seeded: boolean; planId: string | null }> {
  const plan = source.plan ?? { fileName: SAMPLE_PLAN_FILE, content: readFileSync(here(SAMPLE_PLAN_FILE)) };
  const text = await decodeDocument(plan.content, plan.fileName);
  const [units, plans] = await Promise.all([db.unit.count(), db.plan.count()]);
  if (units > 0 || plans > 0) {
    const same = await db.plan.findMany({ where: { sourceName: plan.fileName }, orderBy: { createdAt: 'asc' }, select: { id: true, sourceText: true } });
    return { seeded: false, planId: same.find((p) => normaliseSource(p.sourceText) === normaliseSource(text))?.id ?? null };
  }
  if (source.registry) await importUnits(db, source.registry, { id: null, label: 'seed' });
  else await seedRegistry(db);
  await ensureDemoCoordinator(db, text);
  const result = await importPlan(db, { source: { buffer: plan.content }, fileName: plan.fileName, by: { label: 'seed', officeUnitId: await officeForOperator(db, undefined) } });
  return { seeded: true, planId: result.planId };
}

/**
 * A registry of a government's units names no coordinator (the sample registry does). The demo then makes its own
 * coordinator account in the unit that leads most of the plan's measures — the office that coordinates a quality plan
 * (市质监局, 区市场监管局) leads most of it — so that the plan has a coordinating office before it is imported.
 */
async function ensureDemoCoordinator(db: Db, planText: string): Promise<void> {
  if (await db.person.findFirst({ where: { role: 'coordinator', unitId: { not: null } }, select: { id: true } })) return;
  const parsed = parsePlan(planText, { registry: await loadParserRegistry(db) });
  const leads = new Map<string, number>();
  for (const m of parsed.measures) {
    for (const u of m.units) if (u.role === 'lead' && u.kind === 'unit' && u.resolvedTo) leads.set(u.resolvedTo, (leads.get(u.resolvedTo) ?? 0) + 1);
  }
  // Map order is first mention, so a tie goes to the unit the plan names first.
  const office = [...leads].reduce<[string, number] | null>((best, entry) => (best && best[1] >= entry[1] ? best : entry), null)?.[0];
  await grantAsSeed(db, { email: DEMO_COORDINATOR_EMAIL, name: '演示协调员', role: 'coordinator', ...(office ? { unit: office } : {}) });
}
