import type { TPageRoute } from '../route';
import { accountShow, passwordSubmit, tokenSubmit } from './account/show';
import { homePage, linkPage, linkSubmit, loginPage, loginSubmit, logoutSubmit, requestLinkSubmit } from './auth/login';
import { itemsPage } from './items/list';
import { itemPage } from './items/show';
import { leaderPage } from './leader/overview';
import { dashboardPage } from './plans/dashboard';
import { importSubmit, plansPage } from './plans/list';
import { editMeasureSubmit, launchSubmit, resolveWarningSubmit, reviewPage } from './plans/review';

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
  resolveWarningSubmit,
  launchSubmit,
  dashboardPage,
  itemsPage,
  itemPage,
  leaderPage,
  accountShow,
  passwordSubmit,
  tokenSubmit,
];
