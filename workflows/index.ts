// The one module the worker bundles: workflow functions only.
export { measureWorkflow } from './measure/workflow';
export { leaderSummaryWorkflow } from './leader-summary/workflow';
export { broadcastToMeasuresWorkflow } from './broadcast/workflow';
export { launchPlanWorkflow } from './launch/workflow';
export { reviewRemindersWorkflow } from './review-reminders/workflow';
