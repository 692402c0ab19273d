import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ALL_AI_TOOLS, MODULES } from ".";
import { MEMBER_ROLES } from "./orgs/roles";

/* The AI assistant's tools, from every module's manifest: what the chat's tool registry relies on. */

describe("AI tools", () => {
  it("gives every tool a unique snake_case name", () => {
    const names = ALL_AI_TOOLS.map((tool) => tool.name);
    expect(new Set(names).size, names.join(", ")).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it("gives every tool a description for the model, an object input as zod and a member role", () => {
    for (const tool of ALL_AI_TOOLS) {
      expect(tool.description.trim().length, tool.name).toBeGreaterThanOrEqual(40);
      expect(tool.input, tool.name).toBeInstanceOf(z.ZodObject);
      // The model is sent the input as JSON Schema (what it may send, before defaults and transforms).
      expect(z.toJSONSchema(tool.input, { io: "input" }), tool.name).toMatchObject({ type: "object" });
      expect(MEMBER_ROLES, tool.name).toContain(tool.minimumRole);
      expect(typeof tool.run, tool.name).toBe("function");
    }
  });

  it("declares each tool in the module that owns its data", () => {
    const namesOf = (id: string) => MODULES.find((m) => m.id === id)?.aiTools?.map((t) => t.name);
    // Other modules may add their own; these are the ones over CRM, inventory and accounting data.
    expect({ crm: namesOf("crm"), inventory: namesOf("inventory"), accounting: namesOf("accounting") }).toEqual({
      crm: ["search_contacts", "search_companies", "search_deals", "pipeline_summary"],
      inventory: ["product_stock", "low_stock"],
      accounting: ["overdue_invoices", "revenue_in_period"],
    });
  });
});
