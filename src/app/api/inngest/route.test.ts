import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadEnv } from "@/server/platform/env";
import { logger } from "@/server/platform/logger";
import { GET, POST, PUT } from "./route";

function request(method: string) {
  return new NextRequest("http://localhost/api/inngest", { method, ...(method === "GET" ? {} : { body: "{}", headers: { "content-type": "application/json" } }) });
}

describe("/api/inngest without Inngest configured", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers 404 with a clear message to every method, and logs it once", async () => {
    delete process.env.INNGEST_EVENT_KEY;
    delete process.env.INNGEST_DEV;
    reloadEnv();
    const warn = vi.spyOn(logger, "warn");
    for (const [handler, method] of [
      [GET, "GET"],
      [POST, "POST"],
      [PUT, "PUT"],
      [GET, "GET"],
    ] as const) {
      const response = await handler(request(method), undefined);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(/Inngest is not configured on this server/);
    }
    expect(warn.mock.calls.filter(([, message]) => typeof message === "string" && message.includes("Inngest is not configured"))).toHaveLength(1);
  });
});
