import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Issue 10, bug 7: a loading.tsx above a record page streams it with HTTP 200 before its
 * layout can call notFound(). Every tenant page keeps a loading state of its own, and none
 * sits above a record layout that checks its record.
 */

const APP = path.resolve(import.meta.dirname, "../..");
const TENANT = import.meta.dirname;

function files(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, name) : entry.name === name ? [full] : [];
  });
}

const rel = (p: string) => path.relative(APP, p) || ".";

describe("tenant pages' loading boundaries", () => {
  const recordLayouts = files(TENANT, "layout.tsx").filter((file) => fs.readFileSync(file, "utf8").includes("requireRecord("));

  it("the record pages check their record in a layout", () => {
    expect(recordLayouts.map(rel).sort()).toEqual([
      "t/[slug]/accounting/accounts/[id]/layout.tsx",
      "t/[slug]/accounting/documents/[id]/layout.tsx",
      "t/[slug]/accounting/entries/[id]/layout.tsx",
      "t/[slug]/accounting/payments/[id]/layout.tsx",
      "t/[slug]/crm/companies/[id]/layout.tsx", "t/[slug]/crm/contacts/[id]/layout.tsx", "t/[slug]/crm/deals/[id]/layout.tsx", "t/[slug]/inventory/products/[id]/layout.tsx"]);
  });

  it("no loading.tsx above a record layout (the 404 must be decided before the first byte)", () => {
    for (const layout of recordLayouts) {
      for (let dir = path.dirname(path.dirname(layout)); dir.startsWith(APP); dir = path.dirname(dir)) {
        expect(fs.existsSync(path.join(dir, "loading.tsx")), `${rel(dir)}/loading.tsx is above ${rel(layout)}`).toBe(false);
      }
    }
  });

  it("every tenant page has a loading state (a loading.tsx in its folder or one above it, below the tenant layout)", () => {
    for (const page of files(TENANT, "page.tsx")) {
      let found = false;
      for (let dir = path.dirname(page); dir !== TENANT && !found; dir = path.dirname(dir)) found = fs.existsSync(path.join(dir, "loading.tsx"));
      expect(found, `${rel(page)} has no loading.tsx`).toBe(true);
    }
  });
});
