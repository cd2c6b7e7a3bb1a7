import { Worker } from 'node:worker_threads';
import { UserError } from '../../lib/errors';
import { checkPlanSource, type TParsedPlanDocument, type TParsePlanJob } from './plan-document';
import type { TParseReply, TParseRequest } from './parse-thread';

/**
 * Plans are decoded and parsed on threads of their own, so that a large import never holds up the process's HTTP
 * answers, activities and timers. A thread loads the parser once (about half a second) and is kept for the next
 * import a while; at most two parse at once (the machine's cores), others wait their turn.
 */
const THREADS = 2;
const IDLE_MS = 15_000;
/** A parse still running after this is stopped: no plan within the limits takes a tenth of it. */
export const PARSE_DEADLINE_MS = 60_000;
/** Heap a parse may use: a .docx whose declared sizes lied about what it inflates to runs out of it, not the process. */
const HEAP_MB = 1_024;

export const PARSE_REFUSAL = {
  deadline: `解析超过 ${PARSE_DEADLINE_MS / 1000} 秒仍未完成，文件过于复杂 / the plan took longer than ${PARSE_DEADLINE_MS / 1000} s to read`,
  memory: '文件解压或解析所需内存过大，疑为恶意文件 / reading the file would take too much memory',
} as const;

type TTask = { job: TParsePlanJob; deadlineMs: number; resolve: (v: TParsedPlanDocument) => void; reject: (e: Error) => void };

const idle: { thread: Worker; timer: NodeJS.Timeout }[] = [];
const queue: TTask[] = [];
let busy = 0;

/**
 * Decodes and parses a plan on a parse thread. A source beyond PLAN_LIMITS is refused here, before any thread works
 * on it; a parse past its deadline or its memory stops, its thread with it, and is refused with the reason.
 */
export function parsePlanOffThread(job: TParsePlanJob, options: { deadlineMs?: number } = {}): Promise<TParsedPlanDocument> {
  checkPlanSource(job.source, job.fileName);
  return new Promise((resolve, reject) => {
    queue.push({ job, deadlineMs: options.deadlineMs ?? PARSE_DEADLINE_MS, resolve, reject });
    next();
  });
}

function next(): void {
  while (busy < THREADS && queue.length > 0) {
    const task = queue.shift()!;
    busy++;
    const kept = idle.pop();
    if (kept) clearTimeout(kept.timer);
    run(kept?.thread ?? startThread(), task);
  }
}

function startThread(): Worker {
  const thread = new Worker(new URL('./parse-thread.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
  // A thread that stops while idle is simply not used again.
  thread.on('error', () => {});
  thread.on('exit', () => retire(thread));
  return thread;
}

function run(thread: Worker, task: TTask): void {
  // Held while it works, so that a command waiting for its parse is not ended under it; let go while idle.
  thread.ref();
  let settled = false;
  const settle = (outcome: () => void, keep: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    thread.off('message', onReply).off('error', onError).off('exit', onExit);
    busy--;
    if (keep) {
      thread.unref();
      idle.push({ thread, timer: setTimeout(() => retire(thread), IDLE_MS).unref() });
    } else {
      void thread.terminate();
    }
    outcome();
    next();
  };
  let received: TParsedPlanDocument | null = null;
  const onReply = (reply: TParseReply) => {
    if (!reply.ok) return settle(() => task.reject(errorOf(reply)), true);
    if (reply.part === 'done') return settle(() => task.resolve(received!), true);
    if (reply.part === 'plan') received = reply.value;
    else received!.parsed.measures.push(...reply.measures);
    thread.postMessage('more' satisfies TParseRequest);
  };
  const onError = (err: NodeJS.ErrnoException) => settle(() => task.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserError(PARSE_REFUSAL.memory) : err), false);
  const onExit = (code: number) => settle(() => task.reject(new Error(`the plan parse thread stopped (exit code ${code})`)), false);
  const deadline = setTimeout(() => settle(() => task.reject(new UserError(PARSE_REFUSAL.deadline)), false), task.deadlineMs);
  thread.on('message', onReply).on('error', onError).on('exit', onExit);
  thread.postMessage({ job: task.job } satisfies TParseRequest);
}

function retire(thread: Worker): void {
  const at = idle.findIndex((i) => i.thread === thread);
  if (at < 0) return;
  clearTimeout(idle[at]!.timer);
  idle.splice(at, 1);
  void thread.terminate();
}

function errorOf(reply: Extract<TParseReply, { ok: false }>): Error {
  if (reply.user) return new UserError(reply.message, reply.exitCode, reply.details ?? undefined);
  return Object.assign(new Error(reply.message), { stack: reply.stack });
}
