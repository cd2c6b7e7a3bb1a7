import type { Db } from '../../prisma/client';
import type { TAuditEntry, TPlanAudit, TPlanAuditQuery } from '../routes/plans/audit.types';

const LABELS: Record<string, string> = {
  'plan.import': '导入方案',
  'plan.launch': '启动方案',
  'plan.settings_changed': '修改报送安排或催办规则',
  'plan.warning_accepted': '确认解析提示',
  'measure.edit': '修改措施',
  'measure.reassign-unit': '改派单位',
  'measure.add-cooperating-unit': '增加配合单位',
  'measure.remove-cooperating-unit': '移除配合单位',
  'measure.change-due-date': '调整期限',
  'measure.decide-extension': '延期审批',
  'measure.cancel-measure': '撤销任务',
  'measure.done': '任务完成',
  'measure.cancelled': '任务结束',
};

const LADDER_FIELDS: [string, (v: unknown) => string][] = [
  ['reminderWorkingDaysBefore', (v) => (v === 0 ? '不发到期前提醒' : `到期前 ${String(v)} 个工作日提醒`)],
  ['dueNotice', (v) => (v ? '到期当日通知' : '不发到期当日通知')],
  ['urgeAfterWorkingDays', (v) => `逾期 ${String(v)} 个工作日催办`],
  ['superviseAfterWorkingDays', (v) => `逾期 ${String(v)} 个工作日督办`],
  ['coordinatorAfterWorkingDays', (v) => `逾期 ${String(v)} 个工作日提请协调`],
  ['sendHour', (v) => `${String(v)} 时发送`],
];
const CADENCES: Record<string, string> = { 'half-yearly': '每半年', quarterly: '每季度', monthly: '每月', final: '期末一次', custom: '自定日期' };
const EDIT_FIELDS: Record<string, string> = { lead: '牵头单位', cooperating: '配合单位', due: '完成期限', targets: '目标', schedule: '报送安排' };

type TData = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** What changed, in the words a coordinator or an inspector reads; unit ids become names. */
function detailsOf(action: string, data: TData, unitName: (id: unknown) => string): string[] {
  switch (action) {
    case 'plan.import':
      return [`${str(data.measures)} 项措施，${str(data.warnings)} 条提示${data.fileName ? `（${str(data.fileName)}）` : ''}`];
    case 'plan.launch':
      return [`新启动 ${str(data.started)} 项，已在运行 ${str(data.alreadyRunning)} 项`];
    case 'plan.settings_changed': {
      const out: string[] = [];
      const schedule = data.schedule as TData | undefined;
      if (schedule) out.push(`报送：${CADENCES[str(schedule.cadence)] ?? str(schedule.cadence)}${schedule.dueDay ? `，${str(schedule.dueDay)} 日前` : ''}`);
      const ladder = data.ladder as TData | undefined;
      if (ladder) for (const [key, text] of LADDER_FIELDS) if (key in ladder) out.push(text(ladder[key]));
      return out;
    }
    case 'plan.warning_accepted':
      return [`${str(data.ref)} ${str(data.code)}`.trim()];
    case 'measure.edit':
      return [`修改了${Object.keys(data).map((k) => EDIT_FIELDS[k] ?? k).join('、')}`];
    case 'measure.reassign-unit':
      return [`${unitName(data.fromUnitId)} → ${unitName(data.toUnitId)}`];
    case 'measure.add-cooperating-unit':
    case 'measure.remove-cooperating-unit':
      return [unitName(data.unitId)];
    case 'measure.change-due-date':
      return [`${str(data.period)}：${str(data.from)} → ${str(data.due)}`];
    case 'measure.decide-extension':
      return [data.approve ? '同意' : '不同意'];
    default:
      return [];
  }
}

/** The plan's audit trail, newest first, a page at a time: who did what to the plan and its measures, and why. */
export async function planAudit(db: Db, plan: { id: string; title: string }, query: TPlanAuditQuery): Promise<TPlanAudit> {
  const rows = await db.auditEvent.findMany({
    where: {
      planId: plan.id,
      ...(query.measureId ? { subjectType: 'measure', subjectId: query.measureId } : {}),
      ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    select: { id: true, at: true, actorLabel: true, action: true, subjectType: true, subjectId: true, data: true, actor: { select: { name: true } } },
  });
  const page = rows.slice(0, query.limit);
  const datas = page.map((r) => (r.data && typeof r.data === 'object' && !Array.isArray(r.data) ? (r.data as TData) : {}));
  const unitIds = new Set(datas.flatMap((d) => [d.fromUnitId, d.toUnitId, d.unitId].filter((v): v is string => typeof v === 'string')));
  const measureIds = [...new Set(page.filter((r) => r.subjectType === 'measure').map((r) => r.subjectId))];
  const [units, measures] = await Promise.all([
    unitIds.size ? db.unit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true, name: true } }) : [],
    measureIds.length ? db.measure.findMany({ where: { id: { in: measureIds } }, select: { id: true, ref: true, title: true } }) : [],
  ]);
  const names = new Map(units.map((u) => [u.id, u.name]));
  const byId = new Map(measures.map((m) => [m.id, m]));
  const unitName = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? id) : '');
  const entries: TAuditEntry[] = page.map((r, i) => {
    const data = datas[i]!;
    return {
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actor?.name ?? (r.actorLabel === 'cli' ? '命令行' : '系统'),
      action: r.action,
      label: LABELS[r.action] ?? r.action,
      measure: r.subjectType === 'measure' ? (byId.get(r.subjectId) ?? null) : null,
      reason: typeof data.reason === 'string' ? data.reason : null,
      details: detailsOf(r.action, data, unitName).filter(Boolean),
    };
  });
  return { plan: { id: plan.id, title: plan.title }, entries, next: rows.length > query.limit ? String(page.at(-1)!.id) : null };
}
