import type { TText } from '../lib/text';
import { MEASURE_ACTIONS } from './measures/measure-actions';
import { decideExtensionAudit } from './measures/decide-extension';
import { returnPartAudit } from './reviews/return-part';
import { reviewReportAudit } from './reviews/review-report';

/** The recorded actions that are not a coordinator's action on a running measure (those are MEASURE_ACTIONS'). */
const RECORDED = {
  'plan.import': { zh: '导入方案', en: 'Plan imported' },
  'plan.launch': { zh: '启动方案', en: 'Plan launched' },
  'plan.rebase': { zh: '整体顺延计划日期', en: 'Plan re-based' },
  'plan.launch_as_is': { zh: '按原日期启动（逾期事项改在首个报送日）', en: 'Plan launched as is (overdue work due at the first reporting date)' },
  'plan.settings_changed': { zh: '修改实施期限、报送安排或催办规则', en: 'Period, schedule or thresholds changed' },
  'plan.rubric_saved': { zh: '修改考核方案', en: 'Assessment rubric changed' },
  'assessment.bonus': { zh: '记录加分', en: 'Bonus recorded' },
  'assessment.veto': { zh: '记录一票否决', en: 'Veto recorded' },
  'assessment.appraisal': { zh: '录入评议分', en: 'Appraisal entered' },
  'assessment.publicity': { zh: '公示考核结果', en: 'Results put up for public notice' },
  'assessment.objection': { zh: '提出异议', en: 'Objection lodged' },
  'assessment.objection_upheld': { zh: '异议成立', en: 'Objection upheld' },
  'assessment.objection_rejected': { zh: '异议不成立', en: 'Objection rejected' },
  'assessment.finalised': { zh: '考核结果定稿', en: 'Results finalised' },
  'assessment.reopened': { zh: '撤回定稿', en: 'Final results reopened' },
  'notice.created': { zh: '起草通报', en: 'Notice drafted' },
  'notice.saved': { zh: '修改通报', en: 'Notice edited' },
  'notice.issued': { zh: '印发通报', en: 'Notice issued' },
  'assessment.annual_summary': { zh: '报送年度总结', en: 'Annual summary sent' },
  'plan.warning_accepted': { zh: '确认解析提示', en: 'Parser warning accepted' },
  'plan.discard': { zh: '作废草稿', en: 'Draft discarded' },
  'plan.closed': { zh: '关闭计划', en: 'Plan closed' },
  'measure.unfinished_at_close': { zh: '计划关闭时未办结', en: 'Not done when the plan closed' },
  'measure.edit': { zh: '修改措施', en: 'Measure edited' },
  'indicator.value_corrected': { zh: '更正指标报送值', en: 'Indicator value corrected' },
  'indicator.area_targets_set': { zh: '设置各地区指标目标值', en: 'Area target values set' },
  'measure.done': { zh: '办结', en: 'Measure done' },
  'measure.cancelled': { zh: '任务结束', en: 'Measure closed' },
  'measure.refuse-assignment': { zh: '拒签', en: 'Assignment refused' },
  'measure.chase': { zh: '催办', en: 'Units chased' },
  'evidence.deleted': { zh: '删除待报送的佐证材料', en: 'Unreported evidence file deleted' },
  'calendar.year_set': { zh: '设置工作日历', en: 'Working-day calendar set' },
  'units.import': { zh: '导入单位名录', en: 'Unit registry imported' },
  'units.channel_added': { zh: '添加单位消息渠道', en: 'Unit message channel added' },
  'units.channel_replaced': { zh: '更换单位消息渠道', en: 'Unit message channel replaced' },
  'units.channel_removed': { zh: '删除单位消息渠道', en: 'Unit message channel removed' },
  'units.notice_prefix_set': { zh: '设置发文机关代字', en: 'Issuing office’s short name set' },
  'people.role_granted': { zh: '授予角色', en: 'Role granted' },
  'auth.sign_in': { zh: '登录', en: 'Signed in' },
  'auth.password_changed': { zh: '设置密码', en: 'Password set' },
  'auth.token_created': { zh: '创建 API 令牌', en: 'API token created' },
  'auth.token_revoked': { zh: '撤销 API 令牌', en: 'API token revoked' },
  'auth.calendar_feed_renewed': { zh: '更换日历订阅地址', en: 'Calendar feed address renewed' },
  'channels.own_added': { zh: '添加个人消息渠道', en: 'Own message channel added' },
  'channels.own_removed': { zh: '删除个人消息渠道', en: 'Own message channel removed' },
} as const satisfies Record<string, TText>;

type TMeasureActionAudit = (typeof MEASURE_ACTIONS)[keyof typeof MEASURE_ACTIONS]['audit'];

/**
 * Every action the audit trail records, by the name it is stored under (AuditEvent.action), with what people call
 * it: the 操作记录 page and the audit API say it in their reader's language, the trail's CSV in Chinese. Writers name
 * their action `satisfies TAuditAction`, so a name no reader knows cannot be written.
 */
export const AUDIT_ACTIONS: Readonly<Record<
  keyof typeof RECORDED | TMeasureActionAudit | typeof decideExtensionAudit.action | typeof reviewReportAudit.action | typeof returnPartAudit.action,
  TText
>> = {
  ...RECORDED,
  ...(Object.fromEntries(Object.values(MEASURE_ACTIONS).map((a) => [a.audit, a.done])) as Record<TMeasureActionAudit, TText>),
  [decideExtensionAudit.action]: decideExtensionAudit.done,
  [reviewReportAudit.action]: reviewReportAudit.done,
  [returnPartAudit.action]: returnPartAudit.done,
};
export type TAuditAction = keyof typeof AUDIT_ACTIONS;

/** What an action is called, or its stored name for one this version no longer knows. */
export function auditLabel(action: string): TText {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as TAuditAction] : { zh: action, en: action };
}
