import { describe, expect, it } from "vitest";
import { createTenant, createUser } from "../../test/fixtures";
import { sessionCookie, trpcHttp } from "../../test/http";

type ErrorBody = { error: { json: { message: string; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null; stack?: string } } } };

describe("/api/trpc over HTTP", () => {
  it("returns a tenant query for a member with the session cookie and x-tenant-id", async () => {
    const { org, owner } = await createTenant();
    const response = await trpcHttp("orgs.current", { cookie: await sessionCookie(owner), tenantId: org.id });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ result: { data: { json: { id: org.id, name: org.name, role: "owner", memberCount: 1 } } } });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("turns invalid input into 400 with a message per field and no stack trace", async () => {
    const user = await createUser();
    const response = await trpcHttp("orgs.create", { method: "POST", input: { name: "x" }, cookie: await sessionCookie(user) });
    expect(response.status).toBe(400);
    const error = (response.body as ErrorBody).error.json;
    expect(error.message).toBe("Some fields need attention.");
    expect(error.data.fieldErrors).toEqual({ name: ["Use at least 2 characters."] });
    expect(error.data.stack).toBeUndefined();
  });

  it("answers a registration with a taken email exactly as a new one (no account enumeration)", async () => {
    const user = await createUser();
    const taken = await trpcHttp("accounts.register", {
      method: "POST",
      input: { name: "Copy", email: user.email, password: "another-long-password" },
    });
    const fresh = await trpcHttp("accounts.register", {
      method: "POST",
      input: { name: "New", email: `new-${crypto.randomUUID()}@example.com`, password: "another-long-password" },
    });
    expect(taken.status).toBe(200);
    expect(fresh.status).toBe(200);
    const withoutEmail = (body: unknown) => JSON.stringify(body).replace(/"email":"[^"]*"/g, "");
    expect(withoutEmail(taken.body)).toBe(withoutEmail(fresh.body));
  });

  it("answers 401 without a session and for a forged cookie", async () => {
    const { org } = await createTenant();
    expect((await trpcHttp("orgs.current", { tenantId: org.id })).status).toBe(401);
    expect((await trpcHttp("orgs.current", { tenantId: org.id, cookie: "neuroops.session=forged" })).status).toBe(401);
  });

  it("ends sessions issued under an older session version", async () => {
    const { org, owner } = await createTenant();
    const stale = await sessionCookie({ id: owner.id, sessionVersion: owner.sessionVersion - 1 });
    const response = await trpcHttp("orgs.current", { cookie: stale, tenantId: org.id });
    expect(response.status).toBe(401);
    expect((response.body as ErrorBody).error.json.message).toMatch(/session has ended/);
  });

  it("answers 403 to a member of another tenant", async () => {
    const { org } = await createTenant();
    const { owner: outsider } = await createTenant();
    const response = await trpcHttp("members.list", { cookie: await sessionCookie(outsider), tenantId: org.id });
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).not.toContain(org.name);
  });
});
