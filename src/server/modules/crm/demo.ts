import type { TenantTx } from "../../db/tenant";
import type { CrmActor } from "./common";
import { createCompany } from "./companies/companies";
import { createContact } from "./contacts/contacts";
import { createCustomField } from "./custom-fields";
import { seedDemoPipeline, type DemoBook } from "./demo-pipeline";

/*
 * The demo organization's CRM: a handful of companies and people a newcomer can click
 * through, created through the same services as everything else (so they are audited,
 * followed and searchable like real records), then their deals, activities and tasks
 * (demo-pipeline.ts).
 */

const COMPANIES = [
  { name: "Northwind Traders", domain: "northwind.example", industry: "Wholesale", size: "201-1000", city: "Seattle", country: "US", tags: ["key account"] },
  { name: "Globex", domain: "globex.example", industry: "Manufacturing", size: "1001-5000", city: "Springfield", country: "US", tags: [] },
  { name: "Initech", domain: "initech.example", industry: "Software", size: "51-200", city: "Austin", country: "US", tags: ["partner"] },
  { name: "Umbrella Health", domain: "umbrella-health.example", industry: "Healthcare", size: "5000+", city: "London", country: "GB", tags: [] },
  { name: "Stark Logistics", domain: "stark-logistics.example", industry: "Logistics", size: "201-1000", city: "Hamburg", country: "DE", tags: ["key account"] },
  { name: "Wayne Foods", domain: "wayne-foods.example", industry: "Food & beverage", size: "11-50", city: "Lyon", country: "FR", tags: [] },
] as const;

const PEOPLE: { first: string; last: string; title: string; company: number; stage: "lead" | "prospect" | "customer" | "churned"; tags?: string[] }[] = [
  { first: "Nancy", last: "Davolio", title: "Head of Purchasing", company: 0, stage: "customer", tags: ["decision maker"] },
  { first: "Andrew", last: "Fuller", title: "VP Sales", company: 0, stage: "customer" },
  { first: "Hank", last: "Scorpio", title: "CEO", company: 1, stage: "prospect", tags: ["decision maker"] },
  { first: "Peter", last: "Gibbons", title: "Software Engineer", company: 2, stage: "lead" },
  { first: "Joanna", last: "Reyes", title: "Operations Manager", company: 2, stage: "prospect" },
  { first: "Alice", last: "Abernathy", title: "Chief Medical Officer", company: 3, stage: "lead", tags: ["decision maker"] },
  { first: "Pepper", last: "Potts", title: "COO", company: 4, stage: "customer", tags: ["decision maker"] },
  { first: "Happy", last: "Hogan", title: "Fleet Manager", company: 4, stage: "customer" },
  { first: "Alfred", last: "Pennyworth", title: "Procurement", company: 5, stage: "churned" },
  { first: "Lucia", last: "Moreno", title: "Founder", company: -1, stage: "lead" },
];

export async function seedCrmDemo(tx: TenantTx, owner: CrmActor, colleagueId: string): Promise<void> {
  await createCustomField(tx, owner, { entityType: "contact", label: "Preferred language", type: "single_select", options: ["English", "German", "French"] });
  await createCustomField(tx, owner, { entityType: "company", label: "Annual revenue", type: "money", minValue: 0 });
  const companies: Awaited<ReturnType<typeof createCompany>>[] = [];
  for (const [i, company] of COMPANIES.entries()) {
    companies.push(await createCompany(tx, owner, { ...company, tags: [...company.tags], ownerId: i % 2 ? colleagueId : owner.userId }));
  }
  const contacts: DemoBook["contacts"] = [];
  for (const [i, person] of PEOPLE.entries()) {
    const company = companies[person.company];
    const domain = company?.domain ?? "example.com";
    const phone = `+1 555 01${String(i).padStart(2, "0")}`;
    const contact = await createContact(tx, owner, {
      firstName: person.first,
      lastName: person.last,
      title: person.title,
      companyId: company?.id ?? null,
      lifecycleStage: person.stage,
      tags: person.tags ?? [],
      source: i % 3 === 0 ? "Referral" : "Website",
      ownerId: i % 2 ? colleagueId : owner.userId,
      emails: [{ value: `${person.first}.${person.last}@${domain}`.toLowerCase() }],
      phones: [{ value: phone }],
      custom: i % 4 === 0 ? { preferred_language: "English" } : {},
    });
    contacts.push({ id: contact.id, name: `${person.first} ${person.last}`, companyIndex: person.company, phone });
  }
  await seedDemoPipeline(tx, owner, colleagueId, { companies: companies.map((c) => ({ id: c.id, name: c.name })), contacts });
}
