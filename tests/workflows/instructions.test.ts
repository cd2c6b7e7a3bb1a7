import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { issueInstruction } from '../../services/instructions/issue-instruction';
import { replyInstruction } from '../../services/instructions/reply-instruction';
import { launchPlan } from '../../services/plans/launch-plan';
import type { MailCapture } from '../../stack/mail-capture';
import { instructionsOfAssignment, instructionsOfLeader } from '../../api/views/instructions';
import { measureStateQuery, measureWorkflowId } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'instructions';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;
let planId: string;
/** 市发展改革委 leads, 市财政局 cooperates. */
let m1: string;
const ids = { fgw: '', czj: '', instruction: '' };
/** 孙主任, a leader of the plan's office (市质量强市办). */
let sun: { id: string; name: string; role: 'leader'; unitId: string | null };

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05'), mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
  sun = (await t.db.person.create({
    data: { name: '孙主任', email: 'leader.sun@example.gov.cn', role: 'leader', unitId: reg.units.office.id },
    select: { id: true, name: true, role: true, unitId: true },
  })) as typeof sun;
});

const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });
const view = () => env.client.workflow.getHandle(measureWorkflowId(planId, m1)).query(measureStateQuery);

const mails = mailTurns(() => world);
const newMails = mails.next;

describe.sequential('领导批示: mailed to the units, each replies with 落实情况 by its deadline; reminded on the day, the office told the working day after', () => {
  it('launches the measure: each unit one 交办通知', async () => {
    const seeded = await seedPlan(t.db, reg, [
      {
        ref: '一',
        title: '制定质量提升行动方案',
        due: '2026-06-30',
        parties: [
          { role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id },
          { role: 'cooperating', name: '市财政局', unitId: reg.units.czj.id },
        ],
      },
    ]);
    planId = seeded.plan.id;
    [m1] = seeded.measureIds as [string];
    const clock = await world.startClock();
    await launchPlan(t.db, world.client, planId, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
    expect(await newMails(2)).toHaveLength(2);
    const rows = await t.db.assignment.findMany({ where: { measureId: m1 } });
    ids.fgw = rows.find((a) => a.unitId === reg.units.fgw.id)!.id;
    ids.czj = rows.find((a) => a.unitId === reg.units.czj.id)!.id;
  });

  it('a leader of the office instructs both units, three working days to reply: audited, each unit mailed once', async () => {
    await world.advanceTo('2026-01-06');
    const text = '请抓紧完善方案，1月底前提交市政府常务会议审议。';
    const given = await issueInstruction(services(), sun, m1, { text, replyDays: 3, requestId: 'instruct-sun-1' });
    // Tuesday 01-06 + 3 working days: Friday 01-09.
    expect(given).toMatchObject({ replyBy: '2026-01-09', assignmentIds: expect.arrayContaining([ids.fgw, ids.czj]) });
    ids.instruction = given.instructionId;
    expect(await newMails(2)).toEqual([
      'czj@example.gov.cn | 【督办】领导批示：“制定质量提升行动方案”请于2026年1月9日前回复落实情况',
      'fgw@example.gov.cn | 【督办】领导批示：“制定质量提升行动方案”请于2026年1月9日前回复落实情况',
    ]);
    const mail = capture.messages().at(-1)!;
    expect(mail.text).toContain(text);
    expect(mail.text).toContain('孙主任对“制定质量提升行动方案”任务作出批示');
    // Repeated under its request id: the first answer, nothing recorded or mailed again.
    expect(await issueInstruction(services(), sun, m1, { text, replyDays: 3, requestId: 'instruct-sun-1' })).toEqual(given);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.instruction' } })).toMatchObject({ actorId: sun.id, actorLabel: 'leader' });
    expect(await t.db.instruction.count()).toBe(1);
    // Shown first on the unit's item page, not yet replied.
    expect(await instructionsOfAssignment(t.db, ids.czj)).toMatchObject([{ id: ids.instruction, text, leader: '孙主任', writtenBy: null, replyBy: '2026-01-09', replies: [{ unit: '市财政局', text: null }] }]);
  });

  it('bad instructions are refused with one line and nothing recorded', async () => {
    const before = await t.db.auditEvent.count({ where: { planId } });
    // A leader of another office (a unit's supervising leader): not found.
    await expect(issueInstruction(services(), { ...reg.leaders.a, role: 'leader' }, m1, { text: '阅' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A coordinator must say which leader it writes for.
    await expect(issueInstruction(services(), reg.contacts.office, m1, { text: '阅' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(issueInstruction(services(), reg.contacts.office, m1, { text: '阅', onBehalfOf: reg.leaders.a.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(issueInstruction(services(), sun, m1, { text: '阅', replyBy: '2026-01-05' })).rejects.toMatchObject({ type: 'ReplyByBeforeToday', code: 'VALIDATION_FAILED' });
    await expect(issueInstruction(services(), sun, m1, { text: '阅', unitIds: [reg.units.scjg.id] })).rejects.toMatchObject({ type: 'UnitNotAssigned' });
    // A unit's contact writes none.
    await expect(issueInstruction(services(), reg.contacts.fgw, m1, { text: '阅' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A unit not on the measure cannot reply.
    await expect(replyInstruction(services(), reg.contacts.scjg, ids.instruction, { text: '已落实' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    expect(await t.db.auditEvent.count({ where: { planId } })).toBe(before);
    expect(await t.db.instruction.count()).toBe(1);
  });

  it('the lead unit replies: the leader is mailed its 落实情况, and sees it beside the instruction', async () => {
    await world.advanceTo('2026-01-08');
    const words = '已按批示修改完善方案，1月20日报市政府办公厅。';
    const answer = await replyInstruction(services(), reg.contacts.fgw, ids.instruction, { text: words, attachments: [{ title: '方案修改稿', url: 'https://example.gov.cn/plan.pdf' }] });
    expect(answer).toMatchObject({ instructionId: ids.instruction, assignmentId: ids.fgw });
    expect(await newMails(1)).toEqual(['leader.sun@example.gov.cn | 【督办】批示落实情况：市发展改革委“制定质量提升行动方案”']);
    expect(capture.messages().at(-1)!.text).toContain(words);
    // A second reply by the same unit gets the first answer; by someone else of it, it is refused.
    expect(await replyInstruction(services(), reg.contacts.fgw, ids.instruction, { text: words })).toEqual(answer);
    const another = await t.db.person.create({ data: { name: '周科长', email: 'fgw.zhou@example.gov.cn', unitId: reg.units.fgw.id }, select: { id: true, name: true, role: true, unitId: true } });
    await expect(replyInstruction(services(), another, ids.instruction, { text: '再报一次' })).rejects.toMatchObject({ type: 'AlreadyReplied' });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.instruction-reply' } })).toMatchObject({ actorId: reg.contacts.fgw.id, actorLabel: 'unit' });
    const [shown] = await instructionsOfLeader(t.db, sun.id);
    expect(shown!.replies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unit: '市发展改革委', text: words, by: '张联络', attachments: [{ title: '方案修改稿', url: 'https://example.gov.cn/plan.pdf' }] }),
        expect.objectContaining({ unit: '市财政局', text: null }),
      ]),
    );
    expect((await view()).instructions![0]!.replied).toHaveProperty(ids.fgw);
  });

  it('not replied by the deadline: the unit reminded on the day, the office told the next working day; the unit that replied is left alone', async () => {
    await world.advanceTo('2026-01-09');
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】批示落实提醒：“制定质量提升行动方案”请于今日回复落实情况']);
    // Friday 01-09: the office hears on Monday 01-12.
    await world.advanceTo('2026-01-12');
    expect(await newMails(1)).toEqual(['office@example.gov.cn | 【督办】批示逾期未回复：市财政局“制定质量提升行动方案”']);
    expect(capture.messages().at(-1)!.text).toContain('市财政局应于2026年1月9日前回复落实情况，经提醒仍未回复');
    await replyInstruction(services(), reg.contacts.czj, ids.instruction, { text: '已安排专项资金50万元支持方案编制。' });
    expect(await newMails(1)).toEqual(['leader.sun@example.gov.cn | 【督办】批示落实情况：市财政局“制定质量提升行动方案”']);
    await world.advanceTo('2026-01-14');
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
  });

  it('a coordinator enters one on the leader’s behalf, recorded as such, to the unit it names', async () => {
    const given = await issueInstruction(services(), reg.contacts.office, m1, { text: '请财政局再核实资金安排。', replyBy: '2026-01-20', unitIds: [reg.units.czj.id], onBehalfOf: sun.id });
    expect(given).toMatchObject({ replyBy: '2026-01-20', assignmentIds: [ids.czj] });
    expect(await newMails(1)).toEqual(['czj@example.gov.cn | 【督办】领导批示：“制定质量提升行动方案”请于2026年1月20日前回复落实情况']);
    expect(await t.db.instruction.findUniqueOrThrow({ where: { id: given.instructionId } })).toMatchObject({ leaderId: sun.id, writtenById: reg.contacts.office.id });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'measure.instruction', actorId: reg.contacts.office.id } })).toMatchObject({ actorLabel: 'coordinator' });
    // The lead unit was not sent this one: its reply is refused.
    await expect(replyInstruction(services(), reg.contacts.fgw, given.instructionId, { text: '已落实' })).rejects.toMatchObject({ type: 'NotInstructed' });
    expect((await instructionsOfAssignment(t.db, ids.czj)).map((i) => i.writtenBy)).toEqual(['赵协调', null]);
    await recordHistories(env.client, measureWorkflowId(planId, m1), 'instruction-replied-reminded-office-told');
  });
});
