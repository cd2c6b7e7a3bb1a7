import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../../lib/errors';
import { parsePlanDocument, type TParsedPlanDocument, type TParsePlanJob } from './plan-document';

/**
 * What a parse thread answers for each job: the parse, or the error it met (a person's mistake keeps its words). A
 * parse arrives in parts, the measures `MEASURES_PER_MESSAGE` at a time, each sent when the receiver asks for `more`
 * and the last followed by `done`: a thread copies a message it receives in one go, and a plan of thousands of
 * measures in one message would hold the receiving thread for a fifth of a second.
 */
export type TParseReply =
  | { ok: true; part: 'plan'; value: TParsedPlanDocument }
  | { ok: true; part: 'measures'; measures: TParsedPlanDocument['parsed']['measures'] }
  | { ok: true; part: 'done' }
  | { ok: false; user: true; message: string; exitCode: 1 | 2; details: unknown }
  | { ok: false; user: false; message: string; stack: string | undefined };

const MEASURES_PER_MESSAGE = 250;

/** What the parse thread is asked: a job, or the next part of the job's answer. */
export type TParseRequest = { job: TParsePlanJob } | 'more';

const port = parentPort!;

// A parse is background work: where the cores are busy, the process's answers, activities and timers go first. On
// Linux a thread has a nice value of its own and this sets this thread's only (elsewhere it would be the process's).
if (process.platform === 'linux') setPriority(10);
/** The measures of the current job's answer not yet sent. */
let pending: TParsedPlanDocument['parsed']['measures'] = [];

// One job at a time (parse-off-thread.ts hands a thread its next job only after its answer). A buffer arrives as a
// plain Uint8Array: the decoders want a Buffer over the same bytes.
port.on('message', (request: TParseRequest) => {
  if (request === 'more') {
    const part = pending.splice(0, MEASURES_PER_MESSAGE);
    return port.postMessage((part.length ? { ok: true, part: 'measures', measures: part } : { ok: true, part: 'done' }) satisfies TParseReply);
  }
  const { job } = request;
  const source = 'buffer' in job.source ? { buffer: Buffer.from(job.source.buffer.buffer, job.source.buffer.byteOffset, job.source.buffer.byteLength) } : job.source;
  parsePlanDocument({ ...job, source }).then(
    ({ parsed: { measures, ...plan }, ...document }) => {
      pending = measures;
      port.postMessage({ ok: true, part: 'plan', value: { ...document, parsed: { ...plan, measures: [] } } } satisfies TParseReply);
    },
    (err: Error) =>
      port.postMessage(
        (err instanceof UserError
          ? { ok: false, user: true, message: err.message, exitCode: err.exitCode, details: err.details ?? null }
          : { ok: false, user: false, message: err.message, stack: err.stack }) satisfies TParseReply,
      ),
  );
});
