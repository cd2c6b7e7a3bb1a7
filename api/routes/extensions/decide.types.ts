import { ZExtensionDecisionSchema } from '../../../domain/measure-actions';

export const ZExtensionParamsSchema = ZExtensionDecisionSchema.pick({ extensionId: true });
