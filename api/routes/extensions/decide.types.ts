import { ZExtensionDecisionSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZExtensionParamsSchema = ZExtensionDecisionSchema.pick({ extensionId: true });
export const ZDecideExtensionBodySchema = shapeWithout(ZExtensionDecisionSchema.shape, ['extensionId', 'decidedBy']);
