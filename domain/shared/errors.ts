/**
 * Typed domain errors. Each carries a stable machine-readable `code` (part of the public API:
 * clients switch on it) and the HTTP status it maps to at the edge. The domain never imports
 * express; the API layer turns these into RFC 7807 problem+json.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks a business rule about its content (422). */
export class ValidationError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 422, details);
  }
}

/** The input cannot be read at all: wrong types, missing fields, malformed JSON (400). */
export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 400, details);
  }
}

/** Something named by the command does not exist (404). */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 404, details);
  }
}

/** The command is not allowed in the aggregate's current state (409): illegal transitions, out of stock. */
export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 409, details);
  }
}

/** A client-supplied precondition (If-Match revision) no longer holds (412). */
export class PreconditionFailedError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 412, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 403, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 401, details);
  }
}
