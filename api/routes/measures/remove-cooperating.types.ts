import { ZRemoveCooperatingUnitSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZBodySchema = shapeWithout(ZRemoveCooperatingUnitSchema.shape, ['actorId']);
