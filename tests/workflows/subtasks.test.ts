import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { loadItem } from '../../api/views/item';
import { submitProgress } from '../../services/progress/submit-progress';
import { addSubtask } from '../../services/subtasks/add-subtask';
import { completeSubtask } from '../../services/subtasks/complete-subtask';
import { launchPlan } from '../../services/plans/launch-plan';
import type { MailCapture } from '../../stack/mail-capture';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import type { TestDatabase } from '../support/db';
import { recordHistories } from '../support/histories';
import { seedPlan, type TSmallRegistry } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';
import { mailTurns } from '../support/mail-turns';

const TASK_QUEUE = 'subtasks';

let world: TMeasureWorld;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let capture: MailCapture;
let reg: TSmallRegistry;
let planId: string;
let m1: string;
const ids = { fgw: '', czj: '', draft: '', survey: '' };

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05'), mailFrom: 'duban@example.gov.cn', publicUrl: 'http://duban.test' });
it.beforeAll(async ({ world: started }) => {
  world = started;
  ({ t, env, capture, reg } = world);
});

const services = () => ({ db: t.db, temporal: { client: env.client, taskQueue: TASK_QUEUE } });

const mails = mailTurns(() => world);
const newMails = mails.next;

describe.sequential('分解: the lead unit’s sub-tasks, reminded to their person, told to the unit when overdue, their progress in its report', () => {
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

  it('the lead unit adds two: each person told once (through the unit’s contacts when no email is given); bad ones refused, nothing recorded', async () => {
    await world.advanceTo('2026-01-06');
    const fgw = reg.contacts.fgw;
    const draft = await addSubtask(services(), fgw, ids.fgw, { title: '起草方案初稿', assignee: { name: '吴科长', email: 'wu@example.gov.cn', phone: '0571-1234567' }, due: '2026-01-09' });
    expect(draft).toMatchObject({ assignmentId: ids.fgw, due: '2026-01-09', done: false, progress: { done: 0, total: 1 } });
    ids.draft = draft.subtaskId;
    const survey = await addSubtask(services(), fgw, ids.fgw, { title: '开展企业质量调研', assignee: { name: '郑科员' }, due: '2026-01-16', idempotencyKey: 'survey-1' });
    ids.survey = survey.subtaskId;
    expect(survey.progress).toEqual({ done: 0, total: 2 });
    // A repeat under its key is the same sub-task.
    expect(await addSubtask(services(), fgw, ids.fgw, { title: '开展企业质量调研', assignee: { name: '郑科员' }, due: '2026-01-16', idempotencyKey: 'survey-1' })).toEqual(survey);
    expect(await newMails(2)).toEqual([
      'fgw@example.gov.cn | 【督办】分解任务：“开展企业质量调研”请于2026年1月16日前完成',
      'wu@example.gov.cn | 【督办】分解任务：“起草方案初稿”请于2026年1月9日前完成',
    ]);

    const audits = await t.db.auditEvent.count({ where: { planId } });
    await expect(addSubtask(services(), fgw, ids.fgw, { title: '收尾', assignee: { name: '吴科长' }, due: '2027-03-01' })).rejects.toMatchObject({ type: 'SubtaskAfterAssignment', code: 'VALIDATION_FAILED' });
    await expect(addSubtask(services(), fgw, ids.fgw, { title: '收尾', assignee: { name: '吴科长' }, due: '2026-01-05' })).rejects.toMatchObject({ type: 'DueDateBeforeToday' });
    await expect(addSubtask(services(), reg.contacts.czj, ids.czj, { title: '测算资金', assignee: { name: '钱科长' }, due: '2026-01-09' })).rejects.toMatchObject({ type: 'SubtasksLeadOnly', code: 'FORBIDDEN' });
    await expect(addSubtask(services(), reg.contacts.czj, ids.fgw, { title: '代为分解', assignee: { name: '钱科长' }, due: '2026-01-09' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    expect(await t.db.auditEvent.count({ where: { planId } })).toBe(audits);
    expect(await t.db.subtask.count()).toBe(2);
    const item = await loadItem(t.db, { ...fgw, csrfToken: '' } as never, ids.fgw);
    expect(item.subtasks.map((s) => [s.title, s.assignee.name, s.due, s.doneAt])).toEqual([
      ['起草方案初稿', '吴科长', '2026-01-09', null],
      ['开展企业质量调研', '郑科员', '2026-01-16', null],
    ]);
  });

  it('open on its due day: its person reminded; the working day after, the unit’s contacts told, nobody outside the unit', async () => {
    await world.advanceTo('2026-01-09');
    expect(await newMails(1)).toEqual(['wu@example.gov.cn | 【督办】分解任务今日到期：“起草方案初稿”']);
    await world.advanceTo('2026-01-12');
    expect(await newMails(1)).toEqual(['fgw@example.gov.cn | 【督办】分解任务逾期：吴科长“起草方案初稿”']);
    expect(capture.messages().at(-1)!.text).toContain('应于2026年1月9日前由吴科长完成，目前尚未完成');
  });

  it('done: reminders stop, a second completion is refused, and the unit’s report carries its progress', async () => {
    const done = await completeSubtask(services(), reg.contacts.fgw, ids.draft, { note: '初稿已形成' });
    expect(done).toMatchObject({ done: true, progress: { done: 1, total: 2 } });
    const other = await t.db.person.create({ data: { name: '周科长', email: 'fgw.zhou@example.gov.cn', unitId: reg.units.fgw.id }, select: { id: true, name: true, role: true, unitId: true } });
    await expect(completeSubtask(services(), other, ids.draft, {})).rejects.toMatchObject({ type: 'SubtaskDone' });
    await expect(completeSubtask(services(), reg.contacts.czj, ids.survey, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.auditEvent.count({ where: { planId, action: 'measure.subtask-done' } })).toBe(1);
    await submitProgress(services(), {
      assignmentId: ids.fgw,
      status: 'in_progress',
      percent: 30,
      narrative: '方案初稿已形成，调研正在进行。',
      targetValues: [],
      attachments: [],
      submittedBy: reg.contacts.fgw.id,
      idempotencyKey: 'fgw-report-1',
    });
    expect(await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: ids.fgw } })).toMatchObject({ subtasks: { done: 1, total: 2 } });
    await completeSubtask(services(), reg.contacts.fgw, ids.survey, {});
    // Done before its day: no reminder on 01-16, nothing told on 01-19.
    await world.advanceTo('2026-01-20');
    await world.settled();
    expect(capture.messages()).toHaveLength(mails.seen());
    const item = await loadItem(t.db, { ...reg.contacts.fgw, csrfToken: '' } as never, ids.fgw);
    expect(item.subtasks.every((s) => s.doneAt !== null)).toBe(true);
    expect(item.reports[0]!.subtasks).toEqual({ done: 1, total: 2 });
    await recordHistories(env.client, measureWorkflowId(planId, m1), 'subtasks-reminded-unit-told-done-reported');
  });
});
