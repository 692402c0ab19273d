import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import type { TenantJob } from "../../jobs/define";
import { drainOutbox } from "../../jobs/worker";
import { ValidationFailed } from "../../platform/errors";
import { memberGateForJobs } from "../orgs/service";
import { countBulkSelection, getBulkJob, runBulk } from "./bulk";
import { createProduct, deleteProduct } from "./catalog/products";
import { inventoryBulkJob } from "./jobs";
import { inventoryTrash } from "./trash";

async function work() {
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [inventoryBulkJob as TenantJob<never>], memberGate: memberGateForJobs });
}

async function make(member: TeamMember, specs: { sku: string; category?: string; active?: boolean }[]) {
  return member.run(async (tx) => {
    const made: Record<string, string> = {};
    for (const spec of specs) made[spec.sku] = (await createProduct(tx, member.actor, { name: `Product ${spec.sku}`, ...spec })).id;
    return made;
  });
}

async function state(member: TeamMember) {
  const rows = await member.run((tx) =>
    tx.execute<{ sku: string; category: string | null; active: boolean; trashed: boolean }>(sql`
      select sku, category, active, deleted_at is not null as trashed from inventory_products order by sku`),
  );
  return Object.fromEntries(rows.map((r) => [r.sku, { category: r.category, active: r.active, trashed: r.trashed }]));
}

const actionsOf = async (member: TeamMember, action: string) =>
  (await member.run((tx) => tx.execute<{ entity_id: string }>(sql`select entity_id from audit_log where action = ${action} order by entity_id`))).map((r) => r.entity_id);

describe("bulk actions on products", () => {
  it("deactivates a selection in the request: unchanged and trashed products reported, one audit entry per change", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const ids = await make(member, [{ sku: "A-1" }, { sku: "A-2", active: false }, { sku: "A-3" }, { sku: "A-4" }]);
    await member.run((tx) => deleteProduct(tx, member.actor, ids["A-3"]!));
    const result = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["A-1"]!, ids["A-2"]!, ids["A-3"]!] }, action: { type: "setActive", active: false } }));
    expect(result).toEqual({ mode: "done", report: { total: 3, done: 1, unchanged: 1, skipped: 1, reasons: [{ reason: "Not found, or you do not have access to it.", count: 1 }] } });
    expect(await state(member)).toEqual({
      "A-1": { category: null, active: false, trashed: false },
      "A-2": { category: null, active: false, trashed: false },
      "A-3": { category: null, active: true, trashed: true },
      "A-4": { category: null, active: true, trashed: false },
    });
    expect(await actionsOf(member, "inventory.product.updated")).toEqual([ids["A-1"]]);
  });

  it("sets the category of every product matching the filter as a job, less the excluded ones", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const ids = await make(member, [
      { sku: "B-1", category: "Old" },
      { sku: "B-2", category: "Old" },
      { sku: "B-3", category: "Old" },
      { sku: "B-4", category: "Other" },
      { sku: "B-5", category: "Old", active: false },
    ]);
    const filters = { category: "Old", active: true };
    expect(await member.run((tx) => countBulkSelection(tx, { entityType: "product", filters }))).toEqual({ count: 3 });
    const started = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { filters, excludeIds: [ids["B-2"]!] }, action: { type: "setCategory", category: "  Fasteners " } }));
    if (started.mode !== "queued") throw new Error("a filter selection should be queued");
    expect(started.job).toMatchObject({ status: "queued", total: 2, actionType: "setCategory" });
    await work();
    const done = await member.run((tx) => getBulkJob(tx, member.actor, started.job.id));
    expect(done).toMatchObject({ status: "done", processed: 2, report: { total: 2, done: 2, unchanged: 0, skipped: 0, reasons: [] } });
    expect(await state(member)).toMatchObject({
      "B-1": { category: "Fasteners" },
      "B-2": { category: "Old" },
      "B-3": { category: "Fasteners" },
      "B-4": { category: "Other" },
      "B-5": { category: "Old" },
    });
    // Clearing the category, and a second run finding nothing left to change.
    const cleared = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["B-1"]!, ids["B-4"]!] }, action: { type: "setCategory", category: null } }));
    expect(cleared).toMatchObject({ mode: "done", report: { done: 2 } });
    const again = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["B-1"]!, ids["B-4"]!] }, action: { type: "setCategory", category: "" } }));
    expect(again).toMatchObject({ mode: "done", report: { done: 0, unchanged: 2 } });
  });

  it("deletes a selection to the trash, where each product can be restored", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const ids = await make(member, [{ sku: "C-1" }, { sku: "C-2" }, { sku: "C-3" }]);
    const result = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["C-1"]!, ids["C-2"]!] }, action: { type: "delete" } }));
    expect(result).toMatchObject({ mode: "done", report: { total: 2, done: 2, skipped: 0 } });
    expect((await member.run((tx) => inventoryTrash.listTrash(tx, {}))).items.map((i) => i.id).sort()).toEqual([ids["C-1"], ids["C-2"]].sort());
    expect((await actionsOf(member, "inventory.product.deleted")).sort()).toEqual([ids["C-1"], ids["C-2"]].sort());
    await member.run((tx) => inventoryTrash.restoreRecord(tx, member.actor, { kind: "product", id: ids["C-1"]! }));
    expect(await state(member)).toMatchObject({ "C-1": { trashed: false }, "C-2": { trashed: true }, "C-3": { trashed: false } });
  });

  it("refuses a bad action or filter before touching any product", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const ids = await make(member, [{ sku: "D-1", category: "Kept" }]);
    const before = await state(member);
    const tooLong = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["D-1"]!] }, action: { type: "setCategory", category: "x".repeat(101) } })).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ValidationFailed);
    const badFilter = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { filters: { active: "maybe" } }, action: { type: "setActive", active: true } })).catch((e: unknown) => e);
    expect(badFilter).toBeInstanceOf(ValidationFailed);
    const unknown = await member.run((tx) => runBulk(tx, member.actor, { entityType: "product", selection: { ids: [ids["D-1"]!] }, action: { type: "archive" } as never })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ValidationFailed);
    expect(await state(member)).toEqual(before);
  });
});
