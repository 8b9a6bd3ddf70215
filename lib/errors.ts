/**
 * What can go wrong in the shop's own terms. lib/ throws these; only lib/http knows which HTTP
 * status each one is (see api-handler.ts), so the catalog and the vendors stay free of HTTP.
 * Their messages are safe to show to the caller.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    /** Structured detail for the caller (a form's field errors, the version now current). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends DomainError {}

/** The request is well-formed but the shop refuses it (a taken slug, a price out of range). */
export class InvalidInputError extends DomainError {}

/** Someone else changed the thing since the caller read it (a stale version or preview). */
export class ConflictError extends DomainError {}
