import { adminPrefix, isGroupReference } from './annotation';
import type { TUnitRegistry } from './registry';
import type { TParseWarning, TUnitResolution } from './schema';
import { toSimplified } from './script';

/**
 * Matching a name as written against the unit registry, in order of confidence: exactly, through an alias, after
 * traditional→simplified conversion, and after dropping an administrative prefix (区市场监管局 → 市场监管局).
 * Names are compared without whitespace and with parentheses of either width.
 */

type TEntry = { name: string; kind: 'unit' | 'group'; via: 'exact' | 'alias' };
type TIndex = Map<string, TEntry>;

function key(name: string): string {
  return name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/^各/, '');
}

const indexes = new WeakMap<TUnitRegistry, TIndex>();

function indexOf(registry: TUnitRegistry): TIndex {
  let index = indexes.get(registry);
  if (index) return index;
  index = new Map();
  const add = (k: string, entry: TEntry) => {
    const existing = index!.get(k);
    if (!existing || (existing.via === 'alias' && entry.via === 'exact')) index!.set(k, entry);
  };
  for (const unit of registry.units) {
    add(key(unit.name), { name: unit.name, kind: 'unit', via: 'exact' });
    for (const alias of unit.aliases) add(key(alias), { name: unit.name, kind: 'unit', via: 'alias' });
  }
  for (const group of registry.groups) {
    add(key(group.name), { name: group.name, kind: 'group', via: 'exact' });
    for (const alias of group.aliases ?? []) add(key(alias), { name: group.name, kind: 'group', via: 'alias' });
  }
  indexes.set(registry, index);
  return index;
}

function stripPrefix(name: string): string | null {
  return adminPrefix(name) ? name.slice(1) : null;
}

export type TNamedUnit = { name: string; role: 'lead' | 'cooperating' };

export function resolveUnit(
  name: string,
  registry: TUnitRegistry | undefined,
): Pick<TUnitResolution, 'kind' | 'resolvedTo' | 'via'> {
  const fallbackKind = isGroupReference(name) ? 'group' : 'unit';
  if (!registry) return { kind: fallbackKind, resolvedTo: null, via: null };
  const index = indexOf(registry);
  const direct = index.get(key(name));
  if (direct) return { kind: direct.kind, resolvedTo: direct.name, via: direct.via };
  const simplified = toSimplified(name);
  const converted = index.get(key(simplified));
  if (converted) return { kind: converted.kind, resolvedTo: converted.name, via: 't2s' };
  for (const candidate of [stripPrefix(name), stripPrefix(simplified)]) {
    const hit = candidate ? index.get(key(candidate)) : undefined;
    if (hit) return { kind: hit.kind, resolvedTo: hit.name, via: 'prefix' };
  }
  return { kind: fallbackKind, resolvedTo: null, via: null };
}

/** Resolves every named unit of a measure; with a registry, each name it cannot place becomes a warning. */
export function resolveUnits(
  units: TNamedUnit[],
  registry: TUnitRegistry | undefined,
  ref: string,
): { resolutions: TUnitResolution[]; warnings: TParseWarning[] } {
  const resolutions: TUnitResolution[] = [];
  const warnings: TParseWarning[] = [];
  for (const unit of units) {
    const resolution = { ...unit, ...resolveUnit(unit.name, registry) };
    resolutions.push(resolution);
    if (registry && resolution.resolvedTo === null)
      warnings.push({ code: 'UNIT_UNRESOLVED', message: `单位“${unit.name}”不在单位名录中，请核对`, ref });
  }
  return { resolutions, warnings };
}
