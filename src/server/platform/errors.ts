/**
 * Domain errors: services throw these; the API layer maps them once to tRPC/HTTP.
 * Messages are written for the person who sees them.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {}
export class Forbidden extends DomainError {}
export class Conflict extends DomainError {}
export class Unauthorized extends DomainError {}

export class ValidationFailed extends DomainError {
  constructor(public readonly fields: Record<string, string[]>, message = "Some fields need attention.") {
    super(message);
  }
}

/** A request the server cannot read (a truncated upload, a malformed multipart body): 400 without field errors. */
export class BadRequest extends DomainError {}

/** A body over the size a route accepts: 413, with the message also under the upload's form field. */
export class PayloadTooLarge extends ValidationFailed {
  constructor(field: string, message: string) {
    super({ [field]: [message] }, message);
  }
}

/** A body in a format the route does not take (e.g. not multipart): 415. */
export class UnsupportedMediaType extends DomainError {}

export class LimitReached extends DomainError {
  constructor(public readonly limit: string, public readonly plan: string, message: string) {
    super(message);
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(message: string, public readonly retryAfterSeconds = 5) {
    super(message);
  }
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/** True for errors meaning "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is not reachable right now. Nothing was changed; please try again in a few seconds.";

/** Postgres SQLSTATE of an error or of one of its causes. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
