import { ZAddCooperatingUnitSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZBodySchema = shapeWithout(ZAddCooperatingUnitSchema.shape, ['actorId']);
