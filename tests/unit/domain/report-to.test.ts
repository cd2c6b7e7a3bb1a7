import { describe, expect, it } from 'vitest';
import { ZOfficeCycleSchema } from '../../../domain/office-cycle';
import { consolidatesParts, partReceiver } from '../../../domain/report-to';
import type { TAssignmentState } from '../../../domain/measure-state';

const held = (id: string, role: 'lead' | 'cooperating', active = true): TAssignmentState => ({ id, unitId: `u-${id}`, unitName: id, role, active, colour: 'green', assignedOn: '2026-01-05' });

describe('who reports to whom (cycle.reportTo)', () => {
  it('defaults to the lead unit, and reads plans saved before the setting', () => {
    expect(ZOfficeCycleSchema.parse({}).reportTo).toBe('lead');
    expect(ZOfficeCycleSchema.parse({ review: 'every', acknowledgeDays: 2 }).reportTo).toBe('lead');
    expect(ZOfficeCycleSchema.safeParse({ reportTo: 'leader' }).success).toBe(false);
  });

  it.each([
    ['lead', [held('L', 'lead'), held('C', 'cooperating')], 'C', 'L', false],
    ['lead: the lead unit’s own report goes to the office and consolidates', [held('L', 'lead'), held('C', 'cooperating')], 'L', null, true],
    ['office', [held('L', 'lead'), held('C', 'cooperating')], 'C', null, false],
    ['lead: every unit 负责 (no one lead)', [held('A', 'lead'), held('B', 'lead'), held('C', 'cooperating')], 'C', null, false],
    ['lead: a single unit', [held('L', 'lead')], 'L', null, false],
    ['lead: no lead unit holds the measure', [held('L', 'lead', false), held('C', 'cooperating')], 'C', null, false],
    ['lead: a lead reassigned, the new lead receives', [held('L', 'lead', false), held('N', 'lead'), held('C', 'cooperating')], 'C', 'N', false],
  ] as const)('%s', (setting, assignments, from, receiver, consolidates) => {
    const reportTo = setting.startsWith('office') ? 'office' : 'lead';
    const state = { assignments: [...assignments] };
    expect(partReceiver(state, reportTo, from)).toBe(receiver);
    expect(consolidatesParts(state, reportTo, from)).toBe(consolidates);
  });
});
