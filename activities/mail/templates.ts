import type { TStep } from '../../domain/ladder';

export type TMailFacts = {
  planTitle: string;
  measureRef: string;
  measureTitle: string;
  measureText: string;
  unitName: string;
  role: 'lead' | 'cooperating';
  link: string;
  targets: { text: string }[];
  periods: { key: string; due: string }[];
  period?: string;
  due?: string;
  workingDaysLate?: number;
  missing?: string[];
  leaderName?: string | null;
};
export type TRendered = { subject: string; html: string; text: string };
export type TMailKind = 'notice' | TStep;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ROLE: Record<TMailFacts['role'], string> = { lead: '牵头单位', cooperating: '配合单位' };
const CN_Q = ['一', '二', '三', '四'];

/** 2026-H1 → 2026年上半年, 2026-Q3 → 2026年第三季度, 2026-07 → 2026年7月, final → 最终. */
export function periodLabel(key: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return `${m[1]}年${m[2] === '1' ? '上' : '下'}半年`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return `${m[1]}年第${CN_Q[Number(m[2]) - 1]}季度`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) return `${m[1]}年${Number(m[2])}月`;
  if (key === 'final') return '最终';
  return `${key} 节点`;
}

const cnDate = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

function heading(kind: TMailKind, f: TMailFacts): { subject: string; lead: string } {
  const what = `“${f.measureTitle}”`;
  const p = f.period ? periodLabel(f.period) : '';
  const due = f.due ? cnDate(f.due) : '';
  const late = f.workingDaysLate ?? 0;
  switch (kind) {
    case 'notice':
      return { subject: `【督办】任务交办：${f.measureTitle}（${ROLE[f.role]}）`, lead: `${f.unitName}：经《${f.planTitle}》分工，贵单位为第 ${f.measureRef} 项任务${what}的${ROLE[f.role]}，请按时推进并报送进展。` };
    case 'reminder':
      return { subject: `【督办】报送提醒：${f.measureTitle} ${p}进展将于${due}到期`, lead: `${f.unitName}：${what}${p}进展报告将于${due}到期，请及时报送。` };
    case 'due':
      return { subject: `【督办】今日到期：${f.measureTitle} ${p}进展`, lead: `${f.unitName}：${what}${p}进展报告今日（${due}）到期，尚未收到贵单位报送，请于今日内报送。` };
    case 'urge':
      return { subject: `【催办】${f.unitName}：${f.measureTitle} ${p}进展已逾期${late}个工作日`, lead: `${f.unitName}：${what}${p}进展报告应于${due}报送，现已逾期 ${late} 个工作日，请立即报送。` };
    case 'supervise':
      return { subject: `【督办单】${f.unitName}：${f.measureTitle} 逾期${late}个工作日`, lead: `${f.leaderName ? `${f.leaderName}同志` : '分管领导'}：您分管的${f.unitName}${what}${p}进展报告应于${due}报送，现已逾期 ${late} 个工作日，经催办仍未报送，请督促落实。` };
    case 'coordinator':
      return { subject: `【督办升级】${f.unitName}：${f.measureTitle} 逾期${late}个工作日，请协调`, lead: `牵头协调办公室：${f.unitName}${what}${p}进展报告应于${due}报送，现已逾期 ${late} 个工作日，经催办、督办仍未报送，请协调处理。` };
  }
}

/** Chinese email in HTML and plain text, each with the link to the item. */
export function renderMeasureMail(kind: TMailKind, f: TMailFacts): TRendered {
  const { subject, lead } = heading(kind, f);
  const rows: [string, string][] = [
    ['计划', f.planTitle],
    ['任务', `${f.measureRef} ${f.measureTitle}`],
    ['责任单位', `${f.unitName}（${ROLE[f.role]}）`],
  ];
  if (f.period && f.due) rows.push(['应报事项', `${periodLabel(f.period)}进展报告，应于 ${cnDate(f.due)} 前报送`]);
  if (f.workingDaysLate) rows.push(['逾期', `${f.workingDaysLate} 个工作日`]);
  if (f.missing?.length) rows.push(['尚缺', f.missing.join('；')]);
  if (kind === 'notice') {
    rows.push(['任务内容', f.measureText]);
    if (f.targets.length) rows.push(['目标指标', f.targets.map((t) => t.text).join('；')]);
    rows.push(['报送节点', f.periods.map((p) => `${periodLabel(p.key)}：${cnDate(p.due)}前`).join('；')]);
  }
  const howTo = `报送方式：打开 ${f.link} 填报进展（状态、完成比例、工作进展、指标数值、附件链接），或使用命令 duban progress submit。`;
  const title = kind === 'supervise' ? '督办单' : '督办通知';
  const text = [lead, '', ...rows.map(([k, v]) => `${k}：${v}`), '', howTo, `链接：${f.link}`].join('\n');
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif"><h2>${title}</h2><p>${esc(lead)}</p>
<table style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 8px;border:1px solid #ccc;white-space:nowrap">${esc(k)}</th><td style="padding:4px 8px;border:1px solid #ccc">${esc(v)}</td></tr>`).join('')}</table>
<p><a href="${esc(f.link)}">打开任务，报送进展</a></p><p style="color:#666">${esc(howTo)}</p></body></html>`;
  return { subject, html, text };
}
