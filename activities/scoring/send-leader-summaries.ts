import { z } from 'zod';
import { ZIsoDateSchema } from '../../domain/dates';
import { appLink } from '../../lib/config';
import { computeScores } from '../../scoring/compute-scores';
import type { TScoreSet, TScoringInput } from '../../scoring/types';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import type { TActivityDeps } from '../deps';
import { recipient, writeMessages } from '../../outbox/messages';
import { leaderSummaryMail, type TLeaderSummary } from './leader-summary-mail';

export const ZSendLeaderSummariesInputSchema = z.object({
  periodKey: ZIsoDateSchema.describe('the Shanghai date the summary is for: one email per leader per key, ever'),
  since: z.iso.datetime({ offset: true }).describe('escalations from this instant on are "this period’s"'),
  asOf: z.iso.datetime({ offset: true }).describe('scores and overdue items as of this instant'),
});
export type TSendLeaderSummariesInput = z.infer<typeof ZSendLeaderSummariesInputSchema>;
/** `queued`: summaries written to the outbox now; `alreadyQueued`: written by an earlier attempt for the same period. */
export type TSendLeaderSummariesResult = { leaders: number; queued: number; alreadyQueued: number };

/**
 * Leaders' periodic summaries: each leader who supervises a unit with work in a launched plan gets one email with
 * those units' scores (computed afresh as of `asOf`), their overdue reports and the escalations since `since`.
 * Each email is written to the outbox under `leader-summary:<leader>:<periodKey>`, so a retried activity (or a second
 * run for the same period) writes nothing twice; content is fixed at the first attempt. The worker's dispatcher sends.
 */
export function createLeaderSummaryActivities({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendLeaderSummaries(raw: TSendLeaderSummariesInput): Promise<TSendLeaderSummariesResult> {
      const input = ZSendLeaderSummariesInputSchema.parse(raw);
      const summaries = await gatherSummaries(db, input, appLink(config.publicUrl, '/leader'));
      const queued = await writeMessages(
        db,
        summaries.map((s) => ({
          source: `leader-summary:${s.leader.id}:${s.periodKey}`,
          recipient: recipient.person(s.leader.id),
          channel: 'email' as const,
          step: 'leader-summary',
          period: s.periodKey,
          to: [s.leader.email],
          ...leaderSummaryMail(s),
          notBefore: new Date(),
        })),
      );
      outbox.written();
      return { leaders: summaries.length, queued, alreadyQueued: summaries.length - queued };
    },
  };
}

async function gatherSummaries(db: TActivityDeps['db'], input: TSendLeaderSummariesInput, link: string): Promise<TLeaderSummary[]> {
  const asOf = new Date(input.asOf);
  const since = new Date(input.since);
  const [plans, supervised] = await Promise.all([
    db.plan.findMany({ where: { status: 'launched' }, orderBy: { createdAt: 'asc' }, select: { id: true } }),
    db.unit.findMany({
      where: { leaderId: { not: null } },
      select: { id: true, leader: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  const leaderOf = new Map(supervised.map((u) => [u.id, u.leader!]));
  const byLeader = new Map<string, TLeaderSummary>();

  for (const { id } of plans) {
    const { plan, rubric, calendar, input: facts } = await loadScoringInput(db, id, asOf);
    const scores = computeScores(facts, rubric, calendar);
    const ranked = [...scores.units].sort((a, b) => b.points - a.points);
    const rankOf = (points: number) => ranked.findIndex((u) => u.points === points) + 1;
    for (const unit of scores.units) {
      const leader = leaderOf.get(unit.subjectId);
      if (!leader) continue;
      let summary = byLeader.get(leader.id);
      if (!summary) byLeader.set(leader.id, (summary = { leader, periodKey: input.periodKey, since, asOf, link, plans: [] }));
      let section = summary.plans.find((p) => p.planId === plan.id);
      if (!section) {
        section = { planId: plan.id, title: plan.title, planPoints: scores.plan.points, planGrade: scores.plan.grade, units: [], overdue: [], escalations: [] };
        summary.plans.push(section);
      }
      const mine = unitFacts(facts, scores, unit.subjectId, since);
      section.units.push({ name: mine.name, points: unit.points, grade: unit.grade, rank: rankOf(unit.points), of: ranked.length, overdue: mine.overdue.length });
      section.overdue.push(...mine.overdue);
      section.escalations.push(...mine.escalations);
    }
  }
  // Stable order: leaders by name, and within a plan the escalations by time.
  const out = [...byLeader.values()].sort((a, b) => a.leader.name.localeCompare(b.leader.name, 'zh-CN') || (a.leader.id < b.leader.id ? -1 : 1));
  for (const s of out) for (const p of s.plans) p.escalations.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  return out;
}

function unitFacts(facts: TScoringInput, scores: TScoreSet, unitId: string, since: Date) {
  const name = facts.units.find((u) => u.id === unitId)?.name ?? unitId;
  const measures = new Map(facts.measures.map((m) => [m.id, m]));
  const assignments = new Map(facts.assignments.filter((a) => a.unitId === unitId).map((a) => [a.id, a]));
  const overdue = scores.assignments
    .filter((a) => a.unitId === unitId)
    .flatMap((a) => {
      const m = measures.get(a.measureId)!;
      return a.periods
        .filter((p) => p.state === 'overdue')
        .map((p) => ({ unit: name, ref: m.ref, title: m.title, role: a.role, period: p.period, dueAt: p.dueAt, workingDaysLate: p.workingDaysLate }));
    });
  const escalations = facts.escalations
    .filter((e) => assignments.has(e.assignmentId) && e.sentAt.getTime() >= since.getTime())
    .map((e) => {
      const m = measures.get(assignments.get(e.assignmentId)!.measureId)!;
      return { unit: name, ref: m.ref, title: m.title, level: e.level, period: e.period, workingDaysLate: e.workingDaysLate, sentAt: e.sentAt };
    });
  return { name, overdue, escalations };
}
