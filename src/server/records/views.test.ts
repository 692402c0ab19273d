import { describe, expect, it } from "vitest";
import { crmTeam } from "../../test/crm/team";
import { createView, listViews, updateView } from "../modules/crm/views";
import { ValidationFailed } from "../platform/errors";

/* Saved views keep what the list accepts and nothing else (CRM's views are the records machinery's user). */

describe("saved views store only the validated query", () => {
  it("drops what the list would not use (unknown filters, cursor, limit) and keeps the parsed values", async () => {
    const { owner } = await crmTeam();
    const query = {
      filters: { tags: [" Partner "], smuggled: "x".repeat(10_000), lifecycleStages: ["lead"] },
      sort: { field: "name", direction: "asc" },
      cursor: "abc",
      limit: 5,
    };
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Partners", query }));
    expect(view.query).toEqual({ filters: { tags: ["partner"], lifecycleStages: ["lead"] }, sort: { field: "name", direction: "asc" } });
    const [stored] = await owner.run((tx) => listViews(tx, owner.actor, "contact"));
    expect(stored!.query).toEqual(view.query);
  });

  it("keeps a view without a sort without one", async () => {
    const { owner } = await crmTeam();
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "company", name: "All", query: { filters: {} } }));
    expect(view.query).toEqual({ filters: {} });
  });

  it("refuses a query larger than the cap, on create and on update", async () => {
    const { owner } = await crmTeam();
    const custom = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field_${i}`, "v".repeat(200)]));
    const big = { filters: { custom } };
    await expect(owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Big", query: big }))).rejects.toBeInstanceOf(ValidationFailed);
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Small", query: { filters: {} } }));
    await expect(owner.run((tx) => updateView(tx, owner.actor, { id: view.id, query: big }))).rejects.toBeInstanceOf(ValidationFailed);
    const [stored] = await owner.run((tx) => listViews(tx, owner.actor, "contact"));
    expect(stored!.query).toEqual({ filters: {} });
  });
});
