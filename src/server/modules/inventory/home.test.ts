import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { stockedProduct } from "../../../test/inventory/stocked";
import type { HomeContext, HomeListSection } from "../home-types";
import { ALL_HOME } from "../index";
import { loadHome } from "../home/service";
import { inventoryChecklist, inventoryHome } from "./home";

const contextOf = (who: TeamMember): HomeContext => ({ actor: who.actor, role: who.role, now: new Date(), timeZone: "UTC", baseCurrency: "EUR" });

describe("inventory on the home page", () => {
  it("shows members the products at or below their reorder point, lowest first, out of stock in red", async () => {
    const { org, owner, people } = await crmTeam("member", "viewer");
    const [member, viewer] = people as [TeamMember, TeamMember];
    const empty = (await member.run((tx) => inventoryHome.sections!(tx, contextOf(member)))) as HomeListSection[];
    expect(empty).toEqual([expect.objectContaining({ id: "inventory-low-stock", groups: [expect.objectContaining({ items: [], total: 0 })] })]);

    const out = await stockedProduct(org.id, owner.actor, { name: "Out", sku: "OUT", reorderPoint: "1" });
    await stockedProduct(org.id, owner.actor, { name: "Low", sku: "LOW", onHand: "3", reorderPoint: "5" });
    await stockedProduct(org.id, owner.actor, { name: "Plenty", sku: "PLENTY", onHand: "9", reorderPoint: "5" });

    const [section] = (await member.run((tx) => inventoryHome.sections!(tx, contextOf(member)))) as HomeListSection[];
    expect(section!.groups[0]!.total).toBe(2);
    expect(section!.groups[0]!.items).toEqual([
      { id: expect.any(String), title: "Low (LOW)", href: expect.stringMatching(/^\/inventory\/products\//), detail: "Main warehouse: 3 pcs available, reorder point 5", tone: undefined },
      { id: `${out.productId}:${out.warehouseId}`, title: "Out (OUT)", href: `/inventory/products/${out.productId}`, detail: "Main warehouse: 0 pcs available, reorder point 1", tone: "danger" },
    ]);
    expect(section!.more).toEqual({ label: "All low stock", href: "/inventory/low-stock" });

    // A viewer cannot restock: no section for them.
    expect(await viewer.run((tx) => inventoryHome.sections!(tx, contextOf(viewer)))).toEqual([]);
  });

  it("checks off \"Add your first product\" from the organization's products, with a link only for those who can add one", async () => {
    const { org, owner, people } = await crmTeam("viewer");
    const [viewer] = people as [TeamMember];
    const [before] = await owner.run((tx) => inventoryChecklist(tx, contextOf(owner)));
    expect(before).toMatchObject({ id: "inventory-first-product", label: "Add your first product", done: false, href: "/inventory/products/new" });
    const [forViewer] = await viewer.run((tx) => inventoryChecklist(tx, contextOf(viewer)));
    expect(forViewer!.href).toBeUndefined();

    await stockedProduct(org.id, owner.actor, { name: "First" });
    const [after] = await owner.run((tx) => inventoryChecklist(tx, contextOf(owner)));
    expect(after).toMatchObject({ done: true, description: "Your organization has a product." });

    // Through the home page itself: the module's step and section are there.
    const home = await owner.run((tx) => loadHome(tx, owner.actor, org.id, ALL_HOME));
    expect(home.sections.map((s) => s.id)).toContain("inventory-low-stock");
    expect(home.checklist?.steps.find((s) => s.id === "inventory-first-product")).toMatchObject({ done: true });
  });
});
