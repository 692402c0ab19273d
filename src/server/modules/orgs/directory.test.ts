import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMember, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { withUser } from "../../db/tenant";
import { memberDirectory } from "./directory";

describe("member directory", () => {
  it("lists the current tenant's members only, and nobody outside a tenant transaction", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const colleague = await createUser();
    await addMember(a.org.id, colleague.id, "viewer");

    const inA = await inTenant(a.org.id, (tx) => tx.select().from(memberDirectory).orderBy(memberDirectory.name));
    expect(inA.map((row) => [row.userId, row.role]).sort()).toEqual([[a.owner.id, "owner"], [colleague.id, "viewer"]].sort());
    expect(inA.every((row) => row.tenantId === a.org.id)).toBe(true);
    const inB = await inTenant(b.org.id, (tx) => tx.select().from(memberDirectory));
    expect(inB.map((row) => row.userId)).toEqual([b.owner.id]);
    // The memberships policy lets a user see their own memberships outside a tenant; the directory shows them, no one else's.
    const outside = await withUser(colleague.id, (tx) => tx.select().from(memberDirectory));
    expect(outside.map((row) => row.userId)).toEqual([colleague.id]);
  });

  it("publishes user profiles without password hashes or session versions", async () => {
    const { org } = await createTenant();
    const columns = await inTenant(org.id, (tx) =>
      tx.execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'user_profiles' order by ordinal_position`),
    );
    // The avatar's version (migration 0022) is public to members; the picture itself goes through /api/avatars.
    expect(columns.map((row) => row.column_name)).toEqual(["id", "name", "email", "avatar_updated_at"]);
  });
});
