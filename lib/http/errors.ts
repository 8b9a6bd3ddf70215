/** An error that maps to an HTTP status; its message is safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The server is missing configuration it needs for this route (answers 500 and logs why). */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
