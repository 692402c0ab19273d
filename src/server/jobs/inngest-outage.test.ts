import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { reloadEnv } from "../platform/env";
import { inngestClient, jobsMode } from "./client";
import type { EventPayload } from "./events";
import { publishEvent } from "./publish";
import { startRelay } from "./relay";
import { outboxEvents } from "./schema";
import { ev, FAST, uniqueEvent } from "./testing";

/**
 * Issue 17: Inngest unreachable. The app is configured for Inngest (event key + base URL) and
 * the base URL is a local port where nothing listens; then a stand-in that speaks Inngest's
 * event API (POST /e/<event key>, answers `{ ids, status }`) starts there, fails its first
 * requests with 500, and recovers. The relay is the one the app starts (startRelay with
 * inngestClient().send), with short backoffs.
 */
const EVENT_KEY = "outage-test-key";
const saved = { key: process.env.INNGEST_EVENT_KEY, url: process.env.INNGEST_BASE_URL };

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("with Inngest unreachable", () => {
  let port: number;
  let server: http.Server | undefined;

  beforeAll(async () => {
    port = await freePort();
    process.env.INNGEST_EVENT_KEY = EVENT_KEY;
    process.env.INNGEST_BASE_URL = `http://127.0.0.1:${port}`;
    reloadEnv();
  });

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    for (const [name, value] of [["INNGEST_EVENT_KEY", saved.key], ["INNGEST_BASE_URL", saved.url]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reloadEnv();
  });

  const statusOf = (tenantId: string, name: string) =>
    withTenant({ tenantId }, (tx) =>
      tx
        .select({ id: outboxEvents.id, status: outboxEvents.status, attempts: outboxEvents.attempts, lastError: outboxEvents.lastError })
        .from(outboxEvents)
        .where(sql`${outboxEvents.name} = ${name}`),
    );

  it("keeps events pending with attempts and errors recorded, then delivers each exactly once when Inngest is back", async () => {
    expect(jobsMode()).toBe("inngest");
    const { org } = await createTenant();
    const name = uniqueEvent("outage");
    const ids = await withTenant({ tenantId: org.id }, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 20; i++) out.push((await publishEvent(tx, { event: ev<EventPayload>(name), data: { i } })).id);
      return out;
    });

    const inngest = inngestClient();
    const relay = startRelay({ ...FAST, batchSize: 10, workerId: "outage-relay", send: (events) => inngest.send(events) });
    try {
      // Phase 1: nothing listens. Events stay, each with its failed attempts and the reason. The
      // relay keeps retrying, so a batch may be "running" (claimed for its next try) at any moment.
      // (inngest.send itself tries 5 times over ~1.5 s before the relay sees the failure.)
      const until = Date.now() + 25_000;
      let rows = await statusOf(org.id, name);
      while (Date.now() < until && !rows.every((row) => row.attempts >= 2 && row.lastError !== null)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await statusOf(org.id, name);
      }
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) {
        expect(["pending", "running"]).toContain(row.status);
        expect(row.attempts).toBeGreaterThanOrEqual(2);
        expect(row.lastError).toMatch(/^Inngest unreachable: .+/);
      }

      // Phase 2: the endpoint comes up and fails its first 6 requests with 500 (more than one
      // send's 5 tries, so a relay round fails against a live endpoint too), then accepts.
      const received = new Map<string, number>();
      let requests = 0;
      server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
          requests++;
          if (req.method !== "POST" || req.url !== `/e/${EVENT_KEY}`) {
            res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found", status: 404 }));
            return;
          }
          if (requests <= 6) {
            res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "internal error", status: 500 }));
            return;
          }
          const events = JSON.parse(body) as { id: string; name: string; data: { tenantId?: string } }[];
          for (const event of events) {
            expect(event).toMatchObject({ name, data: { tenantId: org.id } });
            received.set(event.id, (received.get(event.id) ?? 0) + 1);
          }
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids: events.map((e) => e.id), status: 200 }));
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));

      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !(await statusOf(org.id, name)).every((row) => row.status === "sent")) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      rows = await statusOf(org.id, name);
      expect(rows.filter((row) => row.status !== "sent")).toEqual([]);
      expect(rows.every((row) => row.lastError === null)).toBe(true);
      expect(requests).toBeGreaterThan(6); // the 500s were really served
      expect([...received.keys()].sort()).toEqual([...ids].sort()); // nothing lost
      expect([...received.values()].every((count) => count === 1)).toBe(true); // nothing twice
    } finally {
      await relay.stop();
    }
  }, 90_000);
});
