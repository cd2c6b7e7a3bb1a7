import type { Db } from '../../prisma/client';
import { csvFile } from '../../report/render-csv';
import { shanghaiTime } from '../../calendar/working-days';
import { periodLabel } from '../../domain/schedule';
import { sayIn, type TLocale } from '../../lib/text';
import { auditLabel } from '../../services/audit-actions';
import { ROUTED_STEPS } from '../../domain/step-channels';
import { STEP_LABELS, translator, type TTranslate } from '../pages/i18n';
import type { TAuditEntry, TPlanAudit, TPlanAuditQuery } from '../routes/plans/audit.types';

type TData = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** A ladder field as the trail names it, and its value in words. */
const LADDER_FIELDS: [key: string, label: string, value: (v: unknown) => string][] = [
  ['reminderWorkingDaysBefore', '到期前提醒', (v) => (v === 0 ? '不提醒' : `${String(v)} 个工作日`)],
  ['dueNotice', '到期当日通知', (v) => (v ? '发送' : '不发送')],
  ['urgeAfterWorkingDays', '催办', (v) => `逾期 ${String(v)} 个工作日`],
  ['superviseAfterWorkingDays', '督办', (v) => `逾期 ${String(v)} 个工作日`],
  ['coordinatorAfterWorkingDays', '提请协调', (v) => `逾期 ${String(v)} 个工作日`],
  ['sendHour', '发送时间', (v) => `${String(v)} 时`],
];
const zh = translator('zh');
const scheduleText = (s: TData) =>
  s.cadence === 'custom' && Array.isArray(s.dates) ? `${zh.value('custom')} ${s.dates.map(String).join('、')}` : `${zh.value(str(s.cadence))}${s.dueDay ? `，${str(s.dueDay)} 日前报送` : ''}`;

/** The settings a change touched: only what differs from before when the record says what was before. */
function settingsDetails(data: TData): string[] {
  const previous = (data.previous ?? {}) as TData;
  const out: string[] = [];
  const schedule = data.schedule as TData | undefined;
  if (schedule) {
    const was = previous.schedule as TData | undefined;
    out.push(was ? `报送安排：${scheduleText(was)} → ${scheduleText(schedule)}` : `报送安排：${scheduleText(schedule)}`);
  }
  const ladder = data.ladder as TData | undefined;
  const wasLadder = previous.ladder as TData | undefined;
  if (ladder) {
    for (const [key, label, value] of LADDER_FIELDS) {
      if (!(key in ladder)) continue;
      if (!wasLadder) out.push(`${label}：${value(ladder[key])}`);
      else if (wasLadder[key] !== ladder[key]) out.push(`${label}：${value(wasLadder[key])} → ${value(ladder[key])}`);
    }
  }
  const channels = data.channels as TData | undefined;
  const wasChannels = previous.channels as TData | undefined;
  if (channels) {
    const routes = (v: unknown) => (Array.isArray(v) && v.length ? v.map((r) => zh(r === 'chat' ? 'stepChannelsChat' : 'channelSms')).join('、') : '仅邮件');
    for (const step of ROUTED_STEPS) {
      const now = routes(channels[step]);
      const was = wasChannels ? routes(wasChannels[step]) : null;
      if (was !== now) out.push(`${zh(STEP_LABELS[step])}：${was === null ? now : `${was} → ${now}`}`);
    }
    const email = (v: unknown) => (v === false ? '不发' : '发送');
    if (!wasChannels || wasChannels.email !== channels.email) out.push(`${zh('channelsAlsoEmail')}：${wasChannels ? `${email(wasChannels.email)} → ` : ''}${email(channels.email)}`);
  }
  return out.length ? out : ['未作改动'];
}

/** Who acted, as the trail shows it: the person, else what acted for them, in the reader's language. */
export function actorOf(person: { name: string } | null, label: string, t: TTranslate): string {
  if (person) return person.name;
  return t(label === 'cli' ? 'actorCli' : label === 'demo' ? 'actorDemo' : 'actorSystem');
}

const EDIT_FIELDS: Record<string, string> = { lead: '牵头单位', cooperating: '配合单位', due: '完成期限', targets: '目标', schedule: '报送安排' };


/** What changed, in the words a coordinator or an inspector reads; unit ids become names. */
function detailsOf(action: string, data: TData, unitName: (id: unknown) => string): string[] {
  switch (action) {
    case 'plan.import':
      return [`${str(data.measures)} 项措施，${str(data.warnings)} 条提示${data.fileName ? `（${str(data.fileName)}）` : ''}${data.again ? '，同一文件再次导入' : ''}`];
    case 'plan.launch':
      return [`新启动 ${str(data.started)} 项，已在运行 ${str(data.alreadyRunning)} 项`];
    case 'plan.settings_changed':
      return settingsDetails(data);
    case 'plan.discard':
      return [str(data.reason)];
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
      return [`${periodLabel(str(data.period))}：${str(data.from)} → ${str(data.due)}`];
    case 'measure.decide-extension':
      return [data.approve ? '同意' : '不同意'];
    case 'evidence.deleted':
      return [str(data.name)];
    case 'measure.review-report':
      return [data.decision === 'accept' ? '通过' : `退回，${str(data.reworkDue)} 前重报`];
    case 'measure.return-part':
      return [`牵头单位退回，${str(data.reworkDue)} 前重报`];
    default:
      return [];
  }
}

/**
 * The plan's audit trail, newest first, a page at a time: who did what to the plan and its measures, and why; each
 * action named in the reader's language.
 */
export async function planAudit(db: Db, plan: { id: string; title: string }, query: TPlanAuditQuery, locale: TLocale): Promise<TPlanAudit> {
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
      actor: actorOf(r.actor, r.actorLabel, translator(locale)),
      action: r.action,
      label: sayIn({ text: auditLabel(r.action) }, locale),
      measure: r.subjectType === 'measure' ? (byId.get(r.subjectId) ?? null) : null,
      reason: typeof data.reason === 'string' ? data.reason : null,
      details: detailsOf(r.action, data, unitName).filter(Boolean),
    };
  });
  return { plan: { id: plan.id, title: plan.title }, entries, next: rows.length > query.limit ? String(page.at(-1)!.id) : null };
}

/**
 * The whole trail (or one measure's) as a CSV file in Chinese, oldest first as an inspector reads it; pages read 500
 * at a time.
 */
export async function planAuditCsv(db: Db, plan: { id: string; title: string }, query: Pick<TPlanAuditQuery, 'measureId'>): Promise<string> {
  const entries: TAuditEntry[] = [];
  let before: number | undefined;
  do {
    const page = await planAudit(db, plan, { measureId: query.measureId, before, limit: 500, format: 'json' }, 'zh');
    entries.push(...page.entries);
    before = page.next === null ? undefined : Number(page.next);
  } while (before !== undefined);
  return csvFile([
    [`${plan.title} 操作记录`],
    ['时间', '操作人', '操作', '措施编号', '措施', '内容', '理由'],
    ...entries
      .reverse()
      .map((e) => [shanghaiTime(new Date(e.at), 'minute'), e.actor, e.label, e.measure?.ref ?? '', e.measure?.title ?? '', e.details.join('；'), e.reason ?? '']),
  ]);
}
