import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../../db/tenant";
import { addMember, callerFor, codeOf, createTenant, createUser } from "../../../test/fixtures";
import { createContact } from "../crm/contacts/contacts";
import { updateVisibilitySettings } from "../crm/settings";
import { DEFAULT_PREFERENCES } from "./validation";
import { notifications } from "./schema";
import { UNREAD_COUNT_CAP } from "./service";

/** Writes notifications as the jobs do (as the system). */
async function notify(tenantId: string, userId: string, count: number, extra: Partial<typeof notifications.$inferInsert> = {}) {
  return withTenant({ tenantId }, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const [row] = await tx
        .insert(notifications)
        .values({ userId, kind: "deal_assigned", title: `N${i}`, idempotencyKey: `k-${crypto.randomUUID()}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)), ...extra })
        .returning({ id: notifications.id });
      ids.push(row!.id);
    }
    return ids;
  });
}

async function setup() {
  const { org, owner } = await createTenant();
  const member = await createUser();
  await addMember(org.id, member.id, "member");
  return { tenantId: org.id, owner, member, asOwner: callerFor(owner, org.id), asMember: callerFor(member, org.id) };
}

describe("the bell", () => {
  it("lists the caller's notifications newest first, a keyset page at a time", async () => {
    const { tenantId, member, asMember } = await setup();
    await notify(tenantId, member.id, 5);
    const first = await asMember.notifications.list({ limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(["N4", "N3"]);
    const second = await asMember.notifications.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(["N2", "N1"]);
    const third = await asMember.notifications.list({ limit: 2, cursor: second.nextCursor });
    expect(third).toMatchObject({ items: [expect.objectContaining({ title: "N0" })], nextCursor: null });
  });

  it("counts unread ones, marks one and all read, and only the caller's", async () => {
    const { tenantId, owner, member, asOwner, asMember } = await setup();
    const [mine] = await notify(tenantId, member.id, 3);
    const [ownersId] = await notify(tenantId, owner.id, 1);
    expect(await asMember.notifications.unreadCount()).toEqual({ count: 3, capped: false });

    await asMember.notifications.markRead({ id: mine! });
    await asMember.notifications.markRead({ id: mine! }); // again: no change
    expect((await asMember.notifications.unreadCount()).count).toBe(2);
    expect((await asMember.notifications.list({ unreadOnly: true })).items).toHaveLength(2);

    // Another member of the same tenant can neither read nor mark it.
    expect(await codeOf(asOwner.notifications.markRead({ id: mine! }))).toBe("NOT_FOUND");
    expect(await codeOf(asMember.notifications.markRead({ id: ownersId! }))).toBe("NOT_FOUND");
    expect((await asOwner.notifications.list({})).items.map((n) => n.id)).toEqual([ownersId]);

    expect(await asMember.notifications.markAllRead()).toEqual({ marked: 2 });
    expect((await asMember.notifications.unreadCount()).count).toBe(0);
    expect((await asOwner.notifications.unreadCount()).count).toBe(1);
  });

  it("caps the count", async () => {
    const { tenantId, member, asMember } = await setup();
    await notify(tenantId, member.id, UNREAD_COUNT_CAP + 2);
    expect(await asMember.notifications.unreadCount()).toEqual({ count: UNREAD_COUNT_CAP, capped: true });
  });

  it("hides another member's rows in the database too, even without the service's filter", async () => {
    const { tenantId, owner, member } = await setup();
    await notify(tenantId, owner.id, 2);
    const seen = await withTenant({ tenantId, userId: member.id, role: "member" }, (tx) => tx.execute(sql`select id from notifications`));
    expect(seen).toHaveLength(0);
    const forged = await withTenant({ tenantId, userId: member.id, role: "member" }, (tx) =>
      tx.execute(sql`update notifications set read_at = now() where user_id = ${owner.id} returning id`),
    );
    expect(forged).toHaveLength(0);
  });

  it("says a link is no longer available when the caller cannot see its record, keeping the words it was written with", async () => {
    const { tenantId, owner, member, asMember } = await setup();
    const contact = await withTenant({ tenantId, userId: owner.id, role: "owner" }, (tx) => createContact(tx, { userId: owner.id, role: "owner" }, { firstName: "Secret", lastName: "Lead" }));
    await notify(tenantId, member.id, 1, { title: "Mentioned", body: "Secret Lead", entityType: "crm.contact", entityId: contact.id });
    expect((await asMember.notifications.list({})).items[0]).toMatchObject({ available: true, body: "Secret Lead" });
    await withTenant({ tenantId, userId: owner.id, role: "owner" }, (tx) =>
      updateVisibilitySettings(tx, { userId: owner.id, role: "owner" }, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }),
    );
    expect((await asMember.notifications.list({})).items[0]).toMatchObject({ available: false, body: "Secret Lead", entityId: contact.id });
  });
});

describe("preferences", () => {
  it("start from the defaults and keep what the user changes", async () => {
    const user = await createUser();
    const api = callerFor(user);
    expect(await api.notifications.preferences()).toEqual(DEFAULT_PREFERENCES);
    const after = await api.notifications.setPreferences({ task_overdue: { inApp: true, email: true } });
    expect(after.task_overdue).toEqual({ inApp: true, email: true });
    expect(after.mention).toEqual(DEFAULT_PREFERENCES.mention);
    expect((await callerFor(await createUser()).notifications.preferences()).task_overdue).toEqual(DEFAULT_PREFERENCES.task_overdue);
  });

  it("refuse a signed-out caller and bad input", async () => {
    expect(await codeOf(callerFor(null).notifications.preferences())).toBe("UNAUTHORIZED");
    const api = callerFor(await createUser());
    expect(await codeOf(api.notifications.setPreferences({ mention: { inApp: "yes" } } as never))).toBe("BAD_REQUEST");
  });
});
