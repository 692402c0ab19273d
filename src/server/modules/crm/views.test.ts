import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../test/crm/team";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { createView, deleteView, listViews, updateView } from "./views";

describe("saved views", () => {
  it("belong to their creator alone", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    const view = await owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Customers", query: { filters: { lifecycleStages: ["customer"] }, sort: { field: "name", direction: "asc" } } }));
    expect(await member.run((tx) => listViews(tx, member.actor, "contact"))).toEqual([]);
    await expect(member.run((tx) => updateView(tx, member.actor, { id: view.id, name: "Mine now" }))).rejects.toBeInstanceOf(NotFound);
    await expect(member.run((tx) => deleteView(tx, member.actor, view.id))).rejects.toBeInstanceOf(NotFound);
    expect((await owner.run((tx) => listViews(tx, owner.actor, "contact"))).map((v) => [v.name, v.query])).toEqual([
      ["Customers", { filters: { lifecycleStages: ["customer"] }, sort: { field: "name", direction: "asc" } }],
    ]);
  });

  it("refuse filters the list would refuse, and duplicate names", async () => {
    const { owner } = await crmTeam();
    await expect(owner.run((tx) => createView(tx, owner.actor, { entityType: "contact", name: "Bad", query: { filters: { lifecycleStages: ["vip"] } } }))).rejects.toBeInstanceOf(ValidationFailed);
    await owner.run((tx) => createView(tx, owner.actor, { entityType: "company", name: "Partners", query: { filters: { tags: ["partner"] } } }));
    await expect(owner.run((tx) => createView(tx, owner.actor, { entityType: "company", name: "partners", query: { filters: {} } }))).rejects.toBeInstanceOf(Conflict);
  });

  it("keep their columns to their creator too", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => createView(tx, owner.actor, { entityType: "deal", name: "Pipeline", query: { filters: {}, columns: ["title", "amount"] } }));
    const mine = await member.run((tx) => createView(tx, member.actor, { entityType: "deal", name: "Pipeline", query: { filters: {}, columns: ["owner", "title"] } }));
    expect((await member.run((tx) => listViews(tx, member.actor, "deal"))).map((v) => [v.id, v.query.columns])).toEqual([[mine.id, ["owner", "title"]]]);
    expect((await owner.run((tx) => listViews(tx, owner.actor, "deal"))).map((v) => v.query.columns)).toEqual([["title", "amount"]]);
  });
});
