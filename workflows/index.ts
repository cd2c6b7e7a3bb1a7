// The one module the worker bundles: workflow functions only.
export { measureWorkflow } from './measure/workflow';
export { leaderSummaryWorkflow } from './leader-summary/workflow';
export { calendarChangeWorkflow } from './calendar-change/workflow';
