import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { withTenant } from "../../../db/tenant";
import { addMember, callerFor, codeOf, createUser } from "../../../../test/fixtures";
import type { MemberRole } from "../../orgs/roles";
import { createConversation } from "./conversations";
import { buildChatFixture, chatIsolationCases } from "./isolation-cases";
import { tenantOnPlan } from "./test-support";

async function conversationsOf(tenantId: string, userId: string, titles: string[]): Promise<string[]> {
  const ids: string[] = [];
  // One transaction each, so every conversation has its own now() and the order is by activity.
  for (const title of titles) ids.push(await withTenant({ tenantId, userId }, (tx) => createConversation(tx, title)));
  return ids;
}

describe("ai.conversations", () => {
  it("lists the caller's own conversations, most recently active first, a page at a time", async () => {
    const { org, owner } = await tenantOnPlan();
    const colleague = await createUser();
    await addMember(org.id, colleague.id, "member");
    const ids = await conversationsOf(org.id, owner.id, ["one", "two", "three"]);
    await conversationsOf(org.id, colleague.id, ["colleague's"]);
    const api = callerFor(owner, org.id);
    const first = await api.ai.conversations.list({ limit: 2 });
    expect(first.items.map((item) => item.title)).toEqual(["three", "two"]);
    const second = await api.ai.conversations.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it("renames and deletes the caller's conversation, and refuses a colleague's with NOT_FOUND", async () => {
    const { org, owner } = await tenantOnPlan();
    const colleague = await createUser();
    await addMember(org.id, colleague.id, "admin");
    const [id] = await conversationsOf(org.id, owner.id, ["Old title"]);
    const theirs = callerFor(colleague, org.id);
    expect(await codeOf(theirs.ai.conversations.rename({ id: id!, title: "Hijacked" }))).toBe("NOT_FOUND");
    expect(await codeOf(theirs.ai.conversations.delete({ id: id! }))).toBe("NOT_FOUND");

    const mine = callerFor(owner, org.id);
    expect(await mine.ai.conversations.rename({ id: id!, title: "  New title " })).toMatchObject({ id, title: "New title" });
    expect(await codeOf(mine.ai.conversations.rename({ id: id!, title: "  " }))).toBe("BAD_REQUEST");
    expect(await mine.ai.conversations.delete({ id: id! })).toEqual({ deleted: true });
    expect(await codeOf(mine.ai.conversations.get({ id: id! }))).toBe("NOT_FOUND");
  });
});

/*
 * The isolation cases as the app's isolation test will run them once the AI module lists
 * them (src/test/tenant-procedures.ts): across tenants, and the role matrix.
 */
describe("chatIsolationCases", () => {
  const rank = { viewer: 0, member: 1, admin: 2, owner: 3 } as const;
  const fixture = async () => {
    const { org, owner } = await tenantOnPlan("business");
    return { org, owner, ids: { chat: await buildChatFixture({ tenantId: org.id, owner, name: org.name }) } };
  };

  it.each(Object.entries(chatIsolationCases))("%s: FORBIDDEN across tenants, never the other tenant's data", async (_path, procedure) => {
    const [a, b] = await Promise.all([fixture(), fixture()]);
    expect(await codeOf(procedure.call(callerFor(a.owner, b.org.id), b.ids))).toBe("FORBIDDEN");
    try {
      const text = JSON.stringify(await procedure.call(callerFor(a.owner, a.org.id), b.ids));
      for (const marker of [b.org.id, b.org.name, b.owner.id]) expect(text).not.toContain(marker);
    } catch (error) {
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("NOT_FOUND");
    }
  });

  it.each(Object.entries(chatIsolationCases))("%s: every role passes authorization (others' conversations are NOT_FOUND)", async (_path, procedure) => {
    for (const role of ["owner", "admin", "member", "viewer"] as MemberRole[]) {
      const tenant = await fixture();
      let caller = tenant.owner;
      if (role !== "owner") {
        caller = await createUser();
        await addMember(tenant.org.id, caller.id, role);
      }
      const code = await codeOf(procedure.call(callerFor(caller, tenant.org.id), tenant.ids));
      expect(rank[role] >= rank[procedure.minimumRole]).toBe(true);
      expect(role === "owner" ? ["OK"] : procedure.hidesOthersRecords ? ["OK", "NOT_FOUND"] : ["OK"]).toContain(code);
    }
  });
});
