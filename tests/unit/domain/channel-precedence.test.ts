import { describe, expect, it } from 'vitest';
import { channelsForMessage, NO_CHANNELS, type TChannelLayer } from '../../../domain/channel-precedence';
import { routedStepOf, ZStepChannelsSchema } from '../../../domain/step-channels';

const unitRobot = { id: 'unit-robot', kind: 'wecom' } as const;
const ownRobot = { id: 'own-robot', kind: 'dingtalk' } as const;
const unitSms = { id: null, phones: ['13800138000'] };
const ownSms = { id: 'own-sms', phones: ['13900139000'] };
const unit: TChannelLayer = { robots: [unitRobot], sms: unitSms };
const own: TChannelLayer = { robots: [ownRobot], sms: ownSms };
const unitRobotOnly: TChannelLayer = { robots: [unitRobot], sms: null };

describe('plan settings override unit settings, which override a person’s own', () => {
  it.each([
    ['the plan routes chat and SMS, the unit has both: the unit’s', { route: ['chat', 'sms'], email: true }, unit, own, { robots: [unitRobot], sms: unitSms, email: true }],
    ['the unit has none: the person’s own', { route: ['chat', 'sms'], email: true }, NO_CHANNELS, own, { robots: [ownRobot], sms: ownSms, email: true }],
    ['the unit has a robot only: its robot, the person’s own SMS', { route: ['chat', 'sms'], email: true }, unitRobotOnly, own, { robots: [unitRobot], sms: ownSms, email: true }],
    ['the plan routes no SMS: no SMS, whoever set one', { route: ['chat'], email: true }, unit, own, { robots: [unitRobot], sms: null, email: true }],
    ['the plan routes nothing but email: email only', { route: [], email: true }, unit, own, { robots: [], sms: null, email: true }],
    ['email off and a channel found: no email', { route: ['sms'], email: false }, NO_CHANNELS, own, { robots: [], sms: ownSms, email: false }],
    ['email off and nothing found: email still (never sent nowhere)', { route: ['chat'], email: false }, NO_CHANNELS, NO_CHANNELS, { robots: [], sms: null, email: true }],
    ['email off, the plan routes chat, only SMS set: email', { route: ['chat'], email: false }, { robots: [], sms: unitSms }, own, { robots: [ownRobot], sms: null, email: false }],
    ['an SMS layer with no numbers counts as none', { route: ['sms'], email: true }, { robots: [], sms: { id: 'empty', phones: [] } }, own, { robots: [], sms: ownSms, email: true }],
  ] as const)('%s', (_, plan, unitLayer, personLayer, expected) => {
    expect(channelsForMessage({ route: [...plan.route], email: plan.email }, unitLayer as TChannelLayer, personLayer as TChannelLayer)).toEqual(expected);
  });
});

describe('the plan setting a step reads', () => {
  it.each([
    ['urge', 'urge'],
    ['supervise', 'supervise'],
    ['instruction', 'instruction'],
    ['instruction-reminder', 'instruction'],
    ['instruction-replied', 'instruction'],
    ['subtask-added', 'subtask'],
    ['subtask-due', 'subtask'],
    ['subtask-overdue', 'subtask'],
    ['leader-summary', null],
    ['instruction-office', null],
  ])('%s reads %s', (step, setting) => {
    expect(routedStepOf(step)).toBe(setting);
  });

  it('批示 and sub-task reminders go to chat by default, and a plan stored before they had a setting reads the defaults', () => {
    expect(ZStepChannelsSchema.parse({ urge: ['sms'] })).toMatchObject({ urge: ['sms'], instruction: ['chat'], subtask: ['chat'], email: true });
  });
});
