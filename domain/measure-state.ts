import type { TPeriod } from './schedule';
import type { TInstructionState } from './instructions';
import type { TSubtaskState } from './subtasks';
import type { REPORT_STATUSES } from './progress';

export type TColour = 'green' | 'yellow' | 'red';
export type TRole = 'lead' | 'cooperating';
export type TReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * `assignedOn`: the day the unit came to hold it, from which its 签收 deadline counts. `acknowledgedAt`: when the unit
 * acknowledged it (签收), in workflow time (epoch ms). `refused`: the unit refused it (拒签) and the office has not yet
 * decided: its clock stands still.
 */
export type TAssignmentState = {
  id: string;
  unitId: string;
  unitName: string;
  role: TRole;
  active: boolean;
  colour: TColour;
  assignedOn: string;
  acknowledgedAt?: number;
  refused?: { reason: string; at: number };
};
/** Where a report stands with the office's review (审核); a report that needs none has no `review` and counts at once. */
export type TReviewStatus = 'pending' | 'accepted' | 'returned';
export type TReportState = {
  reportId: string;
  assignmentId: string;
  period: string;
  status: TReportStatus;
  percent: number;
  at: number;
  review?: TReviewStatus;
  /** A returned report's rework deadline (退回整改): the unit's report for its period is due then. */
  reworkDue?: string;
  /** A cooperating unit's part sent to the lead unit (cycle.reportTo = lead), which may return it (退回). */
  toLead?: true;
};
export type TExtensionState = {
  id: string;
  assignmentId: string;
  period: string;
  originalDue: string;
  requestedDue: string;
  status: 'pending' | 'approved' | 'refused';
};

/** Everything a measure's workflow knows; plain JSON so it can be carried across continue-as-new. */
export type TMeasureState = {
  status: 'active' | 'done' | 'cancelled';
  /**
   * The virtual instant the measure's first run began (its launch): no reminder or escalation whose time came before it
   * is sent, so launch day brings notices only. Absent in runs from before it existed.
   */
  launchedAt?: number;
  startDate: string;
  finalDue: string;
  periods: TPeriod[];
  assignments: TAssignmentState[];
  /** In the order received; a run carries into the next what the rules read of them (domain/measure-carry). */
  reports: TReportState[];
  /** Every report received, across runs. */
  reportsReceived: number;
  extensions: TExtensionState[];
  /** A coordinator's change of a period's due date, by period key. */
  dueOverrides: Record<string, string>;
  /** 领导批示 on the measure, each awaiting its units' replies; absent in runs from before they existed. */
  instructions?: TInstructionState[];
  /** 分解: the lead units' sub-tasks; absent in runs from before they existed. */
  subtasks?: TSubtaskState[];
  /** Step keys (assignment/period/step) already carried out. */
  fired: string[];
  colour: TColour;
};
