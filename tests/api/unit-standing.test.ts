import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';

describe('a unit sees its own standing on its page', () => {
  test('its score with the breakdown line by line, and its returned reports with why and by when; another unit sees none of it', async ({ t, w, memberA, memberB }) => {
    await t.db.score.create({
      data: {
        planId: w.plan.id,
        scope: 'unit',
        year: 0,
        subjectId: w.unitA.id,
        points: 83.9,
        maxPoints: 100,
        grade: '良好',
        rubricVersion: 1,
        computedAt: new Date('2027-01-20T02:00:00Z'),
        breakdown: [
          { component: 'completion', points: 60, max: 60, explanation: '2026-H1进展报告按时报送（完成60分）', event: null },
          { component: 'timeliness', points: -6.1, max: 0, explanation: '2026-H2进展报告逾期3个工作日，扣6.1分', event: null },
        ],
      },
    });
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
    await t.db.progressReport.update({
      where: { id: report.id },
      data: { review: 'returned', reviewReason: '缺少抽检报告原件', reworkDue: new Date('2027-01-25T00:00:00+08:00'), reviewedAt: new Date('2027-01-20T03:00:00Z') },
    });

    const page = await t.app.inject({ method: 'GET', url: '/items', headers: { cookie: memberA.cookie } });
    expect(page.statusCode).toBe(200);
    const standing = page.body.slice(page.body.indexOf('id="standing"'));
    expect(standing).toContain('本单位考核情况');
    expect(standing).toContain(`data-score="${w.plan.id}"><b>得分：83.9</b> / 100 · 等级：良好`);
    expect(standing).toMatch(/<td>2026-H1进展报告按时报送（完成60分）<\/td><td[^>]*>60 \/ 60<\/td>/);
    expect(standing).toMatch(/<td>2026-H2进展报告逾期3个工作日，扣6.1分<\/td><td[^>]*>-6.1<\/td>/);
    expect(standing).toContain(`<a href="/items/${w.assignmentA.id}">`);
    expect(standing).toContain('已退回：缺少抽检报告原件。请于 2027-01-25 前重新报送');

    const other = await t.app.inject({ method: 'GET', url: '/items', headers: { cookie: memberB.cookie } });
    expect(other.body).toContain('尚未计分');
    expect(other.body).toContain('暂无被退回的报告');
    expect(other.body).not.toContain('缺少抽检报告原件');
  });
});
