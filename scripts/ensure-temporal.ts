// Builds (or finds) the Temporal CLI ahead of the test run, so its first build is not charged to a test's timeout.
import { ensureTemporalCli } from '../stack/temporal-binary';

const cli = await ensureTemporalCli((line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${cli}\n`);
