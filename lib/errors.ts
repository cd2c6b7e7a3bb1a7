/**
 * A problem the person at the keyboard can fix: it is reported as one line, never as a stack trace.
 * `exitCode` follows the CLI contract: 1 for a user error, 2 for bad usage.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** What exactly was wrong, item by item, where there is more than the message can say: the API's `details`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
