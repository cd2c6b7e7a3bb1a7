import { describe, expect, it } from 'vitest';
import { Prisma, type Db } from '../../../prisma/client';
import { owePlanScores, rescoreOwedPlans } from '../../../services/scoring/score-plan';
import { startScoreKeeper } from '../../../worker/score-keeper';
import { seedSmallPlan, useSmallPlanDatabase } from './seed-small-plan';
import { waitFor } from '../../support/wait-for';

const small = useSmallPlanDatabase();

const owe = (planId: string, at: string, db: Db = small.db) => db.$executeRaw(owePlanScores(Prisma.sql`${planId}`, new Date(at)));
const owing = (planId: string) => small.db.plan.findUniqueOrThrow({ where: { id: planId }, select: { scoresOwed: true, scoresOwedAsOf: true } });
/** The test database with one member replaced by what `replace` makes of the real one. */
function withMember<K extends keyof Db>(member: K, replace: (real: Db[K]) => unknown): Db {
  return new Proxy(small.db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      const bound = typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return prop === member ? replace(bound as Db[K]) : bound;
    },
  });
}
const planScore = (planId: string) => small.db.score.findUnique({ where: { planId_year_scope_subjectId: { planId, year: 0, scope: 'plan', subjectId: planId } } });

describe('plans owing scores are rescored by the score keeper', () => {
  it('with nothing owed, scores nothing', async () => {
    expect(await rescoreOwedPlans(small.db)).toEqual({ scored: [], invalid: [], failed: [] });
    expect(await small.db.score.count()).toBe(0);
  });

  it('scores an owing plan once, as of the latest owed instant, and settles it', async () => {
    await owe(small.seeded.plan.id, '2027-01-19T10:00:00.000Z');
    await owe(small.seeded.plan.id, '2027-01-20T10:00:00.000Z');
    await owe(small.seeded.plan.id, '2027-01-18T10:00:00.000Z');
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 3, scoresOwedAsOf: new Date('2027-01-20T10:00:00.000Z') });

    expect(await rescoreOwedPlans(small.db)).toEqual({ scored: [small.seeded.plan.id], invalid: [], failed: [] });
    // The hand-computed figure of the small plan (seed-small-plan) as of 2027-01-20.
    expect(await planScore(small.seeded.plan.id)).toMatchObject({ points: 86.79, computedAt: new Date('2027-01-20T10:00:00.000Z') });
    expect(await small.db.score.count({ where: { planId: small.seeded.plan.id, year: 0 } })).toBe(9);
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
    expect(await rescoreOwedPlans(small.db)).toEqual({ scored: [], invalid: [], failed: [] });
  });

  it('never scores a plan back to an instant before its stored scores', async () => {
    await owe(small.seeded.plan.id, '2026-08-01T10:00:00.000Z');
    await rescoreOwedPlans(small.db);
    expect(await planScore(small.seeded.plan.id)).toMatchObject({ points: 86.79, computedAt: new Date('2027-01-20T10:00:00.000Z') });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('a change owed while the plan is being scored leaves it owing, for the next pass', async () => {
    await owe(small.seeded.plan.id, '2027-01-21T10:00:00.000Z');
    // The change lands after the pass read what was owed, just before it stores the scores.
    const racing = withMember('$transaction', (real) => async (...args: Parameters<Db['$transaction']>) => {
      await owe(small.seeded.plan.id, '2027-01-22T10:00:00.000Z');
      return (real as (...a: unknown[]) => unknown)(...args);
    });
    expect(await rescoreOwedPlans(racing)).toEqual({ scored: [small.seeded.plan.id], invalid: [], failed: [] });
    expect(await planScore(small.seeded.plan.id)).toMatchObject({ computedAt: new Date('2027-01-21T10:00:00.000Z') });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 2, scoresOwedAsOf: new Date('2027-01-22T10:00:00.000Z') });

    await rescoreOwedPlans(small.db);
    expect(await planScore(small.seeded.plan.id)).toMatchObject({ computedAt: new Date('2027-01-22T10:00:00.000Z') });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('settles a plan whose rubric cannot be read without scoring it, and names it', async () => {
    const other = await seedSmallPlan(small.db, '-b');
    await small.db.plan.update({ where: { id: other.plan.id }, data: { rubric: { completion: { weight: -5 } } } });
    await owe(other.plan.id, '2027-01-20T10:00:00.000Z');
    const pass = await rescoreOwedPlans(small.db);
    expect(pass.scored).toEqual([]);
    expect(pass.invalid).toEqual([{ planId: other.plan.id, message: expect.stringContaining(other.plan.id) }]);
    expect(await planScore(other.plan.id)).toBeNull();
    expect(await owing(other.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('a plan whose scoring fails stays owing, and the pass still scores the others', async () => {
    const other = await seedSmallPlan(small.db, '-c');
    await owe(small.seeded.plan.id, '2027-01-23T10:00:00.000Z');
    await owe(other.plan.id, '2027-01-23T10:00:00.000Z');
    // Reading the first plan fails (as a lost connection would); the second reads as usual.
    const failing = withMember('plan', (plans) =>
      new Proxy(plans, {
        get(model, method) {
          const fn = Reflect.get(model, method, model) as unknown;
          if (method !== 'findUnique') return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown).bind(model) : fn;
          return (query: { where: { id: string } }) =>
            query.where.id === small.seeded.plan.id ? Promise.reject(new Error('connection lost')) : (fn as (q: unknown) => unknown).call(model, query);
        },
      }),
    );
    const pass = await rescoreOwedPlans(failing);
    expect(pass).toEqual({ scored: [other.plan.id], invalid: [], failed: [{ planId: small.seeded.plan.id, message: 'connection lost' }] });
    expect(await planScore(other.plan.id)).toMatchObject({ computedAt: new Date('2027-01-23T10:00:00.000Z') });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 1, scoresOwedAsOf: new Date('2027-01-23T10:00:00.000Z') });

    expect(await rescoreOwedPlans(small.db)).toEqual({ scored: [small.seeded.plan.id], invalid: [], failed: [] });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('two keepers passing at once score each owing plan once between them', async () => {
    const plans = [small.seeded.plan.id, ...(await Promise.all(['-k1', '-k2', '-k3'].map(async (s) => (await seedSmallPlan(small.db, s)).plan.id)))];
    for (const id of plans) await owe(id, '2027-01-24T10:00:00.000Z');
    const [a, b] = await Promise.all([rescoreOwedPlans(small.db, 'keeper-a'), rescoreOwedPlans(small.db, 'keeper-b')]);
    expect([...a.scored, ...b.scored].sort()).toEqual([...plans].sort());
    expect(a.scored.filter((id) => b.scored.includes(id))).toEqual([]);
    for (const id of plans) {
      expect(await small.db.plan.findUniqueOrThrow({ where: { id }, select: { scoresOwed: true, scoringBy: true, scoringUntil: true } })).toEqual({
        scoresOwed: 0,
        scoringBy: null,
        scoringUntil: null,
      });
    }
  });

  it('a plan another keeper holds is left to it, until that keeper’s claim lapses', async () => {
    await owe(small.seeded.plan.id, '2027-01-24T12:00:00.000Z');
    const claim = (until: Date) => small.db.plan.update({ where: { id: small.seeded.plan.id }, data: { scoringBy: 'keeper-gone', scoringUntil: until } });
    await claim(new Date(Date.now() + 60_000));
    expect(await rescoreOwedPlans(small.db, 'keeper-a')).toEqual({ scored: [], invalid: [], failed: [] });
    expect((await owing(small.seeded.plan.id)).scoresOwed).toBe(1);
    // The other keeper died holding it: once its claim lapses, this one takes the plan over.
    await claim(new Date(Date.now() - 1_000));
    expect(await rescoreOwedPlans(small.db, 'keeper-a')).toEqual({ scored: [small.seeded.plan.id], invalid: [], failed: [] });
    expect(await planScore(small.seeded.plan.id)).toMatchObject({ computedAt: new Date('2027-01-24T12:00:00.000Z') });
    expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
  });

  it('the keeper pays what is owed on its own, in passes, until stopped', async () => {
    const warnings: string[] = [];
    const keeper = startScoreKeeper(small.db, { warn: (m) => warnings.push(m) }, { idleMs: 50, restFactor: 3, maxRestMs: 1_000 });
    try {
      await owe(small.seeded.plan.id, '2027-01-25T10:00:00.000Z');
      await waitFor('the keeper to rescore the plan', async () => (await planScore(small.seeded.plan.id))?.computedAt.toISOString() === '2027-01-25T10:00:00.000Z', {
        timeoutMs: 10_000,
        everyMs: 50,
      });
      expect(await owing(small.seeded.plan.id)).toEqual({ scoresOwed: 0, scoresOwedAsOf: null });
    } finally {
      await keeper.stop();
    }
    expect(warnings).toEqual([]);
  });
});
