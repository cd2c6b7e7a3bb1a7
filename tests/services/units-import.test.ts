import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../lib/errors';
import { importUnits } from '../../services/units/import-units';
import { readRegistryFile } from '../../services/units/registry-file';
import { createTestDatabase, type TestDatabase } from '../support/db';

const sample = readFileSync(new URL('../../seeds/registry.json', import.meta.url), 'utf8');

const CSV = [
  'type,name,aliases,kind,parent,members,contact_name,contact_email,contact_phone,leader_name,leader_email',
  'unit,市质监局,市质量技术监督局|质监局,department,,,张伟,zhang.wei@example.cn,,王建国,wang.jianguo@example.cn',
  'unit,市财政局,,department,,,"李,娜",li.na@example.cn,,王建国,wang.jianguo@example.cn',
  'group,各成员单位,成员单位,,,市质监局;市财政局,,,,,',
].join('\n');

describe('duban units import: the unit registry', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads the sample registry with aliases, contacts, leaders and group members, and a re-run changes nothing', async () => {
    const registry = readRegistryFile(sample, 'registry.json');
    const first = await importUnits(t.db, registry);
    const counts = async () => ({
      units: await t.db.unit.count(),
      aliases: await t.db.unitAlias.count(),
      people: await t.db.person.count(),
      members: await t.db.unitGroupMember.count(),
    });
    const before = await counts();
    expect(before.units).toBe(registry.units.length);
    expect(first.people).toBeGreaterThan(registry.units.length);
    await importUnits(t.db, registry);
    expect(await counts()).toEqual(before);

    const zhijian = await t.db.unit.findUniqueOrThrow({
      where: { name: '市质监局' },
      include: { aliases: true, leader: true, people: true },
    });
    expect(zhijian.aliases.map((a) => a.alias)).toContain('市质量技术监督局');
    expect(zhijian.leader?.role).toBe('leader');
    expect(zhijian.people.filter((p) => p.isContact)).toHaveLength(1);
    const group = await t.db.unitGroup.findUniqueOrThrow({ where: { name: '各成员单位' }, include: { members: { include: { unit: true } } } });
    expect(group.members.map((m) => m.unit.name)).toContain('市质监局');
  });

  it('updates from a CSV file: new aliases replace old ones, quoted commas survive', async () => {
    await importUnits(t.db, readRegistryFile(CSV, 'units.csv'));
    const unit = await t.db.unit.findUniqueOrThrow({ where: { name: '市质监局' }, include: { aliases: true } });
    expect(unit.aliases.map((a) => a.alias).sort()).toEqual(['市质量技术监督局', '质监局'].sort());
    expect((await t.db.person.findUniqueOrThrow({ where: { email: 'li.na@example.cn' } })).name).toBe('李,娜');
    const group = await t.db.unitGroup.findUniqueOrThrow({ where: { name: '各成员单位' }, include: { members: true } });
    expect(group.members).toHaveLength(2);
  });

  it.each([
    ['a CSV row with an unknown type', CSV.replace('group,各成员单位', 'team,各成员单位'), 'units.csv', /第 4 行.*line 4/],
    ['a CSV row with a bad email', CSV.replace('zhang.wei@example.cn', 'not-an-email'), 'units.csv', /line 2/],
    ['an unterminated quote', CSV.replace('"李,娜"', '"李,娜'), 'units.csv', /unterminated/],
    ['malformed JSON', '{"units": [', 'units.json', /malformed JSON/],
    ['a JSON record without a name', '{"units":[{"name":"甲局"},{"aliases":["乙"]}]}', 'units.json', /units\[1\]/],
    ['one alias claimed by two units', '{"units":[{"name":"甲局","aliases":["丙"]},{"name":"乙局","aliases":["丙"]}]}', 'u.json', /丙/],
  ])('refuses %s, naming the record at fault', (_what, text, file, pattern) => {
    expect(() => readRegistryFile(text, file)).toThrow(UserError);
    expect(() => readRegistryFile(text, file)).toThrow(pattern);
  });

  it('writes nothing when a reference cannot be resolved', async () => {
    const units = await t.db.unit.count();
    const bad = readRegistryFile(
      JSON.stringify({ units: [{ name: '新设局', parent: '不存在的单位' }], groups: [] }),
      'bad.json',
    );
    await expect(importUnits(t.db, bad)).rejects.toThrow(/不存在的单位/);
    expect(await t.db.unit.count()).toBe(units);
    expect(await t.db.unit.findUnique({ where: { name: '新设局' } })).toBeNull();
  });
});
