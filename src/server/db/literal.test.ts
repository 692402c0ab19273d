import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { findMembership } from "../modules/orgs/service";
import { runtimeDb } from "./client";
import { idTextLiteral, textLiteral, UnsafeLiteralError, uuidLiteral } from "./literal";
import { withTenant, withTenantPipelined } from "./tenant";

const HOSTILE_TEXT = [
  "",
  "plain-id_1.2:3",
  "it's",
  "\\'; select 1; --",
  "back\\slash\\",
  "$$ dollar $tag$",
  "line\nbreak\ttab",
  "ünïcødé ✓ 🚀",
  "'); drop table audit_log; --",
];

async function roundTrip(value: string, standardConformingStrings: "on" | "off"): Promise<string> {
  return runtimeDb().transaction(async (tx) => {
    await tx.execute(sql.raw(`set local standard_conforming_strings = ${standardConformingStrings}`));
    const rows = await tx.execute<{ value: string }>(sql`select ${textLiteral(value)} as value`);
    return rows[0]!.value;
  });
}

describe("literals in the statements every tenant request runs", () => {
  it("reads any text back exactly, whatever standard_conforming_strings says", async () => {
    for (const value of HOSTILE_TEXT) {
      for (const setting of ["on", "off"] as const) {
        expect({ value, setting, read: await roundTrip(value, setting) }).toEqual({ value, setting, read: value });
      }
    }
  });

  it("writes only quoted letters, digits and ._:- (nothing that could end a literal)", () => {
    const dialect = new PgDialect();
    for (const value of HOSTILE_TEXT) {
      const query = dialect.sqlToQuery(sql`select ${textLiteral(value)}`);
      expect(query.params).toEqual([]);
      // Take out every plain quoted literal: no quote or backslash may remain.
      expect({ value, rest: query.sql.replace(/'[A-Za-z0-9._:-]*'/g, "") }).not.toMatchObject({ rest: expect.stringMatching(/['\\]/) });
    }
  });

  it("refuses an id that is not a UUID", () => {
    for (const value of ["x", "1' or '1'='1", "00000000-0000-0000-0000-00000000000'", " 00000000-0000-0000-0000-000000000000"]) {
      expect(() => uuidLiteral(value)).toThrow(UnsafeLiteralError);
      expect(() => idTextLiteral(value)).toThrow(UnsafeLiteralError);
    }
    expect(() => idTextLiteral("")).not.toThrow();
    expect(() => uuidLiteral("")).toThrow(UnsafeLiteralError);
  });

  it("sets the tenant settings from literals, a hostile request id included", async () => {
    const { org, owner } = await createTenant();
    const requestId = "req'\\; select set_config('app.tenant_id', '', true); --";
    const settings = await withTenant({ tenantId: org.id, userId: owner.id, requestId, role: "admin" }, async (tx) => {
      const rows = await tx.execute<{ tenant_id: string; user_id: string; request_id: string; role: string; db_role: string }>(sql`
        select current_setting('app.tenant_id') as tenant_id, current_setting('app.user_id') as user_id,
               current_setting('app.request_id') as request_id, current_setting('app.role') as role, current_user as db_role`);
      return rows[0]!;
    });
    expect(settings).toEqual({ tenant_id: org.id, user_id: owner.id, request_id: requestId, role: "admin", db_role: "neuroops_app" });
  });

  it("refuses a tenant id that is not a UUID before sending anything", async () => {
    await expect(withTenant({ tenantId: "not-a-uuid" }, async () => "ran")).rejects.toThrow(UnsafeLiteralError);
  });

  it("runs the membership check pipelined behind the settings, and it sees the tenant and sets the member's role", async () => {
    const { org, owner } = await createTenant();
    const seen = await withTenantPipelined(
      { tenantId: org.id, userId: owner.id, requestId: "r-1" },
      (tx) => findMembership(tx, org.id, owner.id),
      async (tx, membership) => {
        const rows = await tx.execute<{ role: string }>(sql`select current_setting('app.role') as role`);
        return { membership: membership?.role, setting: rows[0]!.role };
      },
    );
    expect(seen).toEqual({ membership: "owner", setting: "owner" });
  });
});
