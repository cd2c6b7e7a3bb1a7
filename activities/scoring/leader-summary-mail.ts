import { shanghaiDate, shanghaiTime } from '../../calendar/working-days';
import { LEVEL_NAMES, ROLE_NAMES } from '../../scoring/rubric';
import type { TEscalationLevel, TRole } from '../../scoring/types';

export type TLeaderSummary = {
  leader: { id: string; name: string; email: string };
  /** The Shanghai date the summary is for; part of the outbox key. */
  periodKey: string;
  since: Date;
  asOf: Date;
  link: string;
  plans: {
    planId: string;
    title: string;
    planPoints: number;
    planGrade: string;
    units: { name: string; points: number; grade: string; rank: number; of: number; overdue: number }[];
    overdue: { unit: string; ref: string; title: string; role: TRole; period: string; dueAt: Date; workingDaysLate: number }[];
    escalations: { unit: string; ref: string; level: TEscalationLevel; period: string; workingDaysLate: number; sentAt: Date }[];
  }[];
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The leader's periodic summary in Chinese, as HTML and plain text: scores, what is overdue, what was escalated. */
export function leaderSummaryMail(s: TLeaderSummary): { subject: string; html: string; text: string } {
  const window = `${shanghaiDate(s.since)} 至 ${shanghaiDate(s.asOf)}`;
  const subject = `【督办周报】${s.leader.name}分管单位考核与督办情况（截至 ${shanghaiDate(s.asOf)}）`;
  const text: string[] = [`${s.leader.name}：`, '', `以下是您分管单位截至 ${shanghaiTime(s.asOf)} 的考核得分、逾期事项和 ${window} 的督办情况。`];
  const html: string[] = [`<p>${esc(s.leader.name)}：</p><p>以下是您分管单位截至 ${shanghaiTime(s.asOf)} 的考核得分、逾期事项和 ${window} 的督办情况。</p>`];

  for (const p of s.plans) {
    text.push('', `■ ${p.title}（全计划得分 ${p.planPoints}，${p.planGrade}）`, '  考核得分：');
    for (const u of p.units) text.push(`  - ${u.name}：${u.points} 分（${u.grade}），第 ${u.rank}/${u.of} 名，逾期未报 ${u.overdue} 项`);
    text.push(p.overdue.length ? `  逾期未报（${p.overdue.length} 项）：` : '  逾期未报：无');
    for (const o of p.overdue) text.push(`  - ${o.ref} ${o.title} · ${o.unit}（${ROLE_NAMES[o.role]}）· ${o.period} 期，期限 ${shanghaiDate(o.dueAt)}，已逾期 ${o.workingDaysLate} 个工作日`);
    text.push(p.escalations.length ? `  本期督办（${p.escalations.length} 次）：` : '  本期督办：无');
    for (const e of p.escalations) text.push(`  - ${LEVEL_NAMES[e.level]} ${shanghaiTime(e.sentAt)} · ${e.unit} · ${e.ref} · ${e.period} 期（逾期 ${e.workingDaysLate} 个工作日）`);

    html.push(
      `<h3>${esc(p.title)} <small>全计划得分 ${p.planPoints}（${esc(p.planGrade)}）</small></h3>`,
      '<table border="1" cellspacing="0" cellpadding="4"><thead><tr><th>单位</th><th>得分</th><th>等级</th><th>排名</th><th>逾期未报</th></tr></thead><tbody>',
      ...p.units.map((u) => `<tr><td>${esc(u.name)}</td><td>${u.points}</td><td>${esc(u.grade)}</td><td>${u.rank}/${u.of}</td><td>${u.overdue}</td></tr>`),
      '</tbody></table>',
      `<h4>逾期未报${p.overdue.length ? `（${p.overdue.length} 项）` : '：无'}</h4>`,
      ...(p.overdue.length
        ? ['<ul>', ...p.overdue.map((o) => `<li>${esc(o.ref)} ${esc(o.title)} · ${esc(o.unit)}（${ROLE_NAMES[o.role]}）· ${esc(o.period)} 期，期限 ${shanghaiDate(o.dueAt)}，已逾期 ${o.workingDaysLate} 个工作日</li>`), '</ul>']
        : []),
      `<h4>本期督办${p.escalations.length ? `（${p.escalations.length} 次）` : '：无'}</h4>`,
      ...(p.escalations.length
        ? ['<ul>', ...p.escalations.map((e) => `<li>${LEVEL_NAMES[e.level]} ${shanghaiTime(e.sentAt)} · ${esc(e.unit)} · ${esc(e.ref)} · ${esc(e.period)} 期（逾期 ${e.workingDaysLate} 个工作日）</li>`), '</ul>']
        : []),
    );
  }
  text.push('', `查看详情：${s.link}`);
  html.push(`<p><a href="${esc(s.link)}">查看分管单位详情</a></p>`);
  return {
    subject,
    text: text.join('\n'),
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body>${html.join('\n')}</body></html>`,
  };
}
