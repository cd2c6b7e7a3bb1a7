import { UsageError } from '../../lib/errors';
import { answerHelp } from '../args';

const USAGE = [
  'usage: duban plan import FILE [--year YYYY] [--again] [--json]',
  '       duban plan launch PLAN_ID [--rebase YEAR | --as-is] [--json]',
  '       duban plan status PLAN_ID [--json]',
  '       duban plan close PLAN_ID --reason TEXT [--json]',
  '       duban plan rubric PLAN_ID FILE [--reason TEXT] | PLAN_ID --template --out FILE.xlsx',
].join('\n');

/** `duban plan <import|launch|status|close|rubric>`: each subcommand is its own module. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub.startsWith('-')) answerHelp(argv, USAGE);
  switch (sub) {
    case 'import':
      return (await import('./plan-import')).run(rest);
    case 'launch':
      return (await import('./plan-launch')).run(rest);
    case 'status':
      return (await import('./plan-status')).run(rest);
    case 'close':
      return (await import('./plan-close')).run(rest);
    case 'rubric':
      return (await import('./plan-rubric')).run(rest);
    default:
      throw new UsageError(USAGE);
  }
}
