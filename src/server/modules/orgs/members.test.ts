import { describe, expect, it } from "vitest";
import { addMember, createTenant, createUser } from "../../../test/fixtures";
import { withTenant } from "../../db/tenant";
import { Conflict, Forbidden } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { changeMemberRole, leaveOrganization, removeMember } from "./members";
import { listMembers } from "./service";

async function teamOf(...roles: ("admin" | "member" | "viewer" | "owner")[]) {
  const { org, owner } = await createTenant();
  const people = [];
  for (const role of roles) {
    const user = await createUser();
    await addMember(org.id, user.id, role);
    people.push(user);
  }
  return { org, owner, people };
}

const as = (tenantId: string, userId: string) => <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId, userId }, fn);

describe("the last owner", () => {
  it("cannot leave, be demoted or be removed", async () => {
    const { org, owner, people } = await teamOf("admin");
    const run = as(org.id, owner.id);
    await expect(run((tx) => leaveOrganization(tx, { userId: owner.id, role: "owner" }))).rejects.toThrow(/last owner/);
    await expect(run((tx) => changeMemberRole(tx, { userId: owner.id, role: "owner" }, { userId: owner.id, role: "admin" }))).rejects.toBeInstanceOf(Conflict);
    const admin = people[0]!;
    await expect(as(org.id, admin.id)((tx) => removeMember(tx, { userId: admin.id, role: "admin" }, { userId: owner.id }))).rejects.toBeInstanceOf(Forbidden);
    const members = await run((tx) => listMembers(tx));
    expect(members.find((m) => m.userId === owner.id)?.role).toBe("owner");
  });

  it("can leave once someone else is an owner", async () => {
    const { org, owner, people } = await teamOf("admin");
    const run = as(org.id, owner.id);
    await run((tx) => changeMemberRole(tx, { userId: owner.id, role: "owner" }, { userId: people[0]!.id, role: "owner" }));
    await run((tx) => leaveOrganization(tx, { userId: owner.id, role: "owner" }));
    const members = await as(org.id, people[0]!.id)((tx) => listMembers(tx));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[people[0]!.id, "owner"]]);
  });

  it("survives two owners demoting each other at the same time", async () => {
    const { org, owner, people } = await teamOf("owner");
    const other = people[0]!;
    const results = await Promise.allSettled([
      as(org.id, owner.id)((tx) => changeMemberRole(tx, { userId: owner.id, role: "owner" }, { userId: other.id, role: "admin" })),
      as(org.id, other.id)((tx) => changeMemberRole(tx, { userId: other.id, role: "owner" }, { userId: owner.id, role: "admin" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const members = await as(org.id, owner.id)((tx) => listMembers(tx));
    expect(members.filter((m) => m.role === "owner")).toHaveLength(1);
  });
});

describe("managing members", () => {
  it("lets an admin change a member's role, audited with before and after", async () => {
    const { org, people } = await teamOf("admin", "member");
    const [admin, member] = people as [typeof people[0], typeof people[0]];
    await as(org.id, admin.id)((tx) => changeMemberRole(tx, { userId: admin.id, role: "admin" }, { userId: member.id, role: "viewer" }));
    const audit = await as(org.id, admin.id)((tx) => listAuditEntries(tx, { entityType: "membership" }));
    expect(audit.items[0]).toMatchObject({ action: "member.role_changed", entityId: member.id, actorUserId: admin.id });
  });

  it("does not let an admin make anyone an owner", async () => {
    const { org, people } = await teamOf("admin", "member");
    const [admin, member] = people as [typeof people[0], typeof people[0]];
    await expect(
      as(org.id, admin.id)((tx) => changeMemberRole(tx, { userId: admin.id, role: "admin" }, { userId: member.id, role: "owner" })),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it("removes a member, who then loses access", async () => {
    const { org, owner, people } = await teamOf("member");
    await as(org.id, owner.id)((tx) => removeMember(tx, { userId: owner.id, role: "owner" }, { userId: people[0]!.id }));
    const members = await as(org.id, owner.id)((tx) => listMembers(tx));
    expect(members.map((m) => m.userId)).toEqual([owner.id]);
  });

  it("refuses to remove yourself (leave instead)", async () => {
    const { org, people } = await teamOf("admin");
    const admin = people[0]!;
    await expect(as(org.id, admin.id)((tx) => removeMember(tx, { userId: admin.id, role: "admin" }, { userId: admin.id }))).rejects.toThrow(/leave/);
  });
});

describe("last active", () => {
  it("is recorded when a member uses the organization", async () => {
    const { callerFor } = await import("../../../test/fixtures");
    const { org, people } = await teamOf("member");
    const member = people[0]!;
    await callerFor(member, org.id).orgs.current();
    const members = await as(org.id, member.id)((tx) => listMembers(tx));
    const lastActive = members.find((m) => m.userId === member.id)!.lastActiveAt;
    expect(lastActive).not.toBeNull();
    expect(Date.now() - lastActive!.getTime()).toBeLessThan(60_000);
  });
});
