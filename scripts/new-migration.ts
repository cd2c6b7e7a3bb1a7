// Authors a migration without a shadow database (which Prisma cannot use through a driver adapter): diff the schema
// as last committed against the working copy of prisma/schema.prisma. Run it before committing a schema change.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPrismaCli } from '../prisma/migrate';
import { startEmbeddedDatabase } from '../stack/pglite-server';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:migrate -- <snake_case_name>\n');
  process.exit(2);
}
const before = path.join(mkdtempSync(path.join(os.tmpdir(), 'duban-schema-')), 'schema.prisma');
writeFileSync(before, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' }));
// The JavaScript schema engine connects through the adapter even to diff two files; any empty database will do.
const db = await startEmbeddedDatabase({ port: 0 });
try {
  const out = await runPrismaCli(
    ['migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    db.url,
  );
  const body = out
    .split('\n')
    .filter((l) => !/^(Loaded Prisma config|Prisma config detected|Prisma schema loaded)/.test(l))
    .join('\n')
    .trim();
  if (!body || body === '-- This is an empty migration.') {
    process.stderr.write('prisma/schema.prisma is unchanged since HEAD: nothing to do\n');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), body + '\n');
    process.stderr.write(`wrote ${dir}/migration.sql\n`);
  }
} finally {
  await db.close();
}
