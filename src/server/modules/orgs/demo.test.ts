import { describe, expect, it } from "vitest";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { getUserByEmail } from "../accounts/service";
import { listCompanies } from "../crm/companies/companies";
import { listContacts } from "../crm/contacts/contacts";
import { DEMO, seedDemoData } from "./demo";
import { findOrganizationForUser } from "./service";

describe("the demo data", () => {
  it("is created once, with a CRM to click through", async () => {
    expect(await seedDemoData()).toEqual({ created: true });
    expect(await seedDemoData()).toEqual({ created: false });
    const owner = (await getUserByEmail(runtimeDb(), DEMO.owner.email))!;
    const org = (await findOrganizationForUser(owner.id, DEMO.organization.slug))!;
    const [contacts, companies] = await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, async (tx) => [
      await listContacts(tx, { limit: 100 }),
      await listCompanies(tx, { limit: 100 }),
    ]);
    expect(contacts.items.length).toBeGreaterThanOrEqual(10);
    expect(companies.items.length).toBeGreaterThanOrEqual(6);
  });
});
