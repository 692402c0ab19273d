import { describe, expect, it } from "vitest";
import { MODULE_NAV } from "@/server/modules/nav";
import { SEARCH_SCOPE, searchScopeOf } from "./search-scope";

describe("global search scope from the modules' navigation", () => {
  it("names every searchable kind in the box's label and the empty answer", () => {
    expect(SEARCH_SCOPE.label).toBe("Search contacts, companies, deals and products");
    expect(SEARCH_SCOPE.nothingFound("zz")).toBe("No contacts, companies, deals or products match “zz”.");
  });

  it("links hits and lists inside the tenant", () => {
    const contact = SEARCH_SCOPE.kinds.find((kind) => kind.type === "contact")!;
    expect(contact.href("acme", "c1")).toBe("/t/acme/crm/contacts/c1");
    expect(SEARCH_SCOPE.lists.map((list) => list.href("acme", "ada"))).toEqual(["/t/acme/crm/contacts?q=ada", "/t/acme/crm/companies?q=ada", "/t/acme/inventory?q=ada"]);
  });

  it("grows with a module that declares search kinds", () => {
    const billing = { module: "billing", search: { kinds: [{ type: "invoice", label: "Invoices", noun: "invoices", href: (id: string) => `/billing/invoices/${id}` }] } };
    const scope = searchScopeOf([...MODULE_NAV, billing]);
    expect(scope.label).toBe("Search contacts, companies, deals, products and invoices");
    expect(scope.kinds.at(-1)!.href("acme", "i1")).toBe("/t/acme/billing/invoices/i1");
  });
});
