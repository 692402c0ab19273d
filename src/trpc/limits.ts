/*
 * Limits of a /api/trpc request, shared by the route (which enforces them) and the
 * browser's client (which stays within them). No server imports: the client bundles this.
 */

/**
 * Calls in one batched request. The route refuses a larger batch with 400 (each call is a
 * tenant transaction: an unbounded batch is a cheap way to load the database), and the
 * browser's batch link splits its calls into requests of at most this many.
 */
export const MAX_BATCH_SIZE = 10;

/** A request body, at most (413 above): the largest input the app sends (an import mapping, a long note) is a few hundred KB. */
export const TRPC_MAX_BODY_BYTES = 2 * 1024 * 1024;
