import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ZodError } from "zod";
import {
  BadRequest,
  Conflict,
  DATABASE_UNAVAILABLE_MESSAGE,
  DomainError,
  Forbidden,
  LimitReached,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  Unauthorized,
  UnsupportedMediaType,
  ValidationFailed,
  isDatabaseUnavailable,
} from "../platform/errors";
import { logger } from "../platform/logger";
import { RateLimited } from "../platform/rate-limit";
import { fieldErrorsOf } from "../platform/validate";

/**
 * The one error table: how every domain error leaves the server, through tRPC and
 * through route handlers alike. First match wins, so a subclass comes before its parent.
 */
const DOMAIN_ERRORS: ReadonlyArray<readonly [abstract new (...args: never[]) => DomainError, number, TRPC_ERROR_CODE_KEY]> = [
  [NotFound, 404, "NOT_FOUND"],
  [Forbidden, 403, "FORBIDDEN"],
  [Unauthorized, 401, "UNAUTHORIZED"],
  [Conflict, 409, "CONFLICT"],
  [PayloadTooLarge, 413, "PAYLOAD_TOO_LARGE"],
  [ValidationFailed, 400, "BAD_REQUEST"],
  [BadRequest, 400, "BAD_REQUEST"],
  [UnsupportedMediaType, 415, "UNSUPPORTED_MEDIA_TYPE"],
  [LimitReached, 403, "FORBIDDEN"],
  [ServiceUnavailable, 503, "SERVICE_UNAVAILABLE"],
  [RateLimited, 429, "TOO_MANY_REQUESTS"],
];

/** Any other domain error is the caller's mistake. */
const DEFAULT_DOMAIN_ERROR = [DomainError, 400, "BAD_REQUEST"] as const;

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. It has been logged.";
export const INPUT_ERROR_MESSAGE = "Some fields need attention.";

export type MappedError = {
  status: number;
  code: TRPC_ERROR_CODE_KEY;
  message: string;
  /** Seconds for a Retry-After header. */
  retryAfterSeconds?: number;
  fieldErrors?: Record<string, string[]>;
  /** What a plan limit refusal is about, for the upgrade hint. */
  limit?: { limit: string; plan: string };
  /** A fault on our side, which the caller logs: the database is down, or a bug. */
  fault?: "database unavailable" | "unhandled";
};

/** Where an error thrown anywhere behind a request ends up: status, tRPC code, message, headers. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    const [, status, code] = DOMAIN_ERRORS.find(([type]) => error instanceof type) ?? DEFAULT_DOMAIN_ERROR;
    return {
      status,
      code,
      message: error.message,
      ...(error instanceof ServiceUnavailable || error instanceof RateLimited ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      ...(error instanceof ValidationFailed ? { fieldErrors: error.fields } : {}),
      ...(error instanceof LimitReached ? { limit: { limit: error.limit, plan: error.plan } } : {}),
    };
  }
  if (error instanceof ZodError) return { status: 400, code: "BAD_REQUEST", message: INPUT_ERROR_MESSAGE, fieldErrors: fieldErrorsOf(error) };
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, retryAfterSeconds: 5, fault: "database unavailable" };
  }
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE, fault: "unhandled" };
}

/** Logs a server-side fault once, with the place it surfaced (a procedure or a route's path). */
export function logFault(mapped: MappedError, error: unknown, where: string): void {
  if (mapped.fault === "database unavailable") logger.error({ err: error }, "database unavailable");
  else if (mapped.fault === "unhandled") logger.error({ err: error, where }, `unhandled error in ${where}`);
}

/**
 * The JSON error a route handler answers: `{ error, fieldErrors?, limit?, plan? }`, never a
 * stack trace. `error` is the first field's message when there is one (a plain HTTP client
 * such as an upload form shows one line).
 */
export function errorResponse(error: unknown, options: { requestId: string; where: string }): Response {
  const mapped = mapError(error);
  logFault(mapped, error, options.where);
  const firstFieldMessage = mapped.fieldErrors ? Object.values(mapped.fieldErrors)[0]?.[0] : undefined;
  const body = {
    error: firstFieldMessage ?? mapped.message,
    ...(mapped.fieldErrors ? { fieldErrors: mapped.fieldErrors } : {}),
    ...(mapped.limit ?? {}),
  };
  const headers: Record<string, string> = { "cache-control": "no-store", "x-request-id": options.requestId };
  if (mapped.retryAfterSeconds !== undefined) headers["retry-after"] = String(mapped.retryAfterSeconds);
  return Response.json(body, { status: mapped.status, headers });
}
