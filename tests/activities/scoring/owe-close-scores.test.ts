import { beforeAll, describe, expect, it } from 'vitest';
import { createOweCloseScores } from '../../../activities/scoring/owe-close-scores';
import { rescoreOwedPlans } from '../../../services/scoring/score-plan';
import { useSmallPlanDatabase } from './seed-small-plan';

const small = useSmallPlanDatabase();
let planId: string;
let oweAtClose: ReturnType<typeof createOweCloseScores>['owePlanScoresAtClose'];

beforeAll(() => {
  planId = small.seeded.plan.id;
  oweAtClose = createOweCloseScores({ db: small.db }).owePlanScoresAtClose;
});

const owing = () => small.db.plan.findUniqueOrThrow({ where: { id: planId }, select: { scoresOwed: true, scoresOwedAsOf: true } });
const planScoredAt = async () =>
  (await small.db.score.findUnique({ where: { planId_year_scope_subjectId: { planId, year: 0, scope: 'plan', subjectId: planId } } }))?.computedAt ?? null;

describe('a period close owes its plan scores as of the close, once for all its measures', () => {
  const close = '2026-07-15T16:00:00.000Z';

  it('the first measure to close owes; the others, closing at the same instant, add nothing', async () => {
    expect(await oweAtClose({ planId, closedAt: close })).toEqual({ owed: true });
    expect(await oweAtClose({ planId, closedAt: close })).toEqual({ owed: false });
    expect(await owing()).toEqual({ scoresOwed: 1, scoresOwedAsOf: new Date(close) });
  });

  it('the score keeper pays it as of the close; a measure closing after that adds nothing', async () => {
    expect((await rescoreOwedPlans(small.db)).scored).toEqual([planId]);
    expect(await planScoredAt()).toEqual(new Date(close));
    expect(await oweAtClose({ planId, closedAt: close })).toEqual({ owed: false });
    expect(await owing()).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('a later close owes again, and moves an earlier owed instant forward', async () => {
    const later = '2027-01-15T16:00:00.000Z';
    await small.db.plan.update({ where: { id: planId }, data: { scoresOwed: 1, scoresOwedAsOf: new Date('2026-12-01T00:00:00.000Z') } });
    expect(await oweAtClose({ planId, closedAt: later })).toEqual({ owed: true });
    expect(await owing()).toEqual({ scoresOwed: 2, scoresOwedAsOf: new Date(later) });
    await rescoreOwedPlans(small.db);
    expect(await planScoredAt()).toEqual(new Date(later));
  });

  it('refuses input that is not a plan and an instant', async () => {
    await expect(oweAtClose({ planId: '', closedAt: close })).rejects.toThrow();
    await expect(oweAtClose({ planId, closedAt: '2026-07-16' })).rejects.toThrow();
    expect(await owing()).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });
});
