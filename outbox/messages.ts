import type { OutboxChannel, Prisma } from '../prisma/client';
import { routeMessages } from './route-messages';

/** A client or an open transaction: a message is written in the transaction that records its step where there is one. */
export type TOutboxDb = Prisma.TransactionClient;

/**
 * Whom a message is for. Its addresses on the channel (`to`) are resolved when it is written; the recipient says who
 * is meant, even when the addresses are the coordinating office's because the unit has no contact on file.
 */
export const recipient = {
  unit: (unitId: string) => `unit:${unitId}`,
  /** The unit's supervising leader (督办单). */
  leader: (unitId: string) => `leader:${unitId}`,
  /** The plan's coordinating office. */
  office: (planId: string) => `office:${planId}`,
  person: (personId: string) => `person:${personId}`,
  /** Every coordinator: the office of plans that name no coordinating unit. */
  coordinators: 'coordinators',
  /** The running measures of a plan, or of every launched plan. */
  plan: (planId: string) => `plan:${planId}`,
  launchedPlans: 'plans:launched',
} as const;

/** Digest keys: the messages of one key to the same addresses go out as one delivery (DEVELOPERS.md, "Mail"). */
export const digestKey = {
  /** A launch's (or a later change's) 交办通知 to a unit, for one plan. */
  notice: (planId: string, unitId: string) => `notice:${planId}:${unitId}`,
  /** 报送提醒, 今日到期 and 催办 to a unit about reports due the same day. */
  dueDay: (step: 'reminder' | 'due' | 'urge', unitId: string, due: string) => `${step}:${unitId}:${due}`,
  /**
   * A chase about items that fell due the same day, to one recipient: 签收提醒 to a unit or 逾期未签收 to a plan's
   * office; 批示落实提醒 to a unit or 批示逾期未回复 to the office; 分解任务到期提醒 to a person or 分解任务逾期 to a unit.
   */
  chaseDay: (step: TChaseDigestStep, recipient: string, due: string) => `${step}:${recipient}:${due}`,
  /** 配合单位报送: cooperating units' parts reaching one lead unit the same day. */
  partDay: (leadUnitId: string, day: string) => `part-received:${leadUnitId}:${day}`,
};

/** The chase steps digested per recipient and day (digestKey.chaseDay). */
export type TChaseDigestStep = 'ack-reminder' | 'ack-office' | 'instruction-reminder' | 'instruction-office' | 'subtask-due' | 'subtask-overdue';

export type TOutboxMessage = {
  /** The step that owes the message; with recipient and channel, its once-only key. */
  source: string;
  recipient: string;
  channel: OutboxChannel;
  step: string;
  period: string;
  planId?: string | null;
  assignmentId?: string | null;
  to?: string[];
  replyTo?: string[];
  subject?: string;
  html?: string;
  text?: string;
  facts?: Prisma.InputJsonValue;
  digestKey?: string | null;
  notBefore: Date;
};

/** A value as the database keeps it in a JSON column: fields left undefined are dropped. */
export const asJson = (value: object): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/**
 * Writes messages under their keys, each step's also on the channels its plan routes it to (routeMessages); a message
 * already written (a retried step) is left as it was, content and all. Returns how many were new.
 */
export async function writeMessages(db: TOutboxDb, messages: TOutboxMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const routed = await routeMessages(db, messages);
  const { count } = await db.outboxMessage.createMany({ data: routed.map((m) => ({ to: [], replyTo: [], ...m })), skipDuplicates: true });
  return count;
}

/**
 * What a writer of messages needs besides the database: how long a digestable message waits for the rest of its
 * digest, and a way to tell this process's dispatcher that something was written (after the transaction commits).
 */
export type TOutboxWriter = { gatherMs: number; written: () => void };

/**
 * How long a digestable message waits for the rest of its digest: a minute, so a plan's steps falling due at 09:00
 * reach each unit as one message; where a day lasts `daySeconds` (the demo's clock, DUBAN_DEMO_DAY_SECONDS) a sixth of
 * one, long enough for the steps of one instant to be written and short beside the day.
 */
export function gatherMsFor(daySeconds?: number): number {
  return daySeconds === undefined ? 60_000 : (daySeconds * 1000) / 6;
}

/** The most a launch holds its notices back, should it never finish (a measure that cannot be assigned). */
export const LAUNCH_HOLD_MS = 10 * 60_000;
