import { UsageError } from '../../lib/errors';
import { loadConfig } from '../../lib/config';
import { createDb } from '../../prisma/client';
import { grantRole, ZGrantRoleInputSchema } from '../../services/people/grant-role';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';

const USAGE =
  'usage: duban people grant EMAIL ROLE [--unit NAME] [--name NAME] [--json]\n' +
  '  ROLE: member | leader | coordinator | admin; --unit: the unit (a coordinator’s office); --name: for a new account';

/**
 * Grants a role from the server's own shell: how the first admin is made, and how scripts give roles. Recorded in
 * the audit trail as granted from the command line (whoever can run this can reach the database anyway).
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { unit: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const [sub, email, role, ...extra] = positionals;
  if (sub !== 'grant' || !email || !role || extra.length) throw new UsageError(USAGE);
  const input = ZGrantRoleInputSchema.safeParse({ email, role, unit: values.unit, name: values.name });
  if (!input.success) throw new UsageError(`${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE}`);
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  try {
    const result = await grantRole({ db, now: () => new Date() }, { label: 'cli' }, input.data);
    if (values.json) printJson(result);
    else process.stdout.write(`已授予 ${result.email} ${result.role}${result.unit ? `（${result.unit}）` : ''} / granted\n`);
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}
