/**
 * Node flags of the server process (`npm start`, `npm run dev`, and every benchmark's `next
 * start`, so the benchmarks measure what runs).
 *
 * `--max-semi-space-size=64` (MB): V8's young generation may grow to 3 × 64 MB instead of
 * 3 × 16 MB. A request allocates a few hundred kB (rows, Drizzle's mapping, tRPC's and
 * Next's per-request objects); with 32 requests in flight the default young generation fills
 * every few requests, so objects of requests still running are copied and promoted to the old
 * generation, which then needs full collections. With 64 MB, GC time per request fell by
 * about half in `npm run bench:api -- --inprocess` (docs/performance.md, round 3). The space
 * only grows under allocation pressure: an idle server keeps its small young generation.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
