import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { createView, deleteView, listViews, updateView } from "./views";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("saved views of the product list", () => {
  it("keeps the list's filters, sort and known columns, per member, audited", async () => {
    const team = await crmTeam("viewer");
    const [viewer] = team.people as [TeamMember];
    const view = await viewer.run((tx) =>
      createView(tx, viewer.actor, {
        entityType: "product",
        name: "Low stock tools",
        query: {
          filters: { category: "Tools", lowStock: true, active: true, owner: "nobody" },
          sort: { field: "sku", direction: "asc" },
          columns: ["sku", "name", "onHand", "password", "sku", "available"],
        },
      }),
    );
    // Unknown filters and columns are dropped, repeats kept once, the sort as the list parses it.
    expect(view.query).toEqual({ filters: { category: "Tools", lowStock: true, active: true }, sort: { field: "sku", direction: "asc" }, columns: ["sku", "name", "onHand", "available"] });
    expect(await viewer.run((tx) => listViews(tx, viewer.actor, "product"))).toEqual([expect.objectContaining({ id: view.id, name: "Low stock tools", entityType: "product" })]);
    // Another member's views are theirs alone.
    expect(await team.owner.run((tx) => listViews(tx, team.owner.actor, "product"))).toEqual([]);
    expect(await failure(team.owner.run((tx) => updateView(tx, team.owner.actor, { id: view.id, name: "Taken over" })))).toBeInstanceOf(NotFound);

    const renamed = await viewer.run((tx) => updateView(tx, viewer.actor, { id: view.id, name: "Tools to reorder", query: { filters: { q: "drill" } } }));
    expect(renamed).toMatchObject({ name: "Tools to reorder", query: { filters: { q: "drill" } } });
    await viewer.run((tx) => deleteView(tx, viewer.actor, view.id));
    expect(await viewer.run((tx) => listViews(tx, viewer.actor, "product"))).toEqual([]);
    const audit = await team.owner.run((tx) => listAuditEntries(tx, { entityId: view.id }));
    expect(audit.items.map((e) => e.action)).toEqual(["inventory.view.deleted", "inventory.view.updated", "inventory.view.created"]);
  });

  it("refuses a filter the list would refuse, an unknown sort and a name already used", async () => {
    const team = await crmTeam();
    const owner = team.owner;
    expect(await failure(owner.run((tx) => createView(tx, owner.actor, { entityType: "product", name: "Bad", query: { filters: { active: "maybe" } } })))).toBeInstanceOf(ValidationFailed);
    expect(
      await failure(owner.run((tx) => createView(tx, owner.actor, { entityType: "product", name: "Bad sort", query: { filters: {}, sort: { field: "standardCostMinor", direction: "asc" } } }))),
    ).toBeInstanceOf(ValidationFailed);
    await owner.run((tx) => createView(tx, owner.actor, { entityType: "product", name: "Inactive", query: { filters: { active: false } } }));
    expect(await failure(owner.run((tx) => createView(tx, owner.actor, { entityType: "product", name: "inactive", query: { filters: {} } })))).toEqual(
      new Conflict("You already have a view with this name. Choose another name."),
    );
  });
});
