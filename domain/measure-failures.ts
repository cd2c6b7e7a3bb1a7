/** Failure types the measure's workflow and activities raise; callers match on `.type`. */
export const MEASURE_FAILURE = {
  invalidInput: 'InvalidInput',
  unknownAssignment: 'UnknownAssignment',
  unknownExtension: 'UnknownExtension',
  unknownUnit: 'UnknownUnit',
  unknownPerson: 'UnknownPerson',
  measureClosed: 'MeasureClosed',
  extensionNotAllowed: 'ExtensionNotAllowed',
  noCoordinatorUnit: 'NoCoordinatorUnit',
  measureNotFound: 'MeasureNotFound',
} as const;
export type TMeasureFailure = (typeof MEASURE_FAILURE)[keyof typeof MEASURE_FAILURE];
