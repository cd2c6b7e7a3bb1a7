// Applies pending migrations to DATABASE_URL, or to the embedded PGlite under the data folder.
import { loadConfig } from '../lib/config';
import { openDatabase } from '../stack/database';

const database = await openDatabase(loadConfig());
process.stderr.write(`migrations applied: ${database.url.replace(/\/\/[^@/]*@/, '//***@')}\n`);
await database.close();
