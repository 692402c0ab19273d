import { TRPCClientError } from "@trpc/client";

type FieldErrors = Record<string, string[] | undefined>;

/** Field errors and a message from a tRPC error, for showing next to the form's fields. */
export function readServerError(error: unknown): { message: string; fieldErrors: FieldErrors } {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: FieldErrors | null; code?: string } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  return { message: "Could not reach the server. Check your connection and try again.", fieldErrors: {} };
}
