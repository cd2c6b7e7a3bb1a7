import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { acknowledgeAssignment } from '../../services/assignments/acknowledge-assignment';
import { refuseAssignment } from '../../services/assignments/refuse-assignment';
import { executeMeasureUpdate } from '../../services/measures/measure-update';
import { chaseUnits } from '../../services/measures/chase-units';
import { runMeasureAction } from '../../services/measures/run-measure-action';
import { launchPlan } from '../../services/plans/launch-plan';
import type { MailCapture } from '../../stack/mail-capture';
import { measureStateQuery, measureWorkflowId, refuseAssignmentUpdate } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'acknowledge-refuse';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;
let planId: string;
/** 一: 市发展改革委 leads, 市财政局 cooperates; 二: 市财政局 leads, and refuses it. */
let m1: string;
let m2: string;
const ids = { fgwOn1: '', czjOn1: '', czjOn2: '' };

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05'), mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });
const view = (measureId: string) => env.client.workflow.getHandle(measureWorkflowId(planId, measureId)).query(measureStateQuery);

const mails = mailTurns(() => world);
const newMails = mails.next;

describe.sequential('签收 within the plan’s working days (default 2), and 拒签 stopping the clock until the office decides', () => {
  it('assigns both measures: each unit one 交办通知', async () => {
    const seeded = await seedPlan(
      t.db,
      reg,
      [
        {
          ref: '一',
          title: '制定质量提升行动方案',
          due: '2026-06-30',
          parties: [
            { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
            { role: 'cooperating', name: '市财政局', unitId: reg.units.czj.id },
          ],
        },
        { ref: '二', title: '设立质量提升专项资金', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
      ],
      { cycle: {} },
    );
    planId = seeded.plan.id;
    [m1, m2] = seeded.measureIds as [string, string];
    const clock = await world.startClock();
    await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
    expect(await newMails(2)).toEqual([
      'czj@example.gov.cn | 【督办】任务交办：《关于开展质量提升行动的实施方案》2项任务（牵头1项、配合1项）',
      'fgw@example.gov.cn | 【督办】任务交办：“制定质量提升行动方案”（牵头单位）',
    ]);
    const rows = await t.db.assignment.findMany({ where: { measure: { planId } } });
    const of = (measureId: string, unitId: string) => rows.find((a) => a.measureId === measureId && a.unitId === unitId)!.id;
    Object.assign(ids, { fgwOn1: of(m1, reg.units.fgw.id), czjOn1: of(m1, reg.units.czj.id), czjOn2: of(m2, reg.units.czj.id) });
  });

  it('拒签: the unit refuses with a reason, the office is told; bad refusals get one line and change nothing', async () => {
    await world.advanceTo('2026-01-06');
    await acknowledgeAssignment(services(), reg.contacts.czj, ids.czjOn1, { responsible: { name: '钱处长' } });
    const refused = await refuseAssignment(services(), reg.contacts.czj, ids.czjOn2, { reason: '专项资金设立属市政府决策事项，建议由市发展改革委牵头' });
    expect(refused).toMatchObject({ action: 'refuse-assignment', assignmentId: ids.czjOn2 });
    expect(await newMails(1)).toEqual(['office@example.gov.cn | 【督办】拒签待处理：市财政局“设立质量提升专项资金”']);
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: ids.czjOn2 } })).toMatchObject({ refusedAt: expect.any(Date), refusalReason: expect.stringContaining('市政府决策事项') });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.refuse-assignment' } })).toMatchObject({ actorId: reg.contacts.czj.id, actorLabel: 'unit' });

    // Already acknowledged; not the person's unit; no reason; and an acknowledgement of the refused one meanwhile.
    await expect(refuseAssignment(services(), reg.contacts.czj, ids.czjOn1, { reason: '不属于本单位职责' })).rejects.toMatchObject({ type: 'AlreadyAcknowledged' });
    await expect(refuseAssignment(services(), reg.contacts.fgw, ids.czjOn2, { reason: '代为拒签' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      executeMeasureUpdate(env.client, measureWorkflowId(planId, m1), refuseAssignmentUpdate, { assignmentId: ids.fgwOn1, reason: '', requestedBy: reg.contacts.fgw.id, idempotencyKey: 'refuse-assignment' }),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    await expect(acknowledgeAssignment(services(), reg.contacts.czj, ids.czjOn2, { responsible: { name: '钱处长' } })).rejects.toMatchObject({ type: 'AlreadyRefused' });
    expect((await view(m1)).assignments.find((a) => a.id === ids.fgwOn1)!.refused).toBeUndefined();
    expect(await t.db.auditEvent.count({ where: { planId, action: 'measure.refuse-assignment' } })).toBe(1);
  });

  it('not acknowledged by its deadline (two working days): the unit is reminded, then the office told; the refused one is not chased', async () => {
    // Launched Monday 01-05: acknowledged by Wednesday 01-07; reminded Thursday, the office told Friday.
    await world.advanceTo('2026-01-08');
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】签收提醒：“制定质量提升行动方案”请尽快签收']);
    await world.advanceTo('2026-01-09');
    expect(await newMails(1)).toEqual(['office@example.gov.cn | 【督办】逾期未签收：市发展改革委“制定质量提升行动方案”']);
    const text = capture.messages().at(-1)!.text;
    expect(text).toContain('应于2026年1月7日前签收，经提醒仍未签收');
  });

  it('the office confirms the refused assignment: audited, and its 签收 deadline counts again from that day', async () => {
    await world.advanceTo('2026-01-12');
    const confirmed = await runMeasureAction(services(), reg.contacts.office, { measureId: m2 }, 'confirm-assignment', {
      unitId: reg.units.czj.id,
      reason: '经研究，仍由市财政局牵头',
      requestId: 'confirm-czj-1',
    });
    expect(confirmed).toMatchObject({ action: 'confirm-assignment', assignmentId: ids.czjOn2 });
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: ids.czjOn2 } })).toMatchObject({ refusedAt: null, status: 'assigned' });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.confirm-assignment' } })).toMatchObject({ actorId: reg.contacts.office.id });
    // Confirmed once: a second confirmation is refused.
    await expect(
      runMeasureAction(services(), reg.contacts.office, { measureId: m2 }, 'confirm-assignment', { unitId: reg.units.czj.id, reason: '再次确认', requestId: 'confirm-czj-2' }),
    ).rejects.toMatchObject({ type: 'AssignmentNotRefused' });
    // Monday 01-12 + 2 working days: Wednesday 01-14; reminded Thursday 01-15.
    await world.advanceTo('2026-01-15');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】签收提醒：“设立质量提升专项资金”请尽快签收']);
    await acknowledgeAssignment(services(), reg.contacts.czj, ids.czjOn2, { responsible: { name: '钱处长' } });
    await acknowledgeAssignment(services(), reg.contacts.fgw, ids.fgwOn1, { responsible: { name: '王主任' } });
    // Acknowledged: the office is not told on Friday.
    await world.advanceTo('2026-01-19');
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    // 办结销号 by the office, with its reason: done, by whom and when, audited; nothing more is taken.
    const closed = await runMeasureAction(services(), reg.contacts.office, { measureId: m2 }, 'close', { reason: '已并入“一”统筹推进', requestId: 'close-m2' });
    expect(closed).toMatchObject({ action: 'close-measure' });
    expect(await world.outcome(measureWorkflowId(planId, m2))).toMatchObject({ status: 'done' });
    expect(await t.db.measure.findUniqueOrThrow({ where: { id: m2 } })).toMatchObject({
      status: 'done',
      closedById: reg.contacts.office.id,
      closedAt: expect.any(Date),
      closeReason: '已并入“一”统筹推进',
    });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.close-measure' } })).toMatchObject({ actorId: reg.contacts.office.id });
    await recordHistories(env.client, measureWorkflowId(planId, m2), 'refused-confirmed-acknowledged-closed');
  });

  it('催办 by hand: the office’s own words to the units it names, audited; only the plan’s coordinators, only units on the measure', async () => {
    const words = '请于本周五前报送方案起草进展，并说明与市财政局的分工衔接情况。';
    const chased = await chaseUnits(services(), reg.contacts.office, m1, { unitIds: [reg.units.fgw.id, reg.units.czj.id], text: words });
    expect(chased).toMatchObject({ action: 'chase' });
    expect(await newMails(2)).toEqual([
      'czj@example.gov.cn | 【督办】催办：市财政局“制定质量提升行动方案”',
      'fgw@example.gov.cn | 【督办】催办：市发展改革委“制定质量提升行动方案”',
    ]);
    expect(capture.messages().at(-1)!.text).toContain(words);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.chase' } })).toMatchObject({
      actorId: reg.contacts.office.id,
      data: expect.objectContaining({ reason: words }),
    });
    await expect(chaseUnits(services(), reg.contacts.fgw, m1, { unitIds: [reg.units.czj.id], text: '催一下' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(chaseUnits(services(), reg.contacts.office, m1, { unitIds: [reg.units.scjg.id], text: '催一下' })).rejects.toMatchObject({ type: 'UnitNotAssigned' });
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    expect(await t.db.auditEvent.count({ where: { planId, action: 'measure.chase' } })).toBe(1);
    await recordHistories(env.client, measureWorkflowId(planId, m1), 'acknowledge-reminded-office-told-chased');
  });
});
