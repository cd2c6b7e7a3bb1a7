import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRecordColourChange } from '../../../activities/measures/record-colour-change';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedPlan, seedSmallRegistry } from '../../support/measure-fixtures';

let t: TestDatabase;
let measureId: string;
let assignmentId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const reg = await seedSmallRegistry(t.db);
  const { measureIds } = await seedPlan(t.db, reg, [{ ref: '一', title: '加大财政经费保障', due: '2026-07-15' }]);
  measureId = measureIds[0]!;
  assignmentId = (await t.db.assignment.create({ data: { measureId, unitId: reg.units.czj.id, role: 'lead' } })).id;
});
afterAll(async () => t?.close());

it('records each colour change once per key and sets the colour of the assignment or the measure', async () => {
  const { recordColourChange } = createRecordColourChange({ db: t.db });
  const change = { key: 'wf:a:1:red', measureId, assignmentId, from: 'green' as const, to: 'red' as const, reason: '逾期未报', at: '2026-07-16T01:00:00.000Z' };
  await recordColourChange(change);
  // A retry (same key) keeps the row first written and leaves the colour where it is.
  await recordColourChange({ ...change, reason: '重试', at: '2026-07-16T02:00:00.000Z' });
  await recordColourChange({ key: 'wf:measure:1:red', measureId, assignmentId: null, from: 'green', to: 'red', reason: '有单位逾期', at: '2026-07-16T01:00:00.000Z' });
  expect(await t.db.colourChange.findMany({ orderBy: { key: 'asc' }, select: { key: true, assignmentId: true, reason: true, at: true } })).toEqual([
    { key: 'wf:a:1:red', assignmentId, reason: '逾期未报', at: new Date(change.at) },
    { key: 'wf:measure:1:red', assignmentId: null, reason: '有单位逾期', at: new Date(change.at) },
  ]);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ colour: 'red' });
  expect(await t.db.measure.findUniqueOrThrow({ where: { id: measureId } })).toMatchObject({ colour: 'red' });
});

it('records nothing when the assignment is gone', async () => {
  const { recordColourChange } = createRecordColourChange({ db: t.db });
  await expect(
    recordColourChange({ key: 'wf:gone:1:red', measureId, assignmentId: 'no-such-assignment', from: 'green', to: 'red', reason: '逾期未报', at: '2026-07-16T01:00:00.000Z' }),
  ).rejects.toThrow();
  expect(await t.db.colourChange.count({ where: { key: 'wf:gone:1:red' } })).toBe(0);
});
