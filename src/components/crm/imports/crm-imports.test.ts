import { describe, expect, it } from "vitest";
import { CRM_IMPORTS } from "./crm-imports";

const missing = (entity: "contact" | "company", ...keys: string[]) => CRM_IMPORTS.entities[entity].missingFields(new Set(keys));

describe("CRM import mapping rules in the browser", () => {
  it("asks contacts for a first name or a full name, not both kinds", () => {
    expect(missing("contact", "email")).toEqual(["Choose the column with the first name (or the full name)."]);
    expect(missing("contact", "firstName")).toEqual([]);
    expect(missing("contact", "fullName")).toEqual([]);
    expect(missing("contact", "fullName", "lastName")).toEqual(["Map either the full name or first and last name, not both."]);
  });

  it("asks companies for their name", () => {
    expect(missing("company", "domain")).toEqual(["Choose the column with the company’s name."]);
    expect(missing("company", "name")).toEqual([]);
  });

  it("links each entity to its list and keeps the upload route", () => {
    expect(CRM_IMPORTS.entities.contact.listHref("acme")).toBe("/t/acme/crm/contacts");
    expect(CRM_IMPORTS.entities.company.listHref("acme")).toBe("/t/acme/crm/companies");
    expect(CRM_IMPORTS.importsHref("acme")).toBe("/t/acme/crm/imports");
    expect(CRM_IMPORTS.uploadUrl).toBe("/api/crm/imports");
  });
});
