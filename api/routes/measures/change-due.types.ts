import { ZChangeDueDateSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZBodySchema = shapeWithout(ZChangeDueDateSchema.shape, ['actorId']);
