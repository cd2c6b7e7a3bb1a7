import type { TApiRoute } from '../route';
import acknowledgeAssignment from './assignments/acknowledge';
import chaseUnits from './measures/chase';
import issueInstruction from './measures/instruct';
import replyInstruction from './instructions/reply';
import addSubtask from './assignments/add-subtask';
import completeSubtask from './subtasks/done';
import refuseAssignment from './assignments/refuse';
import requestExtension from './assignments/request-extension';
import showAssignment from './assignments/show';
import submitProgress from './assignments/submit-progress';
import uploadFile from './assignments/upload-file';
import deleteFile from './files/delete';
import downloadFile from './files/show';
import setCalendar from './calendar/set';
import showCalendar from './calendar/show';
import showCalendarFeed from './calendar-feeds/show';
import renewCalendarFeed from './calendar-feeds/renew';
import decideExtension from './extensions/decide';
import listAssignments from './assignments/list';
import login from './auth/login';
import logout from './auth/logout';
import redeemLink from './auth/redeem-link';
import requestLink from './auth/request-link';
import leaderOverview from './leader/overview';
import changePassword from './me/change-password';
import me from './me/show';
import { measureActionRoutes } from './measures/actions';
import updateMeasure from './measures/update';
import planAudit from './plans/audit';
import planDashboard from './plans/dashboard';
import setAreaTargets from './plans/area-targets';
import correctIndicator from './plans/correct-indicator';
import planIndicators from './plans/indicators';
import planStatistics from './plans/statistics';
import closePlan from './plans/close';
import discardPlan from './plans/discard';
import importPlan from './plans/import';
import launchPlan from './plans/launch';
import readPlanLaunch from './plans/launch-status';
import listPlans from './plans/list';
import noticeDraft from './plans/notice-draft';
import { noticeRoutes } from './plans/notices';
import downloadNotice from './notices/download';
import planReport from './plans/report';
import resolveWarning from './plans/resolve-warning';
import planSettings from './plans/settings';
import showRubric from './plans/rubric';
import saveRubric from './plans/rubric-save';
import previewRubric from './plans/rubric-preview';
import { assessmentRecordRoutes } from './plans/assessment-records';
import { assessmentResultRoutes } from './plans/assessment-results';
import showPlan from './plans/show';
import planStatus from './plans/status';
import createToken from './tokens/create';
import revokeToken from './tokens/revoke';
import importUnits from './units/import';
import sendTestMessage from './units/test-channel';
import { ownChannelRoutes } from './me/channels';
import { unitChannelRoutes } from './units/channels';
import unitNoticePrefix from './units/notice-prefix';
import returnPart from './reports/return-part';
import reviewReport from './reports/review';
import acceptReports from './reviews/accept';
import listReviews from './reviews/list';

/** Every JSON endpoint; each is also documented in /openapi.json. */
export const apiRoutes: TApiRoute[] = [
  login,
  logout,
  requestLink,
  redeemLink,
  me,
  changePassword,
  createToken,
  revokeToken,
  importUnits,
  sendTestMessage,
  ...ownChannelRoutes,
  ...unitChannelRoutes,
  unitNoticePrefix,
  showCalendar,
  showCalendarFeed,
  renewCalendarFeed,
  setCalendar,
  importPlan,
  listPlans,
  showPlan,
  updateMeasure,
  planSettings,
  showRubric,
  saveRubric,
  previewRubric,
  ...assessmentRecordRoutes,
  ...assessmentResultRoutes,
  resolveWarning,
  launchPlan,
  closePlan,
  discardPlan,
  readPlanLaunch,
  planDashboard,
  planStatus,
  planAudit,
  planReport,
  noticeDraft,
  ...noticeRoutes,
  downloadNotice,
  planIndicators,
  correctIndicator,
  setAreaTargets,
  planStatistics,
  listAssignments,
  showAssignment,
  submitProgress,
  uploadFile,
  downloadFile,
  deleteFile,
  acknowledgeAssignment,
  refuseAssignment,
  chaseUnits,
  issueInstruction,
  replyInstruction,
  addSubtask,
  completeSubtask,
  requestExtension,
  decideExtension,
  listReviews,
  reviewReport,
  returnPart,
  acceptReports,
  ...measureActionRoutes,
  leaderOverview,
];
