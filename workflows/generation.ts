/**
 * Which generation of workflow code this is, as `duban up` records it in a data folder (stack/workflow-generation.ts):
 * a folder whose Temporal histories an earlier generation wrote is not replayed but offered a fresh start. Bump it
 * with every change that histories recorded by the code before it would not replay (see DEVELOPERS.md, "Versioning").
 */
// 7: the coordinator's 办结 Update is named closeMeasureByOffice; histories before it name it closeMeasure.
// 8: the lead unit returns a cooperating unit's part (returnPartToCooperating); a measure's state marks the parts sent
// to its lead unit, which runs begun before it do not, so their parts could not be returned.
export const WORKFLOW_GENERATION = 8;
