import { UserError } from '../lib/errors';
import { HelpRequested } from './args';

/** Each verb lives in its own module and is loaded only when used, so `duban parse` never pays for Temporal. */
type Command = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number | void> }> };

const commands: Record<string, Command> = {
  parse: { summary: '解析计划文件 / parse a plan document', load: () => import('./commands/parse') },
  up: { summary: '启动全部服务 / start the whole stack on this machine', load: () => import('./commands/up') },
  web: { summary: '网页与接口进程 / the HTTP process of a deployment', load: () => import('./commands/web') },
  worker: { summary: '工作进程 / a worker process of a deployment', load: () => import('./commands/worker') },
  migrate: { summary: '数据库迁移 / apply database migrations (a deploy step)', load: () => import('./commands/migrate') },
  backup: { summary: '备份内置数据 / back up the embedded stack (backup FILE)', load: () => import('./commands/backup') },
  restore: { summary: '恢复内置数据 / restore the embedded stack (restore FILE)', load: () => import('./commands/restore') },
  pack: { summary: '离线安装包 / write an offline install archive', load: () => import('./commands/pack') },
  people: { summary: '授予角色 / grant a role (people grant EMAIL ROLE [--unit NAME])', load: () => import('./commands/people') },
  units: { summary: '导入单位名录 / import the unit registry (units import FILE)', load: () => import('./commands/units') },
  plan: { summary: '计划：import | launch | status', load: () => import('./commands/plan') },
  calendar: { summary: '工作日历：show | set / the working-day calendar', load: () => import('./commands/calendar') },
  progress: { summary: '报送进展 / submit progress (progress submit)', load: () => import('./commands/progress') },
  review: { summary: '审核报告：list | accept | return / review reports', load: () => import('./commands/review') },
  report: { summary: '考核结果 / assessment report', load: () => import('./commands/report') },
  notice: { summary: '通报：list | draft | issue | docx / the office’s notices', load: () => import('./commands/notice') },
  bench: { summary: '性能基准 / run the benchmarks', load: () => import('./commands/bench') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([verb, c]) => `  duban ${verb.padEnd(9)} ${c.summary}`);
  return ['用法 / usage: duban <command> [options]', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  if (!verb) {
    process.stderr.write(usage() + '\n');
    return 2;
  }
  const command = commands[verb];
  if (!command) {
    process.stderr.write(`duban: 未知命令 unknown command "${verb}"\n${usage()}\n`);
    return 2;
  }
  try {
    const mod = await command.load();
    return (await mod.run(rest)) ?? 0;
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.usage}\n`);
      return 0;
    }
    if (err instanceof UserError) {
      process.stderr.write(`duban ${verb}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
