import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';

/** A refusal that says when to come back: the API answers 429 with Retry-After of `details.retryAfterSeconds`. */
export function rateLimited(untilMs: number, nowMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
  return new AppError('RATE_LIMITED', say('tryAgainIn', { seconds: retryAfterSeconds }), { retryAfterSeconds });
}

