import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, trpcHttp } from "../../test/http";
import { closeRuntimeDb } from "../db/client";
import { reloadEnv } from "../platform/env";
import { checkReadiness } from "../platform/readiness";
import { tenantRoute } from "./tenant-route";

// This file points the app at a port where no database listens.
let savedUrl: string | undefined;

beforeAll(async () => {
  await closeRuntimeDb();
  savedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = "postgres://neuroops@127.0.0.1:9/unreachable";
  reloadEnv();
});

afterAll(async () => {
  await closeRuntimeDb();
  process.env.DATABASE_URL = savedUrl;
  reloadEnv();
});

describe("with the database unreachable", () => {
  it("answers 503 with Retry-After and a clear message, not a stack trace", async () => {
    const cookie = await sessionCookie({ id: crypto.randomUUID(), sessionVersion: 1 });
    const response = await trpcHttp("orgs.create", { method: "POST", input: { name: "Never Created" }, cookie });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = JSON.stringify(response.body);
    expect(body).toContain("The database is not reachable right now");
    expect(body).not.toMatch(/ECONNREFUSED|at \w+ \(/);
  });

  it("answers 503 with Retry-After through the route gate too", async () => {
    const cookie = await sessionCookie({ id: crypto.randomUUID(), sessionVersion: 1 });
    const route = tenantRoute({}, async () => Response.json({ reached: true }));
    const response = await route(new Request("http://localhost/api/probe", { headers: { cookie, "x-tenant-id": crypto.randomUUID() } }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = await response.text();
    expect(body).toContain("The database is not reachable right now");
    expect(body).not.toMatch(/ECONNREFUSED|at \w+ \(/);
  });

  it("reports not ready", async () => {
    const result = await checkReadiness();
    expect(result.ok).toBe(false);
    expect(result.body).toMatchObject({ status: "unavailable", database: "down" });
  });
});
