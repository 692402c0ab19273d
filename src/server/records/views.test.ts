import { describe, expect, it } from "vitest";
import { crmTeam } from "../../test/crm/team";
import { createCustomField, setCustomFieldArchived } from "../modules/crm/custom-fields";
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

  it("keeps the columns shown in the order given, each known one once, and drops unknown ones", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Shoe size", key: "shoe_size", type: "number" }));
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "company", label: "Region code", key: "region_code", type: "text" }));
    const columns = ["name", "cf.shoe_size", "owner", "email", "owner", "cf.region_code", "cf.nope", "title", "<script>", "amount"];
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Mine", query: { filters: {}, columns } }));
    // cf.region_code is a company field, amount a deal column: neither is a contact list's column.
    expect(view.query).toEqual({ filters: {}, columns: ["name", "cf.shoe_size", "owner", "email"] });
    const [stored] = await owner.run((tx) => listViews(tx, owner.actor, "contact"));
    expect(stored!.query.columns).toEqual(["name", "cf.shoe_size", "owner", "email"]);
  });

  it("checks columns again on update: a custom field archived since is no longer a column", async () => {
    const { owner } = await crmTeam();
    const field = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "deal", label: "Source", key: "source", type: "text" }));
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "deal", name: "Deals", query: { filters: {}, columns: ["title", "cf.source", "amount"] } }));
    expect(view.query.columns).toEqual(["title", "cf.source", "amount"]);
    await owner.run((tx) => setCustomFieldArchived(tx, owner.actor, field.id, true));
    const updated = await owner.run((tx) => updateView(tx, owner.actor, { id: view.id, query: { filters: {}, columns: ["amount", "cf.source", "title"] } }));
    expect(updated.query).toEqual({ filters: {}, columns: ["amount", "title"] });
    // A rename leaves the stored query (and its columns) as they were.
    const renamed = await owner.run((tx) => updateView(tx, owner.actor, { id: view.id, name: "Big deals" }));
    expect(renamed.query).toEqual({ filters: {}, columns: ["amount", "title"] });
  });

  it("refuses columns that are not a list of keys", async () => {
    const { owner } = await crmTeam();
    await expect(owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Bad", query: { filters: {}, columns: "name" as never } }))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Bad", query: { filters: {}, columns: [{ key: "name" }] as never } }))).rejects.toBeInstanceOf(ValidationFailed);
  });
});
