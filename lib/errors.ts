import { ERROR_TEXT, type TErrorCode } from './messages';
import { sayBoth, type TSay } from './text';

/**
 * A problem the person at the keyboard can fix: it is reported as one line, never as a stack trace.
 * `exitCode` follows the CLI contract: 1 for a user error, 2 for bad usage. Given as a sentence from a dictionary
 * (`say`), each edge tells it in its reader's language; `message` then holds both languages, for the CLI and logs.
 */
export class UserError extends Error {
  readonly say: TSay | null;
  constructor(
    message: string | TSay,
    readonly exitCode: 1 | 2 = 1,
    /** What exactly was wrong, item by item, where there is more than the message can say: the API's `details`. */
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : sayBoth(message));
    this.name = 'UserError';
    this.say = typeof message === 'string' ? null : message;
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/**
 * A refusal the application names by code (lib/messages.ts ERROR_TEXT; the API answers the code's status), said in
 * the code's own words unless a more precise sentence is given.
 */
export class AppError extends UserError {
  declare readonly say: TSay;
  constructor(
    readonly code: TErrorCode,
    said?: TSay,
    details: unknown = null,
  ) {
    super(said ?? { text: ERROR_TEXT[code] }, 1, details);
    this.name = 'AppError';
  }
}

export type { TErrorCode };
