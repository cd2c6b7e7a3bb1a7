// Builds (or finds) the production Temporal server and its SQL tool in .tools/, ahead of the tests and benchmarks that
// run it on PostgreSQL: a cold build is minutes of go install, not to be charged to a test's timeout.
import { ensureTemporalServer } from '../stack/temporal-binary';

const tools = await ensureTemporalServer((line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${tools.server}\n`);
