import { describe, expect, it } from "vitest";
import { CRM_LIST_COLUMNS } from "@/server/modules/crm/validation";
import { createFormatter } from "@/lib/format";
import { dealColumns } from "./deal-table";

const context = { base: "/t/x/crm", fields: [], members: [], now: 0, today: "2026-12-04", pipelines: [], format: createFormatter() };

describe("the deal list's columns", () => {
  it("are the keys saved views accept, in the default order", () => {
    expect(dealColumns({ ...context, save: null }).map((c) => c.key)).toEqual([...CRM_LIST_COLUMNS.deal]);
  });

  it("offer no cell editor to viewers, and the editable ones to editors", () => {
    expect(dealColumns({ ...context, save: null }).filter((c) => c.edit)).toEqual([]);
    const save = async () => undefined;
    expect(dealColumns({ ...context, save }).filter((c) => c.edit).map((c) => c.key)).toEqual(["title", "stage", "amount", "owner", "close"]);
  });

  it("are sortable exactly where the list procedure has an index-served sort", () => {
    expect(dealColumns({ ...context, save: null }).flatMap((c) => (c.sortField ? [[c.key, c.sortField]] : []))).toEqual([
      ["title", "title"],
      ["amount", "amount"],
      ["close", "expectedCloseDate"],
      ["created", "createdAt"],
      ["updated", "updatedAt"],
    ]);
  });
});
