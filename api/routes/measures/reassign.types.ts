import { ZReassignUnitSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZBodySchema = shapeWithout(ZReassignUnitSchema.shape, ['actorId']);
