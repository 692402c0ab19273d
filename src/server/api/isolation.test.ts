import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, callerFor, codeOf, createUser } from "../../test/fixtures";
import {
  buildTenantFixture,
  NON_TENANT_PROCEDURES,
  TENANT_PROCEDURES,
  type TenantFixture,
} from "../../test/tenant-procedures";
import { appRouter } from "./root";
import type { MemberRole } from "../modules/orgs/schema";

let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  [a, b] = await Promise.all([buildTenantFixture(), buildTenantFixture()]);
});

/** Strings that identify tenant B's data: none may appear in anything A's members get back. */
function foreignMarkers(): string[] {
  return [b.tenantId, b.name, b.owner.email, b.owner.id];
}

describe("tenant isolation", () => {
  it("lists every procedure of the app router in the isolation table", () => {
    const known = new Set([...Object.keys(TENANT_PROCEDURES), ...Object.keys(NON_TENANT_PROCEDURES)]);
    const missing = Object.keys(appRouter._def.procedures).filter((path) => !known.has(path));
    expect(missing).toEqual([]);
  });

  describe.each(Object.entries(TENANT_PROCEDURES))("%s", (_path, procedure) => {
    it("answers FORBIDDEN to a member of A asking for tenant B", async () => {
      expect(await codeOf(procedure.call(callerFor(a.owner, b.tenantId), b))).toBe("FORBIDDEN");
    });

    it("never returns B's data to A's owner using B's ids inside tenant A", async () => {
      try {
        const result = await procedure.call(callerFor(a.owner, a.tenantId), b);
        const text = JSON.stringify(result, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
        for (const marker of foreignMarkers()) expect(text).not.toContain(marker);
      } catch (error) {
        // Refused (NOT_FOUND/FORBIDDEN) or failed on its own rules (e.g. CONFLICT), never with B's data.
        expect(error).toBeInstanceOf(TRPCError);
        for (const marker of foreignMarkers()) expect((error as TRPCError).message).not.toContain(marker);
      }
    });

    it("answers FORBIDDEN to a signed-in user who belongs to no tenant", async () => {
      const loner = await createUser();
      expect(await codeOf(procedure.call(callerFor(loner, a.tenantId), a))).toBe("FORBIDDEN");
    });

    it("answers UNAUTHORIZED when signed out", async () => {
      expect(await codeOf(procedure.call(callerFor(null, a.tenantId), a))).toBe("UNAUTHORIZED");
    });

    it("answers FORBIDDEN for a malformed or unknown tenant id", async () => {
      expect(await codeOf(procedure.call(callerFor(a.owner, "not-a-uuid"), a))).toBe("FORBIDDEN");
      expect(await codeOf(procedure.call(callerFor(a.owner, crypto.randomUUID()), a))).toBe("FORBIDDEN");
    });
  });
});

describe("role matrix", () => {
  const roles: MemberRole[] = ["owner", "admin", "member", "viewer"];
  const rank = { viewer: 0, member: 1, admin: 2, owner: 3 } as const;
  const users: Partial<Record<MemberRole, Awaited<ReturnType<typeof createUser>>>> = {};

  beforeAll(async () => {
    users.owner = a.owner;
    for (const role of ["admin", "member", "viewer"] as const) {
      const user = await createUser();
      await addMember(a.tenantId, user.id, role);
      users[role] = user;
    }
  });

  const cases = Object.entries(TENANT_PROCEDURES).flatMap(([path, procedure]) =>
    roles.map((role) => ({ path, role, procedure, allowed: rank[role] >= rank[procedure.minimumRole] })),
  );

  // Allowed means past authorization: the call may still fail on its own rules
  // (e.g. CONFLICT for retrying an event that an earlier row already retried).
  it.each(cases)("$path as $role → allowed: $allowed", async ({ role, procedure, allowed }) => {
    let tenant = a;
    let caller = users[role]!;
    if (procedure.fresh) {
      tenant = await buildTenantFixture();
      if (role !== "owner") {
        caller = await createUser();
        await addMember(tenant.tenantId, caller.id, role);
      } else caller = tenant.owner;
    }
    const code = await codeOf(procedure.call(callerFor(caller, tenant.tenantId), tenant));
    // NOT_FOUND passes for an allowed role only where the case says the procedure hides
    // others' records: elsewhere a missing record must not pass for a permission check.
    if (allowed) expect(procedure.hidesOthersRecords ? ["OK", "CONFLICT", "NOT_FOUND"] : ["OK", "CONFLICT"]).toContain(code);
    else expect(code).toBe("FORBIDDEN");
  });
});
