import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { translator } from '../../api/pages/i18n';
import { planStatus, unitStateLabel } from '../../services/plans/plan-status';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban plan status PLAN_ID [--json]';
const COLOUR = { green: '绿', yellow: '黄', red: '红' } as Record<string, string>;
const ROLE = { lead: '牵头', cooperating: '配合' } as Record<string, string>;

/** `duban plan status PLAN_ID`: each measure's state per unit, from the database the workflows keep current. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' } }, USAGE);
  const [planId, ...extra] = positionals;
  if (!planId || extra.length) throw new UsageError(USAGE);
  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 2 });
  try {
    const status = await planStatus(db, planId);
    if (values.json) {
      printJson(status);
      return 0;
    }
    const zh = translator('zh');
    const lines = [`${status.plan.title}（${status.period.from} 至 ${status.period.to}，${zh.value(status.plan.status)}）`];
    for (const m of status.measures) {
      lines.push(`[${COLOUR[m.colour]}] ${m.ref} ${m.title} — ${zh.value(m.status)}`);
      for (const u of m.units) {
        const r = u.lastReport ? `，最近报送 ${u.lastReport.period} ${u.lastReport.percent}%` : '';
        lines.push(`      ${ROLE[u.role]} ${u.unitName}：${u.label} (${u.state})${r}`);
      }
    }
    const counts = Object.entries(status.counts);
    lines.push(counts.length ? `合计：${counts.map(([state, n]) => `${unitStateLabel(state)} ${n}`).join('，')}` : '尚未交办任何单位 / nothing assigned yet');
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}
