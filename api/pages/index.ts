import type { TPageRoute } from '../route';
import { accountShow, calendarFeedSubmit, ownChannelRemoveSubmit, ownChannelSubmit, ownChannelTestSubmit, passwordSubmit, tokenRevokeSubmit, tokenSubmit } from './account/show';
import { grantSubmit, peoplePage } from './admin/people';
import { homePage, linkPage, linkSubmit, loginPage, loginSubmit, logoutSubmit, requestLinkSubmit } from './auth/login';
import { calendarDaysSubmit, calendarNoticeSubmit, calendarPage } from './calendar/show';
import { itemsPage } from './items/list';
import { evidenceDelete, evidenceUpload, extensionDecisionSubmit, extensionSubmit, reportSubmit } from './items/forms';
import { itemPage } from './items/show';
import { acknowledgeSubmit, refuseSubmit } from './items/acknowledge-forms';
import { instructPage, instructSubmit } from './measures/instruct-forms';
import { instructionReplySubmit, returnPartSubmit, subtaskAddSubmit, subtaskDoneSubmit } from './items/cycle-forms';
import { leaderPage } from './leader/overview';
import { unitCalendarFeedSubmit, unitChannelAddSubmit, unitNoticePrefixSubmit, unitChannelRemoveSubmit, unitChannelReplaceSubmit, unitsChannelTestSubmit, unitsImportSubmit, unitsPage } from './units/registry';
import { planAuditPage } from './plans/audit';
import { closePlanSubmit, dashboardPage } from './plans/dashboard';
import { indicatorCorrectionSubmit, indicatorsPage } from './plans/indicators';
import { reviewSubmit } from './plans/reviews';
import { rubricPage, rubricSubmit } from './plans/rubric';
import { resultsPage, resultsSubmit } from './plans/results';
import { noticeCreateSubmit, noticePage, noticeSubmit } from './plans/notices';
import { importSubmit, plansPage } from './plans/list';
import { measureActionSubmits, measureExtensionDecisionSubmit, measurePage } from './plans/measure';
import { discardSubmit, editMeasureSubmit, launchSubmit, planSettingsSubmit, resolveWarningSubmit, reviewPage } from './plans/review';
import { planPeriodSubmit } from './plans/settings';

/** Every server-rendered page and form post. Item links in emails point at /items/<assignmentId>. */
export const pageRoutes: TPageRoute[] = [
  homePage,
  loginPage,
  loginSubmit,
  requestLinkSubmit,
  linkPage,
  linkSubmit,
  logoutSubmit,
  plansPage,
  importSubmit,
  reviewPage,
  editMeasureSubmit,
  planSettingsSubmit,
  planPeriodSubmit,
  resolveWarningSubmit,
  launchSubmit,
  discardSubmit,
  closePlanSubmit,
  dashboardPage,
  indicatorsPage,
  indicatorCorrectionSubmit,
  rubricPage,
  rubricSubmit,
  resultsPage,
  resultsSubmit,
  noticeCreateSubmit,
  noticePage,
  noticeSubmit,
  reviewSubmit,
  planAuditPage,
  measurePage,
  ...measureActionSubmits,
  measureExtensionDecisionSubmit,
  unitsPage,
  unitsImportSubmit,
  unitsChannelTestSubmit,
  unitChannelAddSubmit,
  unitNoticePrefixSubmit,
  unitCalendarFeedSubmit,
  unitChannelReplaceSubmit,
  unitChannelRemoveSubmit,
  calendarPage,
  calendarNoticeSubmit,
  calendarDaysSubmit,
  itemsPage,
  acknowledgeSubmit,
  refuseSubmit,
  instructionReplySubmit,
  subtaskAddSubmit,
  subtaskDoneSubmit,
  returnPartSubmit,
  instructPage,
  instructSubmit,
  itemPage,
  reportSubmit,
  evidenceUpload,
  evidenceDelete,
  extensionSubmit,
  extensionDecisionSubmit,
  leaderPage,
  accountShow,
  passwordSubmit,
  tokenSubmit,
  tokenRevokeSubmit,
  calendarFeedSubmit,
  ownChannelSubmit,
  ownChannelRemoveSubmit,
  ownChannelTestSubmit,
  peoplePage,
  grantSubmit,
];
