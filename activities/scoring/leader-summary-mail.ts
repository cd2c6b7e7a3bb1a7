import { shanghaiDate, shanghaiTime } from '../../calendar/working-days';
import { cnDate } from '../../domain/dates';
import { reportLabel } from '../../domain/schedule';
import { escapeHtml as esc, headerLine, plainText } from '../../lib/escape';
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
    escalations: { unit: string; ref: string; title: string; level: TEscalationLevel; period: string; workingDaysLate: number; sentAt: Date }[];
  }[];
};

const CELL = 'padding:6px 8px;border:1px solid #d0d0d0';
const TH = `${CELL};background:#f5f5f5;font-weight:normal;white-space:nowrap;text-align:left`;
const TD = `${CELL};text-align:right;white-space:nowrap`;

/** 2027-01-12T01:00Z → 2027年1月12日 09:00, in Shanghai. */
const cnTime = (at: Date) => `${cnDate(shanghaiDate(at))} ${shanghaiTime(at).slice(11)}`;

/**
 * The leader's periodic summary in Chinese, as HTML and plain text saying the same: scores, what is overdue, what
 * was escalated. Dates are written the Chinese way and periods by name (2026年下半年), as in every other email.
 */
export function leaderSummaryMail(s: TLeaderSummary): { subject: string; html: string; text: string } {
  const asOfDate = shanghaiDate(s.asOf);
  const sinceDate = shanghaiDate(s.since);
  const window = sinceDate.slice(0, 4) === asOfDate.slice(0, 4) ? `${cnDate(sinceDate)}至${cnDate(asOfDate).slice(5)}` : `${cnDate(sinceDate)}至${cnDate(asOfDate)}`;
  const subject = headerLine(`【督办】${s.leader.name}同志分管单位督办情况（截至${cnDate(asOfDate)}）`);
  const greeting = `${s.leader.name}同志：`;
  const intro = `现将截至${cnTime(s.asOf)}您分管单位的考核得分、逾期未报事项，以及${window}的催办督办情况报告如下。`;
  const footer = '本邮件由督办系统自动发送。';
  const overdueLine = (o: TLeaderSummary['plans'][number]['overdue'][number]) =>
    `${o.ref} ${o.title} · ${o.unit}（${ROLE_NAMES[o.role]}）：${reportLabel(o.period)}应于${cnDate(shanghaiDate(o.dueAt))}前报送，已逾期${o.workingDaysLate}个工作日`;
  const escalationLine = (e: TLeaderSummary['plans'][number]['escalations'][number]) =>
    `${cnTime(e.sentAt)} ${LEVEL_NAMES[e.level]} · ${e.unit} · ${e.ref} ${e.title} · ${reportLabel(e.period)}（逾期${e.workingDaysLate}个工作日）`;

  const text: string[] = ['分管单位督办情况', '', greeting, intro];
  const html: string[] = [
    `<h2 style="margin:0 0 12px;font-size:20px;color:#b00000;text-align:center">分管单位督办情况</h2>`,
    `<p style="margin:0 0 12px">${esc(greeting)}</p><p style="margin:0 0 12px">${esc(intro)}</p>`,
  ];

  for (const p of s.plans) {
    text.push('', `■ 《${p.title}》（全计划得分${p.planPoints}分，${p.planGrade}）`, '  考核得分：');
    for (const u of p.units) text.push(`  - ${u.name}：${u.points}分（${u.grade}），第${u.rank}/${u.of}名，逾期未报${u.overdue}项`);
    text.push(p.overdue.length ? `  逾期未报（${p.overdue.length}项）：` : '  逾期未报：无');
    for (const o of p.overdue) text.push(`  - ${overdueLine(o)}`);
    text.push(p.escalations.length ? `  本期催办督办（${p.escalations.length}次）：` : '  本期催办督办：无');
    for (const e of p.escalations) text.push(`  - ${escalationLine(e)}`);

    const list = (items: string[]) => (items.length ? [`<ul style="margin:0 0 12px;padding-left:20px">`, ...items.map((i) => `<li style="margin:0 0 4px">${esc(i)}</li>`), '</ul>'] : []);
    html.push(
      `<h3 style="margin:20px 0 8px;font-size:17px">《${esc(p.title)}》<span style="font-size:14px;font-weight:normal;color:#555555">全计划得分${p.planPoints}分（${esc(p.planGrade)}）</span></h3>`,
      `<table style="width:100%;border-collapse:collapse;margin:0 0 12px"><thead><tr><th style="${TH}">单位</th><th style="${TH}">得分</th><th style="${TH}">等级</th><th style="${TH}">排名</th><th style="${TH}">逾期未报</th></tr></thead><tbody>`,
      ...p.units.map((u) => `<tr><td style="${CELL}">${esc(u.name)}</td><td style="${TD}">${u.points}</td><td style="${CELL};white-space:nowrap">${esc(u.grade)}</td><td style="${TD}">${u.rank}/${u.of}</td><td style="${TD}">${u.overdue}</td></tr>`),
      '</tbody></table>',
      `<h4 style="margin:12px 0 6px;font-size:15px">逾期未报${p.overdue.length ? `（${p.overdue.length}项）` : '：无'}</h4>`,
      ...list(p.overdue.map(overdueLine)),
      `<h4 style="margin:12px 0 6px;font-size:15px">本期催办督办${p.escalations.length ? `（${p.escalations.length}次）` : '：无'}</h4>`,
      ...list(p.escalations.map(escalationLine)),
    );
  }
  text.push('', `查看分管单位详情：${s.link}`, '', footer);
  html.push(
    `<p style="margin:16px 0 12px"><a href="${esc(s.link)}" style="display:inline-block;padding:8px 16px;background:#b00000;color:#ffffff;text-decoration:none;border-radius:4px">查看分管单位详情</a></p>`,
    `<p style="margin:0 0 12px;font-size:13px;color:#666666;word-break:break-all">链接：<a href="${esc(s.link)}" style="color:#1a5fb4">${esc(s.link)}</a></p>`,
    `<p style="margin:16px 0 0;padding-top:8px;border-top:1px solid #e0e0e0;font-size:13px;color:#666666">${footer}</p>`,
  );
  return {
    subject,
    text: plainText(text.join('\n')),
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff"><div style="max-width:640px;margin:0 auto;padding:16px;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#222222">
${html.join('\n')}
</div></body></html>`,
  };
}
