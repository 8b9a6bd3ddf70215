import { HttpError } from '../http/errors';

/**
 * A refusal worth retrying later: 429 while a login limit blocks, 503 while too many password
 * checks are queued. The login route sends `retryAfterSeconds` as the Retry-After header.
 */
export class RetryLaterError extends HttpError {
  constructor(
    status: 429 | 503,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, message, { retryAfterSeconds });
    this.name = 'RetryLaterError';
  }
}

/** "15 seconds", "1 minute", "5 minutes": rounded up, so the wait is never longer than said. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
