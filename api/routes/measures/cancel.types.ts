import { ZCancelMeasureSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZBodySchema = shapeWithout(ZCancelMeasureSchema.shape, ['actorId']);
