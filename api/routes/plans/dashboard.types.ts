export { ZDashboardFilterSchema as ZDashboardQuerySchema, ZDashboardSchema } from '../../views/dashboard';
