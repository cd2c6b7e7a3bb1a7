import { describe, expect, it } from 'vitest';
import { colourHistory } from '../../../report/colour-history';

const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

describe('measures by colour over time', () => {
  it('counts each measure in its colour at the end of every day a colour changed', () => {
    const points = colourHistory(
      [
        { id: 'm1', colour: 'red' },
        { id: 'm2', colour: 'green' },
        { id: 'm3', colour: 'yellow' },
      ],
      [
        { measureId: 'm1', from: 'green', to: 'yellow', at: at('2026-07-16') },
        { measureId: 'm1', from: 'yellow', to: 'red', at: at('2026-07-20') },
        // Two changes on one day: the day ends with the later one.
        { measureId: 'm2', from: 'green', to: 'yellow', at: at('2026-07-20') },
        { measureId: 'm2', from: 'yellow', to: 'green', at: new Date('2026-07-20T15:00:00+08:00') },
        // After the last day drawn: not counted.
        { measureId: 'm3', from: 'yellow', to: 'green', at: at('2026-09-01') },
      ],
      { from: at('2026-07-01'), to: at('2026-08-01') },
    );
    expect(points).toEqual([
      { date: '2026-07-01', green: 2, yellow: 1, red: 0 },
      { date: '2026-07-16', green: 1, yellow: 2, red: 0 },
      { date: '2026-07-20', green: 1, yellow: 1, red: 1 },
      { date: '2026-08-01', green: 1, yellow: 1, red: 1 },
    ]);
  });

  it('draws one point, today, for a plan with no change yet', () => {
    expect(colourHistory([{ id: 'm1', colour: 'green' }], [], { from: at('2026-08-01'), to: at('2026-08-01') })).toEqual([{ date: '2026-08-01', green: 1, yellow: 0, red: 0 }]);
  });
});
