/**
 * Calls in one batched tRPC request. The route refuses a larger batch with 400 (each call
 * is a tenant transaction: an unbounded batch is a cheap way to load the database), and
 * the browser's batch link splits its calls into requests of at most this many.
 */
export const MAX_BATCH_SIZE = 10;
