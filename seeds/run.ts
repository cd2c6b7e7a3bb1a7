// `npm run db:seed`: the sample registry and the sample plan, into DATABASE_URL or the embedded database.
import { loadConfig } from '../lib/config';
import { createDb } from '../prisma/client';
import { openDatabase } from '../stack/database';
import { seedRegistry, seedSamplePlan } from './seed';

const database = await openDatabase(loadConfig());
const db = createDb(database.url, { poolSize: 2 });
try {
  await seedRegistry(db);
  const planId = await seedSamplePlan(db);
  process.stderr.write(`样例数据已载入 / sample data loaded; plan ${planId}\n`);
} finally {
  await db.close();
  await database.close();
}
