import { originalBy, targetLine } from '../domain/target-year';
import { LEVEL_NAMES, ROLE_NAMES } from '../scoring/rubric';
import type { TScore, TScoringReport } from '../scoring/types';
import {
  assessedText,
  COLOUR_NAMES,
  dateText,
  groupBy,
  MEASURE_STATUS_NAMES,
  noticeList,
  ORDER_NOTES,
  REPORT_STATUS_NAMES,
  scoreCaveat,
  unitStandings,
  type TReport,
} from './report-model';

/**
 * The report as one JSON document, for programs: the plan's score, the league table, every measure with its score,
 * its units' scores and their 台账 (periods, reports, escalations), the measures withdrawn from assessment, and the
 * 通报 — each score with its breakdown. Dates are ISO; names and explanations are Chinese. Scores are numbers as
 * computed (at most two decimals); formatting them is the reader's. Its shape is ZReportJsonSchema
 * (api/routes/plans/report.types.ts), which /openapi.json publishes.
 */
export function renderJson(report: TReport): unknown {
  const { input, scores } = report;
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const measureScores = new Map(scores.measures.map((m) => [m.subjectId, m]));
  const assignmentScores = new Map(scores.assignments.map((a) => [a.subjectId, a]));
  const reports = groupBy(input.reports, (r) => r.assignmentId);
  const escalations = groupBy(input.escalations, (e) => e.assignmentId);
  const extensions = groupBy(input.extensions, (e) => e.assignmentId);
  const assignments = groupBy(input.assignments, (a) => a.measureId);
  const standings = unitStandings(report);
  const unitScores = new Map(scores.units.map((u) => [u.subjectId, u]));

  return {
    plan: { ...report.plan, ...scoreFields(scores.plan) },
    assessed: { ...report.assessed, label: assessedText(report) },
    asOf: report.asOf.toISOString(),
    rubricVersion: scores.rubricVersion,
    gradeBands: [...report.rubric.grades].sort((a, b) => b.min - a.min).map((b) => ({ grade: b.grade, min: b.min })),
    caveat: scoreCaveat(report),
    order: ORDER_NOTES,
    units: standings.map((u) => ({ ...u, breakdown: unitScores.get(u.unitId)?.breakdown ?? [] })),
    measures: input.measures.map((m) => {
      const state = report.measureState.get(m.id);
      const score = measureScores.get(m.id);
      return {
        measureId: m.id,
        ref: m.ref,
        title: m.title,
        weight: score?.weight ?? m.weight,
        due: dateText(m.due),
        status: state?.status ?? null,
        statusName: state ? MEASURE_STATUS_NAMES[state.status] : null,
        colour: state?.colour ?? null,
        colourName: state ? COLOUR_NAMES[state.colour] : null,
        targets: m.targets.map(({ id, indicator, comparator, value, unit, by, text, original }) => {
          const target = { by: by ?? null, original };
          return { id, indicator, comparator, value, unit, by: target.by, text: text === undefined ? null : targetLine({ text, ...target }), original: originalBy(target) };
        }),
        ...(score ? scoreFields(score) : { points: null, maxPoints: null, grade: null, breakdown: [] }),
        assignments: (assignments.get(m.id) ?? []).map((a) => {
          const s = assignmentScores.get(a.id)!;
          return {
            assignmentId: a.id,
            unitId: a.unitId,
            unit: names.get(a.unitId) ?? a.unitId,
            role: a.role,
            roleName: ROLE_NAMES[a.role],
            ...scoreFields(s),
            periods: s.periods.map((p) => ({ ...p, dueAt: dateText(p.dueAt), submittedAt: p.submittedAt?.toISOString() ?? null })),
            reports: (reports.get(a.id) ?? []).map((r) => reportJson(r, report)),
            extensions: (extensions.get(a.id) ?? []).map((e) => ({ ...e, originalDue: dateText(e.originalDue), requestedDue: dateText(e.requestedDue) })),
            escalations: (escalations.get(a.id) ?? []).map((e) => ({ ...e, levelName: LEVEL_NAMES[e.level], sentAt: e.sentAt.toISOString() })),
          };
        }),
      };
    }),
    cancelledMeasures: report.cancelled.map((m) => ({ measureId: m.id, ref: m.ref, title: m.title, due: dateText(m.due) })),
    notice: noticeList(standings).map((u, i) => ({
      order: i + 1,
      unitId: u.unitId,
      name: u.name,
      overdueItems: u.overdue + u.late,
      overdue: u.overdue,
      late: u.late,
      urge: u.urge,
      supervise: u.supervise,
      coordinator: u.coordinator,
      measures: u.overdueMeasures,
    })),
  };
}

const scoreFields = (s: TScore) => ({ points: s.points, maxPoints: s.maxPoints, grade: s.grade, breakdown: s.breakdown });

function reportJson(r: TScoringReport, report: TReport) {
  return {
    reportId: r.id,
    period: r.period,
    submittedAt: r.submittedAt.toISOString(),
    status: r.status,
    statusName: REPORT_STATUS_NAMES[r.status],
    percent: r.percent,
    targetValues: r.targetValues,
    narrative: report.narratives.get(r.id) ?? '',
  };
}
