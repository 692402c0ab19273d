import { describe, expect, it } from "vitest";
import { exportHref, fromViewQuery, listSearch, parseListQuery, sameQuery, toListInput, type ListQuery } from "./list-query";
import type { CustomFieldDef } from "./types";

const ME_ID = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

function field(key: string, type: CustomFieldDef["type"], options: string[] = []): CustomFieldDef {
  const now = new Date();
  return { id: `${key}-id`, tenantId: "t", entityType: "contact", key, label: key, type, options, required: false, minValue: null, maxValue: null, position: 0, archivedAt: null, createdAt: now, updatedAt: now };
}

describe("list state in the URL", () => {
  it("reads back what it wrote (shareable links keep every filter and the sort)", () => {
    const query: ListQuery = {
      q: "ann",
      owners: ["me", OTHER],
      stages: ["lead", "customer"],
      tags: ["vip", "a,b"],
      companyId: OTHER,
      createdFrom: "2026-01-01",
      updatedTo: "2026-02-28",
      custom: { region: "North", budget_ok: "true" },
      sort: { field: "name", direction: "asc" },
    };
    const search = listSearch(query, "view-1");
    const params = new URLSearchParams(search);
    expect(params.get("view")).toBe("view-1");
    expect(parseListQuery(params, "contact")).toEqual(query);
  });

  it("drops malformed values instead of sending them to fail", () => {
    const parsed = parseListQuery(new URLSearchParams("owner=nobody&stage=vip&company=x&created_from=2026-02-30&sort=title.up&cf.Bad-Key=1"), "contact");
    expect(parsed).toEqual({ sort: { field: "updatedAt", direction: "desc" } });
  });

  it("keeps contact-only filters out of company lists", () => {
    expect(parseListQuery(new URLSearchParams(`stage=lead&company=${OTHER}&tag=x`), "company")).toEqual({ tags: ["x"], sort: { field: "updatedAt", direction: "desc" } });
  });

  it("leaves the default sort out of the address", () => {
    expect(listSearch({ sort: { field: "updatedAt", direction: "desc" } })).toBe("");
  });
});

describe("list input", () => {
  const fields = [field("region", "single_select", ["North", "South"]), field("seats", "number"), field("newsletter", "checkbox"), field("budget", "money")];

  it("turns 'me' into the viewer and custom values into their field's type", () => {
    const input = toListInput(
      { owners: ["me", OTHER], custom: { region: "North", seats: "12", newsletter: "false", budget: "100", gone: "x" }, sort: { field: "createdAt", direction: "asc" } },
      { userId: ME_ID, fields },
    );
    expect(input).toEqual({
      filters: { ownerIds: [ME_ID, OTHER], custom: { region: "North", seats: 12, newsletter: false } },
      sort: { field: "createdAt", direction: "asc" },
    });
  });

  it("drops an option that is not (or no longer) in the field", () => {
    expect(toListInput({ custom: { region: "East" }, sort: { field: "name", direction: "asc" } }, { userId: ME_ID, fields }).filters).toEqual({});
  });

  it("brings a saved view back with the viewer's own id as 'me'", () => {
    const stored = { filters: { ownerIds: [ME_ID], lifecycleStages: ["prospect"], custom: { seats: 12 } }, sort: { field: "name", direction: "desc" } };
    const query = fromViewQuery(stored, ME_ID, "contact");
    expect(query).toEqual({ owners: ["me"], stages: ["prospect"], custom: { seats: "12" }, sort: { field: "name", direction: "desc" } });
    expect(sameQuery(query, { ...query, owners: ["me"] })).toBe(true);
    expect(sameQuery(query, { ...query, stages: ["lead"] })).toBe(false);
  });

  it("exports exactly the list's filters and sort", () => {
    const href = exportHref("tenant-1", "contact", { filters: { q: "ann" }, sort: { field: "name", direction: "asc" } });
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/api/crm/export");
    expect(url.searchParams.get("tenant")).toBe("tenant-1");
    expect(url.searchParams.get("entity")).toBe("contact");
    expect(JSON.parse(url.searchParams.get("filters")!)).toEqual({ q: "ann" });
    expect(JSON.parse(url.searchParams.get("sort")!)).toEqual({ field: "name", direction: "asc" });
  });
});
