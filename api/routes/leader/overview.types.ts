export { ZLeaderOverviewSchema } from '../../views/leader';
