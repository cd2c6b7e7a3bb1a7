import { describe, expect, test } from 'vitest';
import { afterLaunch, defaultPlanSettings, PLAN_SETTINGS, planSettingsOf, ZPlanSettingsSchema } from '../../../domain/plan-settings';
import { ZEscalationLadderSchema } from '../../../domain/ladder';
import { ZReportingScheduleSchema } from '../../../domain/schedule';
import { DEFAULT_RUBRIC } from '../../../scoring/rubric';

describe('plan settings', () => {
  test('each says how it behaves once the plan is launched', () => {
    expect(Object.fromEntries(PLAN_SETTINGS.map((s) => [s, afterLaunch(s).kind]))).toEqual({ period: 'frozen', schedule: 'frozen', ladder: 'told', rubric: 'scoring', cycle: 'frozen', channels: 'messages' });
  });

  test('a frozen setting says in both languages why it is refused', () => {
    const schedule = afterLaunch('schedule');
    expect(schedule.kind === 'frozen' && schedule.refusal).toEqual({
      zh: '方案已启动，报送安排不能再改；单项期限可在措施页调整',
      en: 'the plan is launched: its schedule stays; move a single due date on the measure’s page',
    });
  });

  test('a new plan starts on its own period and the shipped defaults of the others', () => {
    const period = { from: '2018-12-29', to: '2020-12-31' };
    expect(defaultPlanSettings(period)).toEqual({
      period: { ...period, fromReason: null, toReason: null, original: null },
      schedule: ZReportingScheduleSchema.parse({}),
      ladder: ZEscalationLadderSchema.parse({}),
      rubric: DEFAULT_RUBRIC,
      cycle: { review: 'final', acknowledgeDays: 2, cooperatingChase: 'urge', reviewDays: 2, reportTo: 'lead' },
      // Notices and reminders to the unit's chat, 催办 to chat and SMS, 督办 to the leader by SMS, all also by email.
      channels: { notice: ['chat'], reminder: ['chat'], due: ['chat'], urge: ['chat', 'sms'], supervise: ['sms'], email: true },
    });
    expect(defaultPlanSettings(period).schedule.cadence).toBe('half-yearly');
  });

  test('a period that ends before it starts is refused, naming its end', () => {
    expect(() => defaultPlanSettings({ from: '2020-01-01', to: '2019-12-31' })).toThrow(/periodEndsBeforeStart/);
    const r = ZPlanSettingsSchema.shape.period.safeParse({ from: '2020-01-01', to: '2019-12-31' });
    expect(r.success || r.error.issues.map((i) => i.path.join('.'))).toEqual(['to']);
  });

  test('a plan stored before periods runs through its year', () => {
    expect(planSettingsOf({ period: null, year: 2026 }, ['period']).period).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
  });

  test('a stored plan is read for the settings asked for, an empty column as the default', () => {
    const stored = { schedule: { cadence: 'quarterly' }, ladder: null, rubric: { version: 'not a number' } };
    const read = planSettingsOf(stored, ['schedule', 'ladder']);
    expect(Object.keys(read)).toEqual(['schedule', 'ladder']);
    expect(read.schedule.cadence).toBe('quarterly');
    expect(read.ladder).toEqual(ZEscalationLadderSchema.parse({}));
    // The rubric is read when scoring, where an invalid one is told; reading the others does not trip on it.
    expect(() => planSettingsOf(stored, ['rubric'])).toThrow();
  });
});
