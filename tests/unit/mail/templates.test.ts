import { describe, expect, it } from 'vitest';
import { periodLabel } from '../../../domain/schedule';
import { DIGEST_KINDS, renderDigestMail, renderExtensionMail, renderMeasureMail, subjectTitle, SUBJECT_TITLE_MAX, type TMailFacts, type TMailKind } from '../../../activities/mail/templates';
import { leaderSummaryMail } from '../../../activities/scoring/leader-summary-mail';
import { loginLinkMail } from '../../../api/auth/sign-in';

const facts: TMailFacts = {
  planTitle: '2026年质量强市工作行动计划',
  measureRef: '一/（一）',
  measureTitle: '健全质量工作考核机制',
  measureText: '将质量工作纳入<政府绩效考核>，完善考核办法。\n（市质监局牵头）',
  unitName: '市财政局',
  role: 'lead',
  link: 'https://duban.example.gov.cn/items/a1',
  targets: [{ text: '合格率稳定在93%以上' }],
  periods: [
    { key: '2026-H1', due: '2026-07-15' },
    { key: '2026-09-30', due: '2026-09-30' },
  ],
  leaderName: '王建国',
  coordinatorName: '市质量强市办',
};
const late = { period: '2026-H1', due: '2026-07-15', workingDaysLate: 3, missingIndicators: ['合格率'] };
const KINDS: TMailKind[] = ['notice', 'reminder', 'due', 'urge', 'supervise', 'coordinator'];
const render = (kind: TMailKind, extra: Partial<TMailFacts> = {}) => renderMeasureMail(kind, { ...facts, ...(kind === 'notice' ? {} : late), ...extra });

describe('measure emails', () => {
  it('all carry the 【督办】 prefix and name the measure and what they are about in the subject', () => {
    expect(KINDS.map((k) => render(k).subject)).toEqual([
      '【督办】任务交办：“健全质量工作考核机制”（牵头单位）',
      '【督办】报送提醒：“健全质量工作考核机制”2026年上半年进展报告请于2026年7月15日前报送',
      '【督办】今日到期：“健全质量工作考核机制”2026年上半年进展报告请于今日报送',
      '【督办】催办：市财政局“健全质量工作考核机制”2026年上半年进展报告已逾期3个工作日',
      '【督办】督办单：市财政局“健全质量工作考核机制”2026年上半年进展报告已逾期3个工作日',
      '【督办】提请协调：市财政局“健全质量工作考核机制”2026年上半年进展报告已逾期3个工作日',
    ]);
  });

  it('shorten a long title in the subject at a whole character, and keep it whole in the body', () => {
    const title = `推进𠮷${'质量基础设施一站式服务'.repeat(4)}`;
    const mail = render('urge', { measureTitle: title });
    expect(subjectTitle(title)).toHaveLength(SUBJECT_TITLE_MAX + 1); // 𠮷 is two UTF-16 units
    expect(mail.subject).toContain(`“${Array.from(title).slice(0, SUBJECT_TITLE_MAX - 1).join('')}…”`);
    expect(mail.subject).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(mail.text).toContain(`“${title}”`);
    expect(subjectTitle('加强\n组织领导')).toBe('加强 组织领导');
  });

  it('write every date the Chinese way, and name custom periods by their date', () => {
    expect(periodLabel('2026-09-30')).toBe('2026年9月30日节点');
    for (const kind of KINDS) {
      const { text, html } = render(kind);
      expect(text.replace(facts.link, '')).not.toMatch(/\d{4}-\d{2}(-\d{2})?|H[12]\b/);
      expect(html.replaceAll(facts.link, '')).not.toMatch(/\d{4}-\d{2}(-\d{2})?/);
    }
    expect(render('notice').text).toContain('报送节点：2026年上半年：2026年7月15日前；2026年9月30日节点：2026年9月30日前');
  });

  it('say the same in plain text and HTML, with the link to the item in both', () => {
    for (const kind of KINDS) {
      const { text, html } = render(kind);
      const plain = html.replace(/<[^>]+>/g, '\n').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
      for (const line of text.split('\n').filter(Boolean)) {
        const [label, value] = line.includes('：') && !line.startsWith(facts.unitName) ? [line.slice(0, line.indexOf('：')), line.slice(line.indexOf('：') + 1)] : [line, ''];
        expect(plain, `${kind}: ${line}`).toContain(label);
        for (const part of value.split('\n')) expect(plain, `${kind}: ${line}`).toContain(part);
      }
      expect(text).toContain(facts.link);
      expect(html).toContain(`href="${facts.link}"`);
    }
  });

  it('escape what units and coordinators typed, and keep its line breaks', () => {
    const { html } = render('notice', { unitName: '市<b>财政</b>局', planTitle: 'A & B' });
    expect(html).not.toContain('<b>');
    expect(html).toContain('市&lt;b&gt;财政&lt;/b&gt;局');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('纳入&lt;政府绩效考核&gt;，完善考核办法。<br>（市质监局牵头）');
  });

  it('are laid out for a phone: inline styles only, no external resources, a bounded column', () => {
    for (const kind of KINDS) {
      const { html } = render(kind);
      expect(html).toContain('name="viewport"');
      expect(html).toContain('max-width:640px');
      expect(html).not.toMatch(/<link|<style|<img|<script|src=/);
    }
  });

  it('ask units to report and leaders and the office to follow up, with no command line in the text', () => {
    expect(render('urge').text).toContain('请登录督办系统，在任务页面填报进展');
    expect(render('supervise').text).toContain('王建国同志：您分管的市财政局承担的“健全质量工作考核机制”任务');
    expect(render('supervise').text).toContain('请督促该单位尽快报送');
    expect(render('supervise').text).not.toContain('填报进展');
    expect(render('coordinator').text).toMatch(/^提请协调\n\n市质量强市办：/);
    expect(render('urge').text).toContain('如有疑问，请与市质量强市办联系。');
    expect(render('coordinator').text).not.toContain('请与市质量强市办联系');
    expect(render('due', { redirected: 'no-contact' }).text).not.toContain('请与市质量强市办联系');
    for (const kind of KINDS) expect(render(kind).text).not.toMatch(/duban |[a-z]{4,} [a-z]{4,}/);
  });

  it('state in the 督办单 what is due, who owes it, how late and what is missing', () => {
    const { text } = render('supervise');
    expect(text).toContain('督办单');
    expect(text).toContain('责任单位：市财政局（牵头单位）');
    expect(text).toContain('应报事项：2026年上半年进展报告');
    expect(text).toContain('报送期限：2026年7月15日前');
    expect(text).toContain('逾期时间：3个工作日');
    expect(text).toContain('尚缺材料：2026年上半年进展报告；指标“合格率”的报送数值');
  });
});

describe('digests: one email for a unit’s several items of one kind', () => {
  const second: TMailFacts = { ...facts, measureRef: '二/（三）', measureTitle: '完善<质量>激励政策', measureText: '出台激励办法。', role: 'cooperating', link: 'https://duban.example.gov.cn/items/a2', targets: [] };
  const followUp = [
    { instructedBy: '王副市长', instruction: '请加快进度', replyBy: '2026-03-06', subtaskTitle: '起草实施细则', assigneeName: '孙科长', subtaskDue: '2026-03-10' },
    { instructedBy: '王副市长', instruction: '请补充数据', replyBy: '2026-03-06', subtaskTitle: '汇总基层数据', assigneeName: '孙科长', subtaskDue: '2026-03-10' },
  ];
  const items = (kind: (typeof DIGEST_KINDS)[number]) => [facts, second].map((f, i) => ({ ...f, ...(kind === 'notice' ? {} : late), ackDue: '2026-03-04', ...followUp[i] }));
  const isSubtask = (kind: string) => kind.startsWith('subtask-');

  it('say how many items and what they have in common in the subject and the lead paragraph', () => {
    expect(DIGEST_KINDS.map((k) => renderDigestMail(k, items(k)).subject)).toEqual([
      '【督办】任务交办：《2026年质量强市工作行动计划》2项任务（牵头1项、配合1项）',
      '【督办】报送提醒：2项任务进展报告请于2026年7月15日前报送',
      '【督办】今日到期：2项任务进展报告请于今日报送',
      '【督办】催办：市财政局2项任务进展报告已逾期3个工作日',
      '【督办】签收提醒：2项任务请尽快签收',
      '【督办】逾期未签收：1个单位2项任务',
      '【督办】批示落实提醒：2项批示请于今日回复落实情况',
      '【督办】批示逾期未回复：1个单位2项批示',
      '【督办】分解任务今日到期：2项分解任务',
      '【督办】分解任务逾期：2项分解任务尚未完成',
      '【督办】配合单位报送：2份报告待汇总',
    ]);
    expect(renderDigestMail('instruction-reminder', items('instruction-reminder')).text).toContain('市财政局：以下2项领导批示的落实情况应于2026年3月6日前回复，目前尚未收到贵单位回复，请于今日内回复。');
    expect(renderDigestMail('subtask-due', items('subtask-due')).text).toContain('孙科长：您负责的以下2项分解任务应于今日（2026年3月10日）完成');
    expect(renderDigestMail('ack-reminder', items('ack-reminder')).text).toContain('市财政局：贵单位承担的以下2项任务应于2026年3月4日前签收，目前尚未签收。');
    expect(renderDigestMail('ack-office', items('ack-office')).text).toContain('未签收单位：市财政局（共1个）');
    expect(renderDigestMail('notice', items('notice')).text).toContain('市财政局：根据《2026年质量强市工作行动计划》分工，贵单位承担以下2项任务（牵头1项、配合1项）。');
    expect(renderDigestMail('urge', items('urge')).text).toContain('市财政局：贵单位承担的以下2项任务，进展报告应于2026年7月15日前报送，现已逾期3个工作日，请立即报送。');
  });

  it('list every item with its own facts and its own link, in plain text and HTML alike', () => {
    for (const kind of DIGEST_KINDS) {
      const { text, html } = renderDigestMail(kind, items(kind));
      // A sub-task is named by itself, its measure beside it.
      expect(text).toContain(isSubtask(kind) ? '1. 起草实施细则' : '1. 一/（一） 健全质量工作考核机制（牵头单位）');
      expect(text).toContain(isSubtask(kind) ? '所属任务：二/（三） 完善<质量>激励政策' : '2. 二/（三） 完善<质量>激励政策（配合单位）');
      for (const link of [facts.link, second.link]) {
        expect(text).toContain(`任务页面：${link}`);
        expect(html).toContain(`href="${link}"`);
      }
      expect(text.replace(/https:\S+/g, '')).not.toMatch(/\d{4}-\d{2}(-\d{2})?|H[12]\b/);
    }
    const notice = renderDigestMail('notice', items('notice')).text;
    expect(notice).toContain('   任务内容：出台激励办法。');
    expect(notice).toContain('   报送节点：2026年上半年：2026年7月15日前；2026年9月30日节点：2026年9月30日前');
    expect(notice).toContain('   目标指标：合格率稳定在93%以上');
    expect(renderDigestMail('urge', items('urge')).text).toContain('   尚缺材料：2026年上半年进展报告；指标“合格率”的报送数值');
    expect(renderDigestMail('ack-office', items('ack-office')).text).toContain('   责任单位：市财政局');
    expect(renderDigestMail('instruction-office', items('instruction-office')).text).toContain('   批示内容：请补充数据');
  });

  it('name each item’s plan when the items come from several plans', () => {
    const text = renderDigestMail('reminder', [{ ...facts, ...late }, { ...second, ...late, planTitle: '另一计划' }]).text;
    expect(text).toContain('   所属计划：《2026年质量强市工作行动计划》');
    expect(text).toContain('   所属计划：《另一计划》');
    expect(text).not.toMatch(/^所属计划/m);
  });

  it('escape what units and coordinators typed, and say why the office got a unit’s digest', () => {
    const hostile = items('due').map((f) => ({ ...f, unitName: '市<script>alert(1)</script>局', measureTitle: '</h3><img src=x onerror=alert(1)>', redirected: 'no-contact' as const }));
    const { html, text } = renderDigestMail('due', hostile);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;/h3&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toContain('本邮件发送至市质量强市办，请转交该单位并补登联系人');
    expect(text).not.toContain('如有疑问');
  });
});

describe('延期 emails', () => {
  const ext = {
    ...facts,
    link: 'https://duban.example.gov.cn/plans/p1/measures/m1#extensions',
    period: '2026-H1',
    originalDue: '2026-07-15',
    requestedDue: '2026-07-31',
    reason: '专项检查<尚未>结束',
    requestedBy: '陈联络',
    status: 'pending' as const,
    decisionNote: null,
  };

  it('ask the coordinating office to decide a request before the original date, which stands until then', () => {
    const mail = renderExtensionMail('extension-requested', ext);
    expect(mail.subject).toBe('【督办】延期申请待审批：市财政局“健全质量工作考核机制”2026年上半年进展报告申请延至2026年7月31日');
    expect(mail.text).toContain('市质量强市办：市财政局申请将“健全质量工作考核机制”任务2026年上半年进展报告的报送期限由2026年7月15日延至2026年7月31日，请审批。');
    expect(mail.text).toContain('审批前，该单位仍应按原期限报送');
    expect(mail.text).toContain('申请理由：专项检查<尚未>结束');
    expect(mail.html).toContain('专项检查&lt;尚未&gt;结束');
    expect(mail.text).toContain(`审批延期申请：${ext.link}`);
  });

  it('tell the unit the date it now reports by, or that the original one stands', () => {
    const approved = renderExtensionMail('extension-decided', { ...ext, status: 'approved' });
    expect(approved.subject).toBe('【督办】延期申请已同意：“健全质量工作考核机制”2026年上半年进展报告延至2026年7月31日前报送');
    expect(approved.text).toContain('审批结果：同意');
    const refused = renderExtensionMail('extension-decided', { ...ext, status: 'refused', decisionNote: '检查周期已考虑在内' });
    expect(refused.subject).toBe('【督办】延期申请未获同意：“健全质量工作考核机制”2026年上半年进展报告仍须于2026年7月15日前报送');
    expect(refused.text).toContain('报送期限仍为2026年7月15日，逾期按原期限计算。');
    expect(refused.text).toContain('审批意见：检查周期已考虑在内');
    expect(refused.text).toContain('如有疑问，请与市质量强市办联系。');
  });
});

describe('the leader summary', () => {
  const summary = leaderSummaryMail({
    leader: { id: 'l', name: '王建国', email: 'w@gov.example' },
    periodKey: '2027-01-18',
    since: new Date('2027-01-11T08:00:00+08:00'),
    asOf: new Date('2027-01-18T08:00:00+08:00'),
    link: 'https://duban.example.gov.cn/leader',
    plans: [
      {
        planId: 'p',
        title: '大气<和>工业整治工作方案',
        planPoints: 87.5,
        planGrade: '良好',
        units: [{ name: '市环保局', points: 80, grade: '良好', rank: 1, of: 2, overdue: 1 }],
        overdue: [{ unit: '市环保局', ref: '一/(一)', title: '大气污染防治', role: 'cooperating', period: '2026-H2', dueAt: new Date('2026-12-31T00:00:00+08:00'), workingDaysLate: 11 }],
        escalations: [{ unit: '市环保局', ref: '一/(一)', title: '大气污染防治', level: 'coordinator', period: '2026-12-31', workingDaysLate: 7, sentAt: new Date('2027-01-12T09:00:00+08:00') }],
      },
    ],
  });

  it('has the 【督办】 prefix, Chinese dates and named periods, in text and HTML alike', () => {
    expect(summary.subject).toBe('【督办】王建国同志分管单位督办情况（截至2027年1月18日）');
    expect(summary.text).toContain('王建国同志：');
    expect(summary.text).toContain('截至2027年1月18日 08:00');
    expect(summary.text).toContain('2027年1月11日至1月18日');
    const overdue = '一/(一) 大气污染防治 · 市环保局（配合）：2026年下半年进展报告应于2026年12月31日前报送，已逾期11个工作日';
    const escalation = '2027年1月12日 09:00 提请协调 · 市环保局 · 一/(一) 大气污染防治 · 2026年12月31日节点进展报告（逾期7个工作日）';
    for (const line of [overdue, escalation]) {
      expect(summary.text).toContain(line);
      expect(summary.html).toContain(line);
    }
    expect(summary.text.replace('https://duban.example.gov.cn/leader', '')).not.toMatch(/\d{4}-\d{2}|H[12]\b/);
    expect(summary.html).toContain('大气&lt;和&gt;工业整治工作方案');
    expect(summary.html).toContain('max-width:640px');
    expect(summary.html).not.toMatch(/<link|<style|<img|<script/);
  });
});

describe('the sign-in link', () => {
  it('is in Chinese with the 【督办】 prefix, and escapes the name', () => {
    const mail = loginLinkMail('张<三>', 'https://duban.example.gov.cn/auth/link?token=abc&x=1');
    expect(mail.subject).toBe('【督办】督办系统登录链接');
    expect(mail.subject).not.toMatch(/[A-Za-z]/);
    expect(mail.text).toContain('张<三>，您好：');
    expect(mail.text).toContain('https://duban.example.gov.cn/auth/link?token=abc&x=1');
    expect(mail.html).toContain('张&lt;三&gt;');
    expect(mail.html).toContain('href="https://duban.example.gov.cn/auth/link?token=abc&amp;x=1"');
    expect(mail.text).toContain('15分钟内');
  });
});
