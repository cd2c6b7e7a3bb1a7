import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import {
  ZAddCooperatingUnitBodySchema,
  ZCancelMeasureBodySchema,
  ZChangeDueDateBodySchema,
  ZCloseMeasureBodySchema,
  ZConfirmAssignmentBodySchema,
  ZReassignUnitBodySchema,
  ZRemoveCooperatingUnitBodySchema,
} from '../../domain/measure-actions';
import type { TMessageKey } from '../../lib/messages';
import type { TText } from '../../lib/text';
import {
  addCooperatingUnitUpdate,
  cancelMeasureUpdate,
  changeDueDateUpdate,
  closeMeasureByOfficeUpdate,
  confirmAssignmentUpdate,
  reassignUnitUpdate,
  removeCooperatingUnitUpdate,
  type TActionAnswer,
} from '../../workflows/measure/definitions';

/** How a form asks for one field: the measure's periods, a date, or a unit from those on it, not on it, or cooperating. */
export type TFieldInput = 'period' | 'date' | 'assignedUnit' | 'otherUnit' | 'cooperatingUnit';
/** What a form calls a field, by its key in the pages' dictionary. */
export type TFieldLabel = 'period' | 'newDue' | 'fromUnit' | 'toUnit' | 'unit';

type TBody = z.ZodType<{ reason: string; requestId: string }>;

export type TMeasureAction<B extends TBody = TBody, A extends `measure.${string}` = `measure.${string}`> = {
  /** What a coordinator gives besides who they are: the API's body and the page's form, checked once, at the edge. */
  body: B;
  /** The measure workflow's Update that carries it with the person acting; its name is the API's operationId. */
  update: UpdateDefinition<TActionAnswer, [z.output<B> & { actorId: string }]>;
  /** The record the workflow writes of it in the audit trail (services/audit-actions.ts names them all). */
  audit: A;
  /** As the audit trail names it, done. */
  done: TText;
  /** As a form's heading and button name it, to do. */
  todo: TText;
  /** An action that cannot be undone asks to tick this first; unticked, the form is refused with this message. */
  confirm?: { box: TText; missing: TMessageKey };
  /** Where it is posted, below /api/measures/:measureId/ and the measure's page; the page's form has it as its id. */
  path: string;
  /** One line for the API's documentation. */
  summary: string;
  /** The form's fields, in order, before the reason every action asks for. */
  fields: readonly { name: keyof z.output<B> & string; input: TFieldInput; label: TFieldLabel }[];
};

const action = <B extends TBody, A extends `measure.${string}`>(a: TMeasureAction<B, A>) => a;

/**
 * A coordinator's changes to a launched measure (改派, 增减配合单位, 调整期限, 撤销), each an Update on the measure's
 * workflow, which validates it and writes its audit record. This table drives the service (run-measure-action.ts), the
 * API's routes (api/routes/measures/actions.ts) and the measure page's forms (api/pages/plans/measure.ts): adding an
 * action is an entry here and its handler in the workflow.
 */
export const MEASURE_ACTIONS = {
  'change-due': action({
    body: ZChangeDueDateBodySchema,
    update: changeDueDateUpdate,
    audit: 'measure.change-due-date',
    done: { zh: '调整期限', en: 'Due date moved' },
    todo: { zh: '调整报送期限', en: 'Change a due date' },
    path: 'due-date',
    summary: 'Change the due date of one reporting period of a launched measure',
    fields: [
      { name: 'period', input: 'period', label: 'period' },
      { name: 'due', input: 'date', label: 'newDue' },
    ],
  }),
  reassign: action({
    body: ZReassignUnitBodySchema,
    update: reassignUnitUpdate,
    audit: 'measure.reassign-unit',
    done: { zh: '改派单位', en: 'Unit reassigned' },
    todo: { zh: '改派责任单位', en: 'Reassign a unit' },
    path: 'reassign',
    summary: 'Reassign a launched measure from one unit to another (改派); the new unit is notified',
    fields: [
      { name: 'fromUnitId', input: 'assignedUnit', label: 'fromUnit' },
      { name: 'toUnitId', input: 'otherUnit', label: 'toUnit' },
    ],
  }),
  'add-cooperating': action({
    body: ZAddCooperatingUnitBodySchema,
    update: addCooperatingUnitUpdate,
    audit: 'measure.add-cooperating-unit',
    done: { zh: '增加配合单位', en: 'Cooperating unit added' },
    todo: { zh: '增加配合单位', en: 'Add a cooperating unit' },
    path: 'cooperating',
    summary: 'Add a cooperating unit to a launched measure',
    fields: [{ name: 'unitId', input: 'otherUnit', label: 'unit' }],
  }),
  'remove-cooperating': action({
    body: ZRemoveCooperatingUnitBodySchema,
    update: removeCooperatingUnitUpdate,
    audit: 'measure.remove-cooperating-unit',
    done: { zh: '移除配合单位', en: 'Cooperating unit removed' },
    todo: { zh: '移除配合单位', en: 'Remove a cooperating unit' },
    path: 'cooperating/remove',
    summary: 'Remove a cooperating unit from a launched measure',
    fields: [{ name: 'unitId', input: 'cooperatingUnit', label: 'unit' }],
  }),
  'confirm-assignment': action({
    body: ZConfirmAssignmentBodySchema,
    update: confirmAssignmentUpdate,
    audit: 'measure.confirm-assignment',
    done: { zh: '确认拒签单位承担', en: 'Refused assignment confirmed' },
    todo: { zh: '确认由拒签单位承担', en: 'Confirm a refused assignment' },
    path: 'refusal/confirm',
    summary: 'Confirm that a unit which refused its assignment (拒签) holds it: its clock runs again (the other decision is reassign)',
    fields: [{ name: 'unitId', input: 'assignedUnit', label: 'unit' }],
  }),
  close: action({
    body: ZCloseMeasureBodySchema,
    update: closeMeasureByOfficeUpdate,
    audit: 'measure.close-measure',
    done: { zh: '办结销号', en: 'Measure closed as done' },
    todo: { zh: '办结销号', en: 'Close the measure as done' },
    confirm: {
      box: { zh: '我确认办结此任务：各单位不再被催办，尚未报送的不再报送。', en: 'I confirm: the measure is done, no unit will be chased for it any more.' },
      missing: 'confirmClose',
    },
    path: 'close',
    summary: '办结销号 by the office: close a launched measure as done, with a reason (e.g. merged into another)',
    fields: [],
  }),
  cancel: action({
    body: ZCancelMeasureBodySchema,
    update: cancelMeasureUpdate,
    audit: 'measure.cancel-measure',
    done: { zh: '撤销任务', en: 'Measure cancelled' },
    todo: { zh: '撤销任务', en: 'Cancel the measure' },
    confirm: {
      box: { zh: '我确认撤销此任务：各单位不再被催办，撤销后无法恢复。', en: 'I confirm: no unit will be chased for this measure any more, and this cannot be undone.' },
      missing: 'confirmCancel',
    },
    path: 'cancel',
    summary: 'Cancel a launched measure',
    fields: [],
  }),
};

export type TMeasureActionName = keyof typeof MEASURE_ACTIONS;
export type TMeasureActionBody<N extends TMeasureActionName> = z.output<(typeof MEASURE_ACTIONS)[N]['body']>;
