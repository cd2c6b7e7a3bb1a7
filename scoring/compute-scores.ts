import { correctedReports } from './corrections';
import { shanghaiDate, workingDaysBetween, type TCalendar } from '../calendar/working-days';
import { annualSummaryStanding } from '../domain/annual-summary';
import { elapsedPercent, periodLabel } from '../domain/schedule';
import {
  COMPONENT_NAMES,
  EXTRA_NAMES,
  LEVEL_NAMES,
  NOT_ASSESSED,
  ROLE_NAMES,
  gradeFor,
  type TIndicator,
  type TIndicatorRule,
  type TQuotaDeduction,
  type TRubric,
} from './rubric';
import { COMPARATOR_SIGNS, targetAttainment } from './target-attainment';
import { WHOLE_PERIOD } from './types';
import type {
  TAssignmentScore,
  TEscalationLevel,
  TPeriodOutcome,
  TScore,
  TScoreLine,
  TScoreSet,
  TScoringAssignment,
  TScoringEscalation,
  TScoringExtension,
  TScoringInput,
  TScoringMeasure,
  TScoringReport,
  TScoringTarget,
  TComparator,
  TAssessmentFacts,
} from './types';

/**
 * Scores a plan from its recorded facts: pure and deterministic. Nothing here reads a clock, the database or the
 * order of the input arrays (ties are broken by id), so the same facts, rubric and calendar always give the same
 * scores, and a stored score can be recomputed to explain itself.
 *
 * The model, on one scale (the rubric's component weights, 100 by default) at every scope:
 * - an assignment (one unit on one measure) earns completion + timeliness + target attainment − escalation deductions,
 *   floored at 0;
 * - a measure is the mean of its assignments weighted by role share (lead 1, cooperating 0.5);
 * - a unit is the mean of its assignments weighted by measure weight × role share, so a measure it merely cooperates
 *   on counts half as much for it as one it leads;
 * - the plan is the mean of its measures weighted by measure weight.
 * Aggregates are computed from the rounded scores shown to people, so anyone can redo the sums from the report.
 *
 * Cost: one pass to index the facts, one pass per assignment over its own reports; linear in reports.
 */
export function computeScores(sent: TScoringInput, rubric: TRubric, calendar: TCalendar, year: number = WHOLE_PERIOD): TScoreSet {
  // An indicator value the office corrected counts as corrected, never as the unit sent it.
  const all = sent.corrections?.length ? { ...sent, reports: correctedReports(sent.reports, sent.corrections) } : sent;
  const input = year === WHOLE_PERIOD ? all : inYear(all, year);
  const ctx = buildContext(input, rubric, calendar);
  const assignments = input.assignments.flatMap((a) => {
    const measure = ctx.measures.get(a.measureId);
    return measure ? [scoreAssignment(a, measure, ctx)] : [];
  });

  const byMeasure = groupBy(assignments, (a) => a.measureId);
  const measures: TScoreSet['measures'] = [];
  for (const m of input.measures) {
    const own = byMeasure.get(m.id);
    if (!own) continue;
    const lines = weightedLines(
      own.map((a) => ({
        weight: rubric.roleShare[a.role],
        score: a,
        label: `${ctx.unitName(a.unitId)}（${ROLE_NAMES[a.role]}，占比 ${fmt(rubric.roleShare[a.role])}）`,
        component: 'assignment' as const,
        event: { kind: 'assignment' as const, assignmentId: a.subjectId },
      })),
      ctx.total,
    );
    measures.push({ ...finish('measure', m.id, lines, ctx), scope: 'measure', weight: ctx.measures.get(m.id)!.weight });
  }

  const units = scoreUnits(input, assignments, ctx);
  const classes = rankClasses(units, input, rubric);

  const planLines = weightedLines(
    measures.map((m) => {
      const measure = ctx.measures.get(m.subjectId)!.measure;
      return {
        weight: m.weight,
        score: m,
        label: `${measure.ref} ${clip(measure.title)}（权重 ${fmt(m.weight)}）`,
        component: 'measure' as const,
        event: { kind: 'measure' as const, measureId: m.subjectId },
      };
    }),
    ctx.total,
  );
  const plan = { ...finish('plan', input.planId, planLines, ctx), scope: 'plan' as const };
  if (measures.length === 0) {
    // Nothing assigned yet (a draft, or a launch still under way) is no failing grade.
    plan.grade = '暂不计分';
    plan.breakdown = [{ component: 'measure', points: 0, max: 0, explanation: '尚无已分派的措施，暂不计分', event: null }];
  }

  return { planId: input.planId, year, rubricVersion: rubric.version, asOf: input.asOf, assignments, measures, units, classes, plan };
}

/** The plan's facts as one year of its period is assessed on them (see assessedYears). */
export function inYear(input: TScoringInput, year: number): TScoringInput {
  const yearEnd = `${year}-12-31`;
  const keys = new Map<string, Set<string>>();
  const firstYear = Math.min(year, ...(input.years ?? []));
  const measures = input.measures.flatMap((m): TScoringMeasure[] => {
    const periods = m.periods.filter((p) => p.year === year);
    const dueYear = Number(shanghaiDate(m.due).slice(0, 4));
    if (periods.length === 0 && dueYear !== year) return [];
    keys.set(m.id, new Set(periods.map((p) => p.period)));
    const start = m.start ? shanghaiDate(m.start) : null;
    const progress = dueYear > year && start ? { by: yearEnd, elapsed: elapsedPercent(start, shanghaiDate(m.due), yearEnd) } : undefined;
    return [{ ...m, periods, targets: targetsOfYear(m, year, dueYear, firstYear), ...(progress ? { progress } : {}) }];
  });
  const measureOf = new Map(input.assignments.map((a) => [a.id, a.measureId]));
  const ofYear = (assignmentId: string, period: string) => keys.get(measureOf.get(assignmentId) ?? '')?.has(period) ?? false;
  return {
    ...input,
    measures,
    // A year reads the reports of its own periods (the one due 01-15 after it included) and any sent by its end;
    // what a later year brought is that year's.
    reports: input.reports.filter((r) => keys.has(measureOf.get(r.assignmentId) ?? '') && (ofYear(r.assignmentId, r.period) || shanghaiDate(r.submittedAt) <= yearEnd)),
    extensions: input.extensions.filter((x) => ofYear(x.assignmentId, x.period)),
    escalations: input.escalations.filter((e) => ofYear(e.assignmentId, e.period)),
    ...(input.assessment
      ? {
          assessment: {
            bonuses: input.assessment.bonuses.filter((b) => b.year === year),
            vetoes: input.assessment.vetoes.filter((v) => v.year === year),
            appraisals: input.assessment.appraisals.filter((a) => a.year === year),
            returns: input.assessment.returns.filter((r) => ofYear(r.assignmentId, r.period)),
            ...(input.assessment.annualSummaries
              ? {
                  annualSummaries: {
                    dueByYear: year in input.assessment.annualSummaries.dueByYear ? { [year]: input.assessment.annualSummaries.dueByYear[year]! } : {},
                    sent: input.assessment.annualSummaries.sent.filter((x) => x.year === year),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * A measure's targets as a year assesses them: a target with a milestone that year is judged on the milestone's value;
 * one due that year (or by no year, on a measure due that year) on its own; one due later with no milestone that year
 * is not assessed that year. One due before the plan's period (a plan launched as is, its measures moved to the first
 * reporting date after the launch) is judged with its measure, in the year the measure is due: else it would count in no year.
 */
function targetsOfYear(m: TScoringMeasure, year: number, dueYear: number, firstYear: number): TScoringTarget[] {
  return m.targets.flatMap((t) => {
    const milestone = t.milestones?.find((x) => Number(x.by.slice(0, 4)) === year);
    if (milestone) return [{ ...t, value: milestone.value }];
    const tYear = t.by ? Number(t.by.slice(0, 4)) : dueYear;
    return tYear === year || (tYear < firstYear && dueYear === year) ? [t] : [];
  });
}

/** The years of the plan's period that have something to assess: a measure reporting for it, or due in it. */
export function assessedYears(input: TScoringInput): number[] {
  return (input.years ?? []).filter((y) => input.measures.some((m) => m.periods.some((p) => p.year === y) || Number(shanghaiDate(m.due).slice(0, 4)) === y));
}

type TMeasureContext = {
  measure: TScoringMeasure;
  weight: number;
  /** Position of each scheduled period by due date: later periods supersede earlier ones as "the last report". */
  rank: Map<string, number>;
  periods: TScoringMeasure['periods'];
  final: TScoringMeasure['periods'][number] | null;
  /** The latest value reported for each target by any unit on the measure, with the report it came from. */
  targetValues: Map<string, { value: number; report: TScoringReport }>;
};

type TContext = ReturnType<typeof buildContext>;

function buildContext(input: TScoringInput, rubric: TRubric, calendar: TCalendar) {
  const asOfMs = input.asOf.getTime();
  const units = new Map(input.units.map((u) => [u.id, u.name]));
  const assignmentsById = new Map(input.assignments.map((a) => [a.id, a]));

  const measures = new Map<string, TMeasureContext>();
  for (const m of input.measures) {
    const periods = [...m.periods].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || cmp(a.period, b.period));
    measures.set(m.id, {
      measure: m,
      weight: rubric.measureWeights[m.ref] ?? m.weight,
      rank: new Map(periods.map((p, i) => [p.period, i])),
      periods,
      final: periods[periods.length - 1] ?? null,
      targetValues: new Map(),
    });
  }

  // Facts after asOf did not exist yet at asOf.
  const reports = new Map<string, TScoringReport[]>();
  for (const r of input.reports) {
    if (r.submittedAt.getTime() > asOfMs) continue;
    push(reports, r.assignmentId, r);
  }
  for (const list of reports.values()) list.sort(bySubmission);

  // A target belongs to the measure, not to one unit: every unit on the measure is judged on the latest value anyone
  // reported for it, since cooperating units contribute to the same outcome the lead reports.
  for (const [assignmentId, list] of reports) {
    const a = assignmentsById.get(assignmentId);
    const m = a && measures.get(a.measureId);
    if (!m || m.measure.targets.length === 0) continue;
    for (const r of list) {
      for (const tv of r.targetValues) {
        const current = m.targetValues.get(tv.targetId);
        if (!current || laterReport(r, current.report, m.rank)) m.targetValues.set(tv.targetId, { value: tv.value, report: r });
      }
    }
  }

  // Only an approved extension moves a due date; lateness otherwise counts from the original date. Should a period
  // be extended twice, the furthest approved date is the one in force.
  const extensions = new Map<string, Map<string, TScoringExtension>>();
  for (const e of input.extensions) {
    if (e.status !== 'approved') continue;
    let byPeriod = extensions.get(e.assignmentId);
    if (!byPeriod) extensions.set(e.assignmentId, (byPeriod = new Map()));
    const current = byPeriod.get(e.period);
    if (!current || e.requestedDue.getTime() > current.requestedDue.getTime() || (e.requestedDue.getTime() === current.requestedDue.getTime() && e.id > current.id)) {
      byPeriod.set(e.period, e);
    }
  }

  const escalations = new Map<string, TScoringEscalation[]>();
  for (const e of input.escalations) if (e.sentAt.getTime() <= asOfMs) push(escalations, e.assignmentId, e);

  // Working-day counts repeat across thousands of reports due the same day: count each (from, to) pair once.
  const workingDays = new Map<string, number>();
  const dates = new Map<number, string>();
  const dateOf = (ms: number) => {
    let d = dates.get(ms);
    if (d === undefined) dates.set(ms, (d = shanghaiDate(ms)));
    return d;
  };

  return {
    rubric,
    asOfMs,
    asOfDate: shanghaiDate(asOfMs),
    total: rubric.completion.weight + rubric.timeliness.weight + rubric.targets.weight,
    measures,
    assignmentsById,
    reports,
    extensions,
    escalations,
    dateOf,
    unitName: (id: string) => units.get(id) ?? id,
    /** Working days from one Shanghai date to a later one: 0 on the day itself or when `to` is earlier. */
    workingDaysLate(from: string, to: string): number {
      if (to <= from) return 0;
      const key = `${from}|${to}`;
      let n = workingDays.get(key);
      if (n === undefined) workingDays.set(key, (n = workingDaysBetween(from, to, calendar)));
      return n;
    },
  };
}

function scoreAssignment(a: TScoringAssignment, m: TMeasureContext, ctx: TContext): TAssignmentScore {
  const { rubric } = ctx;
  const reports = ctx.reports.get(a.id) ?? [];
  const extensions = ctx.extensions.get(a.id);
  const hasTargets = m.measure.targets.length > 0;
  // A measure without numbers is judged on whether it is done: the target points move to completion rather than
  // being given away or lost.
  const completionMax = rubric.completion.weight + (hasTargets ? 0 : rubric.targets.weight);

  const lines: TScoreLine[] = [];
  const completion = completionLine(reports, m, extensions, completionMax, hasTargets, ctx);
  lines.push(completion.line);
  const { periods, lines: timelinessLines } = timeliness(reports, m, extensions, ctx);
  lines.push(...timelinessLines);
  if (hasTargets) lines.push(...targetLines(m, ctx));
  const { counts, lines: deductionLines } = deductions(ctx.escalations.get(a.id) ?? [], ctx);
  lines.push(...deductionLines);

  const sum = lines.reduce((s, l) => s + l.points, 0);
  if (sum < 0) {
    lines.push({ component: 'deduction', points: -sum, max: 0, explanation: '扣分超过各项得分之和，按 0 分计', event: null });
  }
  const score = finish('assignment', a.id, lines, ctx);
  return {
    ...score,
    scope: 'assignment',
    measureId: a.measureId,
    unitId: a.unitId,
    role: a.role,
    weight: m.weight * rubric.roleShare[a.role],
    done: completion.done,
    periods,
    escalations: counts,
  };
}

function completionLine(
  reports: TScoringReport[],
  m: TMeasureContext,
  extensions: Map<string, TScoringExtension> | undefined,
  max: number,
  hasTargets: boolean,
  ctx: TContext,
): { line: TScoreLine; done: boolean } {
  const merged = hasTargets ? '' : `（本措施无量化目标，目标达成 ${fmt(ctx.rubric.targets.weight)} 分并入本项）`;
  const extension = m.final ? extensions?.get(m.final.period) : undefined;
  const dueMs = extension ? Math.max(m.measure.due.getTime(), extension.requestedDue.getTime()) : m.measure.due.getTime();
  const dueDate = ctx.dateOf(dueMs);
  const dueText = extension ? `期限 ${ctx.dateOf(m.measure.due.getTime())}，已批准延期至 ${dueDate}` : `期限 ${dueDate}`;
  const line = (points: number, explanation: string, event: TScoreLine['event']) => ({
    line: { component: 'completion' as const, points, max, explanation: `${COMPONENT_NAMES.completion}：${explanation}${merged}`, event },
    done: false,
  });
  if (m.measure.progress) return yearProgressLine(reports, m, m.measure.progress, dueText, line, max, ctx);

  // Done by the due date counts by the Shanghai calendar day, as people read a due date.
  const onTime = reports.find((r) => r.status === 'done' && ctx.dateOf(r.submittedAt.getTime()) <= dueDate);
  if (onTime) {
    const when = ctx.dateOf(onTime.submittedAt.getTime());
    const result = line(max, `按期完成——${periodLabel(onTime.period)}报告 ${when} 报送，状态为已完成（${dueText}），得 ${fmt(max)} 分`,
      extension
        ? { kind: 'extension', extensionId: extension.id, reportId: onTime.id, requestedDue: dueDate }
        : reportEvent(onTime, 0, ctx));
    return { ...result, done: true };
  }

  const last = lastReport(reports, m.rank);
  const notDueYet = ctx.asOfDate <= dueDate;
  if (!last) {
    const explanation = notDueYet ? `尚未到期（${dueText}），尚未报送进展，暂不得分` : `${dueText}，逾期未完成且未报送进展，不得分`;
    const event = notDueYet
      ? { kind: 'not-due' as const, dueAt: dueDate, reportId: null }
      : { kind: 'no-report' as const, period: m.final?.period ?? null, dueAt: dueDate, workingDaysLate: ctx.workingDaysLate(dueDate, ctx.asOfDate) };
    return line(0, explanation, event);
  }
  const percent = last.status === 'done' ? 100 : clampPercent(last.percent);
  const when = ctx.dateOf(last.submittedAt.getTime());
  const lateDays = ctx.workingDaysLate(dueDate, when);
  if (notDueYet) {
    const points = (max * percent) / 100;
    return line(points, `尚未到期（${dueText}）；最近一次报告（${periodLabel(last.period)}报告，${when} 报送）进度 ${percent}%，计 ${fmt(points)} 分`, {
      kind: 'not-due',
      dueAt: dueDate,
      reportId: last.id,
    });
  }
  const share = ctx.rubric.completion.lateShare;
  const points = (max * share * percent) / 100;
  const what =
    last.status === 'done'
      ? `逾期完成——${periodLabel(last.period)}报告 ${when} 报送完成（${dueText}，逾期 ${lateDays} 个工作日）`
      : `${dueText}，逾期未完成；最近一次报告（${periodLabel(last.period)}报告，${when} 报送）进度 ${percent}%`;
  return line(points, `${what}，按 ${fmt(share * 100)}% 折算计 ${fmt(points)} 分`, reportEvent(last, lateDays, ctx));
}

/**
 * A year's completion for a measure due in a later year: its latest progress by the year's end against the share of
 * its time passed (序时进度); at or ahead of it earns the whole, behind it that proportion, done the whole.
 */
function yearProgressLine(
  reports: TScoringReport[],
  m: TMeasureContext,
  progress: { by: string; elapsed: number },
  dueText: string,
  line: (points: number, explanation: string, event: TScoreLine['event']) => { line: TScoreLine; done: boolean },
  max: number,
  ctx: TContext,
): { line: TScoreLine; done: boolean } {
  // The year's reports only (inYear): its own periods' and any sent by its end.
  const last = lastReport(reports, m.rank);
  const year = progress.by.slice(0, 4);
  const elapsed = Math.floor(progress.elapsed);
  if (!last) {
    const notYet = ctx.asOfDate <= progress.by;
    const event: TScoreLine['event'] = notYet
      ? { kind: 'not-due', dueAt: progress.by, reportId: null }
      : { kind: 'no-report', period: null, dueAt: progress.by, workingDaysLate: 0 };
    return line(0, `${year}年度：${dueText}，截至年底序时进度 ${elapsed}%，${notYet ? '尚未报送进展，暂不得分' : '未报送进展，不得分'}`, event);
  }
  const percent = last.status === 'done' ? 100 : clampPercent(last.percent);
  const credit = elapsed <= 0 ? 1 : Math.min(1, percent / elapsed);
  const points = max * credit;
  const when = ctx.dateOf(last.submittedAt.getTime());
  return {
    ...line(
      points,
      `${year}年度：${dueText}；${periodLabel(last.period)}报告（${when} 报送）进度 ${percent}%，年底序时进度 ${elapsed}%，` +
        `${credit >= 1 ? '不落后于序时进度' : `按 ${fmt(credit * 100)}% 计`}，计 ${fmt(points)} 分`,
      reportEvent(last, 0, ctx),
    ),
    done: last.status === 'done',
  };
}

function timeliness(
  reports: TScoringReport[],
  m: TMeasureContext,
  extensions: Map<string, TScoringExtension> | undefined,
  ctx: TContext,
): { periods: TPeriodOutcome[]; lines: TScoreLine[] } {
  const { perWorkingDayLate, lateFloor, weight } = ctx.rubric.timeliness;
  // The first report for a period is the one that met (or missed) its deadline; later ones are corrections.
  const first = new Map<string, TScoringReport>();
  for (const r of reports) if (!first.has(r.period)) first.set(r.period, r);

  const periods: TPeriodOutcome[] = [];
  const assessed: { outcome: TPeriodOutcome; credit: number; text: string; event: TScoreLine['event'] }[] = [];
  for (const p of m.periods) {
    const extension = extensions?.get(p.period);
    const dueMs = extension ? Math.max(p.dueAt.getTime(), extension.requestedDue.getTime()) : p.dueAt.getTime();
    const dueDate = ctx.dateOf(dueMs);
    const dueText = extension ? `期限 ${ctx.dateOf(p.dueAt.getTime())}，已批准延期至 ${dueDate}` : `期限 ${dueDate}`;
    const r = first.get(p.period);
    const base = { period: p.period, dueAt: new Date(dueMs), extended: extension !== undefined };
    if (r) {
      const when = ctx.dateOf(r.submittedAt.getTime());
      const late = ctx.workingDaysLate(dueDate, when);
      const credit = late === 0 ? 1 : Math.max(lateFloor, 1 - perWorkingDayLate * late);
      const outcome: TPeriodOutcome = { ...base, state: late === 0 ? 'on_time' : 'late', reportId: r.id, submittedAt: r.submittedAt, workingDaysLate: late };
      const text =
        late === 0
          ? `${periodLabel(p.period)}报告 ${when} 报送，按时（${dueText}）`
          : `${periodLabel(p.period)}报告 ${when} 报送，逾期 ${late} 个工作日（${dueText}），按 ${fmt(credit * 100)}% 计`;
      periods.push(outcome);
      assessed.push({ outcome, credit, text, event: reportEvent(r, late, ctx) });
      continue;
    }
    // Missing counts only once a whole working day has passed: the due day itself, or the weekend after it, is not late.
    const late = ctx.workingDaysLate(dueDate, ctx.asOfDate);
    if (late === 0) {
      periods.push({ ...base, state: 'not_due', reportId: null, submittedAt: null, workingDaysLate: 0 });
      continue;
    }
    const outcome: TPeriodOutcome = { ...base, state: 'overdue', reportId: null, submittedAt: null, workingDaysLate: late };
    periods.push(outcome);
    assessed.push({
      outcome,
      credit: 0,
      text: `${periodLabel(p.period)}报告逾期未报（${dueText}，已逾期 ${late} 个工作日）`,
      event: { kind: 'no-report', period: p.period, dueAt: dueDate, workingDaysLate: late },
    });
  }

  if (assessed.length === 0) {
    const next = periods[0];
    return {
      periods,
      lines: [
        {
          component: 'timeliness',
          points: weight,
          max: weight,
          explanation: `${COMPONENT_NAMES.timeliness}：尚无到期的报告${next ? `（最近一期 ${next.period}，期限 ${ctx.dateOf(next.dueAt.getTime())}）` : ''}，暂按满分 ${fmt(weight)} 分计`,
          event: next ? { kind: 'not-due', dueAt: ctx.dateOf(next.dueAt.getTime()), reportId: null } : null,
        },
      ],
    };
  }
  // Each period that has fallen due (or been reported early) is worth an equal share of the component.
  const each = weight / assessed.length;
  return {
    periods,
    lines: assessed.map((x) => ({
      component: 'timeliness',
      points: each * x.credit,
      max: each,
      explanation: `${COMPONENT_NAMES.timeliness}：${x.text}，得 ${fmt(each * x.credit)} 分（本期满分 ${fmt(each)}）`,
      event: x.event,
    })),
  };
}

function targetLines(m: TMeasureContext, ctx: TContext): TScoreLine[] {
  const { weight, partialCap } = ctx.rubric.targets;
  const each = weight / m.measure.targets.length;
  return m.measure.targets.map((t) => {
    const goal = `「${t.indicator}」目标 ${COMPARATOR_SIGNS[t.comparator]}${fmt(t.value)}${t.unit}`;
    const reported = m.targetValues.get(t.id);
    if (!reported) {
      return {
        component: 'targets' as const,
        points: 0,
        max: each,
        explanation: `${COMPONENT_NAMES.targets}：${goal}，尚未报送数值，不得分（本项满分 ${fmt(each)}）`,
        event: { kind: 'target' as const, targetId: t.id, value: null, reportId: null },
      };
    }
    const { met, ratio, credit } = targetAttainment(t.comparator, t.value, reported.value, partialCap);
    const points = each * credit;
    const source = `${ctx.unitName(ctx.assignmentsById.get(reported.report.assignmentId)?.unitId ?? '')} ${periodLabel(reported.report.period)}报告值 ${fmt(reported.value)}${t.unit}`;
    const verdict = met
      ? `已达标，得 ${fmt(points)} 分`
      : `未达标，完成比例 ${fmt(ratio * 100)}%${ratio > partialCap ? `，按上限 ${fmt(partialCap * 100)}%` : ''} 计 ${fmt(points)} 分`;
    return {
      component: 'targets' as const,
      points,
      max: each,
      explanation: `${COMPONENT_NAMES.targets}：${goal}，${source}，${verdict}（本项满分 ${fmt(each)}）`,
      event: { kind: 'target' as const, targetId: t.id, value: reported.value, reportId: reported.report.id },
    };
  });
}

function deductions(escalations: TScoringEscalation[], ctx: TContext): { counts: Record<TEscalationLevel, number>; lines: TScoreLine[] } {
  const counts: Record<TEscalationLevel, number> = { urge: 0, supervise: 0, coordinator: 0 };
  const byLevel: Record<TEscalationLevel, TScoringEscalation[]> = { urge: [], supervise: [], coordinator: [] };
  for (const e of escalations) byLevel[e.level].push(e);
  const lines: TScoreLine[] = [];
  for (const level of ['urge', 'supervise', 'coordinator'] as const) {
    const list = byLevel[level].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || cmp(a.id, b.id));
    counts[level] = list.length;
    if (list.length === 0) continue;
    const rule: TQuotaDeduction = ctx.rubric.deductions[level];
    const over = Math.max(0, list.length - rule.free);
    const amount = Math.min(rule.max ?? Infinity, over * rule.each);
    const which = list.map((e) => `${periodLabel(e.period)}报告逾期 ${e.workingDaysLate} 个工作日`).join('；');
    const ruleText = `${rule.free > 0 ? `${rule.free} 次以内不扣分，` : ''}每${rule.free > 0 ? '多' : ''}一次扣 ${fmt(rule.each)} 分${rule.max !== undefined ? `，最多扣 ${fmt(rule.max)} 分` : ''}`;
    lines.push({
      component: 'deduction',
      points: -amount,
      max: 0,
      explanation: `扣分：被${LEVEL_NAMES[level]} ${list.length} 次（${which}），${ruleText}，${amount > 0 ? `扣 ${fmt(amount)} 分` : '不扣分'}`,
      event: { kind: 'escalations', level, escalationIds: list.map((e) => e.id) },
    });
  }
  return { counts, lines };
}

type TWeighted = {
  weight: number;
  score: TScore;
  label: string;
  component: 'assignment' | 'measure';
  event: TScoreLine['event'];
};

/** A weighted mean as lines: each part's share of the total, so the lines add up to the mean and explain it. */
function weightedLines(parts: TWeighted[], total: number): TScoreLine[] {
  const sum = parts.reduce((s, p) => s + p.weight, 0);
  if (sum <= 0) return [];
  return parts.map((p) => {
    // Rounded scores, as shown, so the sums can be redone by hand from the report.
    const share = p.weight / sum;
    return {
      component: p.component,
      points: (p.score.points / p.score.maxPoints) * total * share,
      max: total * share,
      explanation: `${p.label}得 ${fmt(p.score.points)} 分（${p.score.grade}），折合 ${fmt((p.score.points / p.score.maxPoints) * total * share)} 分`,
      event: p.event,
    };
  });
}

/** `max` is what the score is graded against; `ceiling` what it may reach (above max only by 加分). */
function finish<S extends TScore['scope']>(
  scope: S,
  subjectId: string,
  lines: TScoreLine[],
  ctx: TContext,
  max: number = ctx.total,
  ceiling: number = max,
): TScore & { scope: S } {
  const raw = lines.reduce((s, l) => s + l.points, 0);
  const points = Math.min(ceiling, Math.max(0, round2(raw)));
  return {
    scope,
    subjectId,
    points,
    maxPoints: max,
    grade: gradeFor(points, max, ctx.rubric.grades),
    breakdown: lines.map((l) => ({ ...l, points: round2(l.points) + 0, max: round2(l.max) + 0 })),
  };
}

function reportEvent(r: TScoringReport, workingDaysLate: number, ctx: TContext): TScoreLine['event'] {
  return { kind: 'report', reportId: r.id, period: r.period, submittedAt: ctx.dateOf(r.submittedAt.getTime()), workingDaysLate };
}

/**
 * The report that stands for the unit's latest progress: the one for the latest scheduled period, and within a period
 * the latest submission (a correction replaces what it corrects). A report for an unscheduled period ranks first.
 */
function lastReport(reports: TScoringReport[], rank: Map<string, number>): TScoringReport | undefined {
  let last: TScoringReport | undefined;
  for (const r of reports) if (!last || laterReport(r, last, rank)) last = r;
  return last;
}

function laterReport(a: TScoringReport, b: TScoringReport, rank: Map<string, number>): boolean {
  const ra = rank.get(a.period) ?? -1;
  const rb = rank.get(b.period) ?? -1;
  if (ra !== rb) return ra > rb;
  const ta = a.submittedAt.getTime();
  const tb = b.submittedAt.getTime();
  if (ta !== tb) return ta > tb;
  return a.id > b.id;
}

function bySubmission(a: TScoringReport, b: TScoringReport): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || cmp(a.id, b.id);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const clampPercent = (p: number) => Math.min(100, Math.max(0, p));
const round2 = (n: number) => Math.round(n * 100) / 100;
/** Numbers as people write them: 85, 85.5, 85.33 — never 85.00 or 85.33333. */
const fmt = (n: number) => String(round2(n) + 0);
const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) push(map, key(item), item);
  return map;
}

/**
 * A unit's score: the weighted mean of its assignments on the assignment scale, then (where the 方案 has them) its
 * 指标分, 评议, 加分 (capped) and 退回 deductions; graded on its own maximum (the scale it was assessed on), and 不合格
 * whatever the points when vetoed (一票否决). A 考核对象 with nothing to assess is 不考核, never 0.
 */
function scoreUnits(input: TScoringInput, assignments: TAssignmentScore[], ctx: TContext): TScoreSet['units'] {
  const { rubric } = ctx;
  const byUnit = groupBy(assignments, (a) => a.unitId);
  const indicatorLines = rubric.indicators.length ? indicatorLinesByUnit(input, ctx) : new Map<string, TScoreLine[]>();
  const facts: TAssessmentFacts = input.assessment ?? { bonuses: [], vetoes: [], appraisals: [], returns: [] };
  const assessed = [...byUnit.keys()];
  const seen = new Set(assessed);
  for (const id of [...indicatorLines.keys(), ...rubric.subjects]) if (!seen.has(id)) (seen.add(id), assessed.push(id));

  const returnsByUnit = groupBy(
    facts.returns.filter((r) => r.returnedAt.getTime() <= ctx.asOfMs && ctx.assignmentsById.has(r.assignmentId)),
    (r) => ctx.assignmentsById.get(r.assignmentId)!.unitId,
  );
  const known = <T extends { recordedAt: Date }>(list: T[]) => list.filter((x) => x.recordedAt.getTime() <= ctx.asOfMs);
  const bonuses = groupBy(known(facts.bonuses), (b) => b.unitId);
  const vetoes = groupBy(known(facts.vetoes), (v) => v.unitId);
  const appraisals = groupBy(known(facts.appraisals), (a) => a.unitId);
  const lowest = [...rubric.grades].sort((a, b) => a.min - b.min)[0]!.grade;

  return assessed.map((unitId) => {
    const own = byUnit.get(unitId) ?? [];
    const lines: TScoreLine[] = [];
    let max = 0;
    if (own.length) {
      lines.push(
        ...weightedLines(
          own.map((a) => {
            const m = ctx.measures.get(a.measureId)!;
            return {
              weight: a.weight,
              score: a,
              label: `${m.measure.ref} ${clip(m.measure.title)}（${ROLE_NAMES[a.role]}，权重 ${fmt(m.weight)}×${fmt(rubric.roleShare[a.role])}）`,
              component: 'assignment' as const,
              event: { kind: 'assignment' as const, assignmentId: a.subjectId },
            };
          }),
          ctx.total,
        ),
      );
      max += ctx.total;
    }
    const indicators = indicatorLines.get(unitId) ?? [];
    lines.push(...indicators);
    max += indicators.reduce((s, l) => s + l.max, 0);
    if (max === 0) {
      return {
        scope: 'unit' as const,
        subjectId: unitId,
        points: 0,
        maxPoints: 0,
        grade: NOT_ASSESSED,
        breakdown: [{ component: 'assignment' as const, points: 0, max: 0, explanation: `${NOT_ASSESSED}：本单位在本期内没有应考核的任务或指标`, event: null }],
      };
    }
    if (rubric.appraisal.max > 0) {
      lines.push(appraisalLine(appraisals.get(unitId) ?? [], rubric.appraisal.max));
      max += rubric.appraisal.max;
    }
    // A cap of 0 is a 方案 that awards no 加分: what was recorded stays on file and counts under one that does.
    const bonus = rubric.bonus.cap > 0 ? bonusLine(bonuses.get(unitId) ?? [], rubric.bonus.cap) : null;
    if (bonus) lines.push(bonus);
    const returned = returnsByUnit.get(unitId) ?? [];
    if (returned.length && rubric.returns.each > 0) {
      const amount = Math.min(rubric.returns.max ?? Infinity, returned.length * rubric.returns.each);
      lines.push({
        component: 'return',
        points: -amount,
        max: 0,
        explanation: `${EXTRA_NAMES.return}：报告被退回 ${returned.length} 次，每次扣 ${fmt(rubric.returns.each)} 分${rubric.returns.max !== undefined ? `，最多扣 ${fmt(rubric.returns.max)} 分` : ''}，扣 ${fmt(amount)} 分`,
        event: { kind: 'records', recordIds: returned.map((r) => r.id).sort(cmp) },
      });
    }
    const summaries = facts.annualSummaries ? annualSummaryLine(facts.annualSummaries, unitId, rubric.annualSummary, ctx.asOfMs) : null;
    if (summaries) lines.push(summaries);
    const score = { ...finish('unit', unitId, lines, ctx, max, max + rubric.bonus.cap), scope: 'unit' as const };
    const vetoed = (vetoes.get(unitId) ?? []).sort((a, b) => a.year - b.year || cmp(a.id, b.id));
    if (vetoed.length) {
      score.grade = lowest;
      score.breakdown.push({
        component: 'veto',
        points: 0,
        max: 0,
        explanation: `${EXTRA_NAMES.veto}：${vetoed.map((v) => `${v.year}年度 ${v.reason}`).join('；')}，评为${lowest}`,
        event: { kind: 'records', recordIds: vetoed.map((v) => v.id) },
      });
    }
    return score;
  });
}

/**
 * 年度总结: for each year whose summary is due (by asOf), the 方案's points off when the unit's came after its due date,
 * more when none came by then; null when nothing is deducted. A summary counts from when it was submitted.
 */
function annualSummaryLine(
  facts: NonNullable<TAssessmentFacts['annualSummaries']>,
  unitId: string,
  points: { missing: number; late: number },
  asOfMs: number,
): TScoreLine | null {
  const today = shanghaiDate(asOfMs);
  const parts: string[] = [];
  const ids: string[] = [];
  let amount = 0;
  for (const year of Object.keys(facts.dueByYear).map(Number).sort((a, b) => a - b)) {
    const due = facts.dueByYear[year]!;
    const sent = facts.sent.find((x) => x.unitId === unitId && x.year === year && x.submittedAt.getTime() <= asOfMs);
    const standing = annualSummaryStanding(sent?.submittedOn ?? null, sent?.due ?? due, today);
    if (standing === 'late' && points.late > 0) {
      amount += points.late;
      ids.push(sent!.id);
      parts.push(`${year}年度总结应于 ${sent!.due} 前报送，${sent!.submittedOn} 逾期报送，扣 ${fmt(points.late)} 分`);
    } else if (standing === 'missing' && points.missing > 0) {
      amount += points.missing;
      parts.push(`${year}年度总结应于 ${due} 前报送，未报送，扣 ${fmt(points.missing)} 分`);
    }
  }
  if (!amount) return null;
  return {
    component: 'annual-summary',
    points: -amount,
    max: 0,
    explanation: `${EXTRA_NAMES['annual-summary']}：${parts.join('；')}${parts.length > 1 ? `，共扣 ${fmt(amount)} 分` : ''}`,
    event: ids.length ? { kind: 'records', recordIds: ids.sort(cmp) } : null,
  };
}

/** 评议: the latest points recorded for each year; over several years (the whole period), their mean. */
function appraisalLine(records: TAssessmentFacts['appraisals'], max: number): TScoreLine {
  const latest = new Map<number, TAssessmentFacts['appraisals'][number]>();
  for (const r of records) {
    const current = latest.get(r.year);
    if (!current || r.recordedAt.getTime() > current.recordedAt.getTime() || (r.recordedAt.getTime() === current.recordedAt.getTime() && r.id > current.id)) latest.set(r.year, r);
  }
  const chosen = [...latest.values()].sort((a, b) => a.year - b.year);
  if (!chosen.length) return { component: 'appraisal', points: 0, max, explanation: `${EXTRA_NAMES.appraisal}：尚未录入，暂不得分（满分 ${fmt(max)}）`, event: null };
  const points = Math.min(max, chosen.reduce((s, r) => s + r.points, 0) / chosen.length);
  const text = chosen.map((r) => `${r.year}年度 ${fmt(r.points)} 分`).join('、');
  return {
    component: 'appraisal',
    points,
    max,
    explanation: `${EXTRA_NAMES.appraisal}：${text}${chosen.length > 1 ? `，平均` : ''}，得 ${fmt(points)} 分（满分 ${fmt(max)}）`,
    event: { kind: 'records', recordIds: chosen.map((r) => r.id) },
  };
}

/** 加分: each year's recorded items, at most the cap in any one year. */
function bonusLine(records: TAssessmentFacts['bonuses'], cap: number): TScoreLine | null {
  if (!records.length) return null;
  const byYear = groupBy([...records].sort((a, b) => a.year - b.year || cmp(a.id, b.id)), (r) => r.year);
  let points = 0;
  const parts: string[] = [];
  for (const [year, list] of byYear) {
    const sum = list.reduce((s, r) => s + r.points, 0);
    const earned = Math.min(cap, sum);
    points += earned;
    parts.push(`${year}年度 ${list.map((r) => `${r.title} ${fmt(r.points)} 分`).join('、')}${sum > cap ? `，合计 ${fmt(sum)} 分超过上限 ${fmt(cap)} 分，计 ${fmt(cap)} 分` : ''}`);
  }
  return {
    component: 'bonus',
    points,
    max: 0,
    explanation: `${EXTRA_NAMES.bonus}：${parts.join('；')}，加 ${fmt(points)} 分`,
    event: { kind: 'records', recordIds: records.map((r) => r.id).sort(cmp) },
  };
}

/**
 * The share of an indicator's points a value earns under its rule: 1 when the target is reached. The way starts from
 * the rule's baseline, else the target's own (`baseline`, as the plan gives it), else it is the ratio to the target.
 */
export function indicatorCredit(rule: TIndicatorRule, comparator: TComparator, target: number, value: number, baseline: number | null = null): number {
  const { met, ratio } = targetAttainment(comparator, target, value, 1);
  if (met) return 1;
  const from = rule.kind === 'all-or-nothing' ? null : (rule.baseline ?? baseline);
  const reach = from === null ? ratio : target === from ? 0 : Math.min(1, Math.max(0, (value - from) / (target - from)));
  switch (rule.kind) {
    case 'all-or-nothing':
      return 0;
    case 'linear':
      return reach;
    case 'bands': {
      const band = [...rule.bands].sort((a, b) => b.reach - a.reach).find((b) => reach >= b.reach - 1e-9);
      return band?.credit ?? 0;
    }
  }
}

const RULE_NAMES: Record<TIndicatorRule['kind'], string> = { 'all-or-nothing': '达标得分，未达标不得分', linear: '按基期值至目标值线性计分', bands: '按档计分' };

/**
 * 指标分 by unit: each indicator is earned by the units leading the measures that carry its targets (all units on
 * them when none leads), each on the value it reported itself (各区县 reporting their own value of a regional
 * indicator), else the measure's latest. An indicator none of whose targets is assessed in the year is left out.
 */
function indicatorLinesByUnit(input: TScoringInput, ctx: TContext): Map<string, TScoreLine[]> {
  const targetHome = new Map<string, { target: TScoringTarget; m: TMeasureContext }>();
  for (const m of ctx.measures.values()) for (const t of m.measure.targets) targetHome.set(t.id, { target: t, m });
  const byMeasure = groupBy(input.assignments, (a) => a.measureId);
  const ownValue = (assignmentId: string, targetId: string, m: TMeasureContext) => {
    let best: { value: number; report: TScoringReport } | undefined;
    for (const r of ctx.reports.get(assignmentId) ?? []) {
      const tv = r.targetValues.find((v) => v.targetId === targetId);
      if (tv && (!best || laterReport(r, best.report, m.rank))) best = { value: tv.value, report: r };
    }
    return best;
  };
  const out = new Map<string, TScoreLine[]>();
  for (const indicator of ctx.rubric.indicators) {
    const homes = indicator.targets.flatMap((id) => targetHome.get(id) ?? []);
    if (!homes.length) continue;
    const answering = new Map<string, string[]>(); // unit → its assignments on the indicator's measures
    for (const { m } of homes) {
      const on = byMeasure.get(m.measure.id) ?? [];
      const leads = on.filter((a) => a.role === 'lead');
      for (const a of leads.length ? leads : on) {
        const list = answering.get(a.unitId) ?? [];
        if (!list.includes(a.id)) list.push(a.id);
        answering.set(a.unitId, list);
      }
    }
    for (const [unitId, assignmentIds] of answering) push(out, unitId, indicatorLine(indicator, homes, assignmentIds, ownValue, ctx));
  }
  return out;
}

function indicatorLine(
  indicator: TIndicator,
  homes: { target: TScoringTarget; m: TMeasureContext }[],
  assignmentIds: string[],
  ownValue: (assignmentId: string, targetId: string, m: TMeasureContext) => { value: number; report: TScoringReport } | undefined,
  ctx: TContext,
): TScoreLine {
  const parts: string[] = [];
  let credits = 0;
  for (const { target: t, m } of homes) {
    const goal = `目标 ${COMPARATOR_SIGNS[t.comparator]}${fmt(t.value)}${t.unit}`;
    const own = assignmentIds.map((id) => ownValue(id, t.id, m)).find((v) => v !== undefined);
    const reported = own ?? m.targetValues.get(t.id);
    if (!reported) {
      parts.push(`${goal}，尚未报送数值，不得分`);
      continue;
    }
    const credit = indicatorCredit(indicator.rule, t.comparator, t.value, reported.value, t.baseline ?? null);
    credits += credit;
    parts.push(`${goal}，${own ? '本单位' : '本措施'}报告值 ${fmt(reported.value)}${t.unit}，${credit >= 1 ? '已达标' : `未达标，${RULE_NAMES[indicator.rule.kind]}得 ${fmt(credit * 100)}%`}`);
  }
  const credit = credits / homes.length;
  const points = indicator.points * credit;
  return {
    component: 'indicator',
    points,
    max: indicator.points,
    explanation: `${EXTRA_NAMES.indicator}：「${indicator.name}」${parts.join('；')}${homes.length > 1 ? `，${homes.length} 项平均 ${fmt(credit * 100)}%` : ''}，得 ${fmt(points)} 分（满分 ${fmt(indicator.points)}）`,
    event: { kind: 'indicator', name: indicator.name, targetIds: homes.map((h) => h.target.id) },
  };
}

/**
 * 分类考核: each class's units ranked apart by points (equal points share a rank; ties listed by id), and, where the
 * class has a quota of the top grade, the units beyond it (in rank order) graded one band lower. A unit in no class
 * is ranked with nobody; 不考核 units are not ranked.
 */
function rankClasses(units: TScoreSet['units'], input: TScoringInput, rubric: TRubric): TScoreSet['classes'] {
  if (!rubric.classes.length) return [];
  const kinds = new Map(input.units.map((u) => [u.id, u.kind]));
  const classOf = (unitId: string) =>
    rubric.classes.find((c) => c.units.includes(unitId)) ?? rubric.classes.find((c) => c.kinds.includes(kinds.get(unitId) ?? 'other'));
  const bands = [...rubric.grades].sort((a, b) => b.min - a.min);
  const top = bands[0]!.grade;
  const next = bands[1]?.grade ?? top;
  const members = groupBy(
    units.filter((u) => u.grade !== NOT_ASSESSED),
    (u) => classOf(u.subjectId)?.name ?? null,
  );
  return rubric.classes.map((c) => {
    const list = [...(members.get(c.name) ?? [])].sort((a, b) => b.points - a.points || cmp(a.subjectId, b.subjectId));
    let excellent = 0;
    return {
      name: c.name,
      ranking: list.map((u, i) => {
        const rank = list.findIndex((x) => x.points === u.points) + 1;
        let note = '';
        if (u.grade === top) {
          excellent += 1;
          if (c.excellentQuota !== undefined && excellent > c.excellentQuota) {
            u.grade = next;
            note = `；${top}名额 ${c.excellentQuota} 个已满，评为${next}`;
          }
        }
        u.breakdown.push({
          component: 'class',
          points: 0,
          max: 0,
          explanation: `${EXTRA_NAMES.class}：${c.name}类 ${list.length} 个单位中第 ${rank} 名${note}`,
          event: { kind: 'class', name: c.name, rank, of: list.length },
        });
        return { unitId: u.subjectId, rank, points: u.points, grade: u.grade };
      }),
    };
  });
}
