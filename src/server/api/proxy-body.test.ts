import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { IMPORT_MAX_BYTES } from "../records/import/parse";

/*
 * src/proxy.ts runs on every request, uploads included, and Next buffers a body that
 * passes through the proxy only up to `experimental.proxyClientMaxBodySize` (10 MB by
 * default), handing the route the first part. The limit must be above every route's own,
 * so that the route sees the whole body, or enough of it to refuse it (413).
 */

/** The largest body a route takes: a 50 MB CSV import plus its multipart envelope (src/app/api/crm/imports). */
const LARGEST_ROUTE_BODY = IMPORT_MAX_BYTES + 64 * 1024;

describe("the proxy's body buffering", () => {
  it("keeps more of a body than any route accepts", async () => {
    // Imported by URL: the config is plain JavaScript that TypeScript has no types for.
    const configUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../../next.config.mjs")).href;
    const { default: nextConfig } = (await import(/* @vite-ignore */ configUrl)) as { default: NextConfig };
    const limit = nextConfig.experimental?.proxyClientMaxBodySize;
    expect(typeof limit).toBe("number");
    expect(limit as number).toBeGreaterThan(LARGEST_ROUTE_BODY);
  });
});
