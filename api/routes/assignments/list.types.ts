export { ZItemFilterSchema as ZListAssignmentsQuerySchema, ZItemListSchema } from '../../views/items';
