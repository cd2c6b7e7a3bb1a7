import type { TScoringCorrection } from './corrections';
/**
 * What scoring reads and what it produces. The input is a plain snapshot of recorded facts — no ids to look up, no
 * clock — so that scores are a pure function of (facts, rubric, calendar) and a rerun can be explained line by line.
 * It is built in memory by the loader and by benchmarks, never parsed from outside, so it is typed, not Zod-validated.
 */

/** The plan a set of scores is about, as reports head it; rubricVersion says which rubric edit they were computed on. */
export type TPlanHeader = { id: string; title: string; year: number; issuer: string | null; rubricVersion: number };

export type TComparator = 'gte' | 'gt' | 'lt' | 'lte' | 'eq';
export type TRole = 'lead' | 'cooperating';
export type TReportStatus = 'not_started' | 'in_progress' | 'done' | 'blocked';
export type TExtensionStatus = 'pending' | 'approved' | 'refused';
export type TEscalationLevel = 'urge' | 'supervise' | 'coordinator';

/**
 * A target: its value and the year (or date) it is due by, and a value for each year it names (2019年达到90%，2020年达到95%),
 * the last being `value` itself. A year's assessment reads the milestone of that year.
 */
export type TScoringTarget = {
  id: string;
  indicator: string;
  comparator: TComparator;
  value: number;
  unit: string;
  by?: string | null;
  milestones?: readonly { by: string; value: number }[];
  /** 基期值 as the plan gives it: where a linear (or banded) 指标分 starts when the 方案 names no baseline of its own. */
  baseline?: number | null;
  /** The plan's words (到2020年，…达到95%) and, once a re-base moved `by`, what it kept of the plan's own (domain/target-year). */
  text?: string;
  original?: { by: string | null } | null;
};

/** The scores of the whole period, as against those of one year of it (Score.year). */
export const WHOLE_PERIOD = 0;

export type TScoringPeriod = {
  /** Period key as reports carry it: 2026-H1, 2026-Q3, final. */
  period: string;
  dueAt: Date;
  /** The year of the plan's period this report's work belongs to: the year its period starts in (2026-H2, due 2027-01-15, is 2026's). */
  year?: number;
};

export type TScoringMeasure = {
  id: string;
  ref: string;
  title: string;
  /** Measure.weight; the rubric's measureWeights (by ref) override it. */
  weight: number;
  /** The final due date, before any extension. */
  due: Date;
  /** Required reports, in any order; the one due last is the final report that completion is judged on. */
  periods: TScoringPeriod[];
  targets: TScoringTarget[];
  /**
   * In a year's assessment of a measure due in a later year: the year's last day, and the share of the measure's time
   * passed by then (序时进度, 0–100). Its completion that year is judged on its progress against that share.
   */
  progress?: { by: string; elapsed: number };
  /** When its first unit was assigned: where its 序时进度 starts. */
  start?: Date;
};

export type TScoringAssignment = { id: string; measureId: string; unitId: string; role: TRole };

export type TScoringReport = {
  id: string;
  assignmentId: string;
  period: string;
  status: TReportStatus;
  percent: number;
  targetValues: { targetId: string; value: number }[];
  submittedAt: Date;
};

export type TScoringExtension = {
  id: string;
  assignmentId: string;
  period: string;
  originalDue: Date;
  requestedDue: Date;
  status: TExtensionStatus;
};

export type TScoringEscalation = {
  id: string;
  assignmentId: string;
  level: TEscalationLevel;
  period: string;
  workingDaysLate: number;
  sentAt: Date;
};

export type TUnitKind = 'government' | 'department' | 'agency' | 'enterprise' | 'other';

/**
 * What the office recorded about a unit for a year of the plan (加分, 一票否决, 评议), and each report it returned (退回).
 * A later 评议 for the same unit and year replaces an earlier one.
 */
export type TAssessmentFacts = {
  bonuses: { id: string; unitId: string; year: number; points: number; title: string; recordedAt: Date }[];
  vetoes: { id: string; unitId: string; year: number; reason: string; recordedAt: Date }[];
  appraisals: { id: string; unitId: string; year: number; points: number; recordedAt: Date }[];
  returns: { id: string; assignmentId: string; period: string; returnedAt: Date }[];
  /**
   * 年度总结, where the plan asks for them (absent: it does not): each year's due date (Asia/Shanghai) and the summaries
   * the units sent, each with the due date it was sent under and the Shanghai date it came on.
   */
  annualSummaries?: { dueByYear: Record<number, string>; sent: { id: string; unitId: string; year: number; due: string; submittedOn: string; submittedAt: Date }[] };
};

export type TScoringInput = {
  planId: string;
  /** The years of the plan's period, each assessed on its own (and the whole period together). */
  years?: readonly number[];
  /** Facts recorded after this instant are ignored, so a score "as of a period's close" can be recomputed later. */
  asOf: Date;
  /** The assigned units, and the rubric's other 考核对象 (their kind places them in a class of 分类考核). */
  units: { id: string; name: string; kind?: TUnitKind }[];
  /** Live measures and assignments only: the loader leaves out cancelled ones, which are not assessed. */
  measures: TScoringMeasure[];
  assignments: TScoringAssignment[];
  /** As the units sent them; scoring reads each indicator value through `corrections`. */
  reports: TScoringReport[];
  /** The office's corrections of reported indicator values made by asOf; the latest of a (report, target) counts. Absent: none. */
  corrections?: TScoringCorrection[];
  extensions: TScoringExtension[];
  escalations: TScoringEscalation[];
  /** Absent: nothing recorded. */
  assessment?: TAssessmentFacts;
};

export type TScoreScope = 'assignment' | 'measure' | 'unit' | 'plan';
export type TScoreComponent =
  | 'completion'
  | 'timeliness'
  | 'targets'
  | 'deduction'
  | 'assignment'
  | 'measure'
  | 'indicator'
  | 'bonus'
  | 'veto'
  | 'appraisal'
  | 'return'
  | 'annual-summary'
  | 'class';

/** The event a line of a breakdown rests on, so a reader (or a UI) can go from a point to the record behind it. */
export type TScoreEvent =
  | { kind: 'report'; reportId: string; period: string; submittedAt: string; workingDaysLate: number }
  | { kind: 'no-report'; period: string | null; dueAt: string; workingDaysLate: number }
  | { kind: 'not-due'; dueAt: string; reportId: string | null }
  | { kind: 'extension'; extensionId: string; reportId: string; requestedDue: string }
  | { kind: 'target'; targetId: string; value: number | null; reportId: string | null }
  | { kind: 'escalations'; level: TEscalationLevel; escalationIds: string[] }
  | { kind: 'assignment'; assignmentId: string }
  | { kind: 'measure'; measureId: string }
  | { kind: 'indicator'; name: string; targetIds: string[] }
  | { kind: 'records'; recordIds: string[] }
  | { kind: 'class'; name: string; rank: number; of: number };

export type TScoreLine = {
  component: TScoreComponent;
  /** Negative for a deduction. The lines of a breakdown add up to the score. */
  points: number;
  max: number;
  /** In Chinese, naming the event: which report, how many working days late, which target reached what value. */
  explanation: string;
  event: TScoreEvent | null;
};

export type TScore = {
  scope: TScoreScope;
  subjectId: string;
  points: number;
  maxPoints: number;
  grade: string;
  breakdown: TScoreLine[];
};

/** How one required report stood at `asOf`; reports, the 台账 and the leaders' summary show these. */
export type TPeriodOutcome = {
  period: string;
  /** The due date in force: the scheduled one, or the approved extension's. */
  dueAt: Date;
  extended: boolean;
  state: 'on_time' | 'late' | 'overdue' | 'not_due';
  reportId: string | null;
  submittedAt: Date | null;
  /** Late: working days the report came after its due date; overdue: working days since, still missing. */
  workingDaysLate: number;
};

export type TAssignmentScore = TScore & {
  scope: 'assignment';
  measureId: string;
  unitId: string;
  role: TRole;
  /** The measure's weight times the role's share: what this assignment counts for in its unit's score. */
  weight: number;
  done: boolean;
  periods: TPeriodOutcome[];
  escalations: Record<TEscalationLevel, number>;
};

export type TScoreSet = {
  planId: string;
  /** The year of the plan's period these scores assess, or WHOLE_PERIOD. */
  year: number;
  rubricVersion: number;
  asOf: Date;
  assignments: TAssignmentScore[];
  /** Measures with at least one assignment; a measure nobody is assigned to has nothing to assess. */
  measures: (TScore & { scope: 'measure'; weight: number })[];
  /** Units with at least one assignment in the plan, and the rubric's other 考核对象 (不考核 when nothing is assessed). */
  units: (TScore & { scope: 'unit' })[];
  /** 分类考核: each class's units by rank (best first); empty when the rubric names no classes. */
  classes: { name: string; ranking: { unitId: string; rank: number; points: number; grade: string }[] }[];
  plan: TScore & { scope: 'plan' };
};
