import { z } from 'zod';
import type { TText } from '../lib/text';
import { ZRubricSchema } from '../scoring/rubric';
import { ZAnnualSummarySettingSchema } from './annual-summary';
import { ZEscalationLadderSchema } from './ladder';
import { ZOfficeCycleSchema } from './office-cycle';
import { ZPlanPeriodSchema, type TPlanPeriodInput } from './plan-period';
import { ZReportingScheduleSchema } from './schedule';
import { ZStepChannelsSchema } from './step-channels';

/** How a setting behaves once its plan is launched. */
export type TAfterLaunch =
  /** Fixed at launch: the measures' periods, reports and scores are counted on it. A change is refused, in these words. */
  | { readonly kind: 'frozen'; readonly refusal: TText }
  /** Running measures are told of a change (broadcastToMeasuresWorkflow) and follow it for the steps still to come. */
  | { readonly kind: 'told' }
  /** Read whenever the plan is scored: scores computed from then on use it. */
  | { readonly kind: 'scoring' }
  /** Read whenever a message is written: messages written from then on follow it. */
  | { readonly kind: 'messages' };

/** Each setting's behaviour after launch, kept on its schema in ZPlanSettingsSchema (a registry of our own). */
const AFTER_LAUNCH = z.registry<TAfterLaunch>();

/**
 * A plan's settings: what its measures run on and what its scores are computed with, each saying how it behaves once
 * the plan is launched. Stored as the Plan's columns of the same names; every field of each but the period has a
 * default, so `{}` is the shipped setting; the period is the plan's own (domain/plan-period), set at import.
 */
export const ZPlanSettingsSchema = z.object({
  period: ZPlanPeriodSchema.describe('the period the plan runs and is assessed in, each end with its reason').register(AFTER_LAUNCH, {
    kind: 'frozen',
    refusal: {
      zh: '方案已启动，实施期限不能再改；单项期限可在措施页调整',
      en: 'the plan is launched: its period stays; move a single due date on the measure’s page',
    },
  }),
  schedule: ZReportingScheduleSchema.describe('the reporting schedule every measure follows unless it has its own').register(AFTER_LAUNCH, {
    kind: 'frozen',
    refusal: {
      zh: '方案已启动，报送安排不能再改；单项期限可在措施页调整',
      en: 'the plan is launched: its schedule stays; move a single due date on the measure’s page',
    },
  }),
  ladder: ZEscalationLadderSchema.describe('reminder and escalation thresholds, in working days').register(AFTER_LAUNCH, { kind: 'told' }),
  rubric: ZRubricSchema.describe('the assessment rubric (考核细则) the plan’s scores are computed with').register(AFTER_LAUNCH, { kind: 'scoring' }),
  cycle: ZOfficeCycleSchema.describe('how the office works the plan’s reports: which wait for its review (审核)').register(AFTER_LAUNCH, {
    kind: 'frozen',
    refusal: {
      zh: '方案已启动，审核范围不能再改：各任务按启动时的设置计算报告',
      en: 'the plan is launched: which reports are reviewed stays as it was at launch, the measures count their reports on it',
    },
  }),
  channels: ZStepChannelsSchema.describe('which steps go to the units’ chat robots and by SMS, and whether also by email').register(AFTER_LAUNCH, { kind: 'messages' }),
  annualSummary: ZAnnualSummarySettingSchema.describe('年度总结: whether each assessed unit owes a summary of each year, and by when').register(AFTER_LAUNCH, { kind: 'messages' }),
});
export type TPlanSettings = z.infer<typeof ZPlanSettingsSchema>;
export type TPlanSetting = keyof TPlanSettings;
export const PLAN_SETTINGS = Object.keys(ZPlanSettingsSchema.shape) as TPlanSetting[];

export function afterLaunch(setting: TPlanSetting): TAfterLaunch {
  return AFTER_LAUNCH.get(ZPlanSettingsSchema.shape[setting])!;
}

/**
 * The named settings of a stored plan (a column still null reads as the default; a period still null, as the plan's
 * year, which `year` names).
 */
export function planSettingsOf<K extends TPlanSetting>(plan: Readonly<Record<K, unknown>> & { readonly year?: number }, settings: readonly K[]): Pick<TPlanSettings, K> {
  const stored = (k: K) => plan[k] ?? (k === 'period' ? yearPeriod(plan.year) : {});
  return Object.fromEntries(settings.map((k) => [k, ZPlanSettingsSchema.shape[k].parse(stored(k))])) as Pick<TPlanSettings, K>;
}

/** The period of a plan stored without one: its year. */
function yearPeriod(year: number | undefined): TPlanPeriodInput {
  if (year === undefined) throw new Error('a plan stored without a period is read with its year');
  return { from: `${year}-01-01`, to: `${year}-12-31`, fromReason: { kind: 'first-year' }, toReason: { kind: 'first-year' } };
}

/**
 * What a newly imported plan starts with: its period, half-yearly reports (due 07-15 and 01-15 of the next year) in
 * every year of it, the default reminder and escalation ladder, and the default assessment rubric. A coordinator can
 * change each before launch.
 */
export function defaultPlanSettings(period: TPlanPeriodInput): TPlanSettings {
  return planSettingsOf({ period, schedule: null, ladder: null, rubric: null, cycle: null, channels: null, annualSummary: null }, PLAN_SETTINGS);
}
