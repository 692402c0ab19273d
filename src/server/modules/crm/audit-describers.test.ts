import { describe, expect, it } from "vitest";
import { callerFor, createTenant } from "@/test/fixtures";
import { auditSentence, describeAuditEntry } from "../audit/describe";
import { AUDIT_DESCRIBERS } from "../nav";

describe("audit entries read as who did what to which record, linked to it", () => {
  it("names the actor, the verb and the record, for the home page and the audit log alike", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const [sales] = await api.crm.pipelines.list();
    const won = sales!.stages.find((s) => s.outcome === "won")!;
    const company = await api.crm.companies.create({ name: "Acme GmbH" });
    const contact = await api.crm.contacts.create({ firstName: "Ada", lastName: "Lovelace" });
    const deal = await api.crm.deals.create({ title: "Acme renewal", amountMinor: 500000, currency: "EUR" });
    await api.crm.deals.move({ dealId: deal.id, stageId: won.id });
    await api.crm.contacts.delete({ id: contact.id });
    await api.crm.trash.restore({ kind: "contact", id: contact.id });
    await api.crm.contacts.delete({ id: contact.id });
    await api.crm.trash.purge({ kind: "contact", id: contact.id });

    const { items } = await api.audit.list({ limit: 20 });
    const read = (action: string) => {
      const entry = items.find((e) => e.action === action)!;
      const description = describeAuditEntry(entry, AUDIT_DESCRIBERS);
      return { sentence: auditSentence(entry.actorName!, description), href: description.href };
    };
    const actor = owner.name;
    expect(read("crm.deal.stage_changed")).toEqual({ sentence: `${actor} moved deal “Acme renewal” to Won`, href: `/crm/deals/${deal.id}` });
    expect(read("crm.deal.won")).toEqual({ sentence: `${actor} marked deal “Acme renewal” as won`, href: `/crm/deals/${deal.id}` });
    expect(read("crm.company.created")).toEqual({ sentence: `${actor} created company “Acme GmbH”`, href: `/crm/companies/${company.id}` });
    // A deleted record is named from its last snapshot and linked to the trash; once purged, not linked.
    expect(read("crm.contact.deleted")).toEqual({ sentence: `${actor} deleted contact “Ada Lovelace”`, href: "/crm/trash" });
    expect(read("crm.contact.restored")).toEqual({ sentence: `${actor} restored contact “Ada Lovelace”`, href: `/crm/contacts/${contact.id}` });
    expect(read("crm.contact.purged")).toEqual({ sentence: `${actor} deleted forever contact “Ada Lovelace”`, href: null });
  });

  it("reads a bulk action's start and end", () => {
    const started = describeAuditEntry({ action: "crm.bulk.started", entityType: "crm.bulk", entityId: "x", facts: { entityType: "contact", total: 1200 } }, AUDIT_DESCRIBERS);
    expect(auditSentence("Dana", started)).toBe("Dana started a bulk action on 1,200 contacts");
    const finished = describeAuditEntry({ action: "crm.bulk.finished", entityType: "crm.bulk", entityId: "x", facts: { status: "done", done: 1150, skipped: 50 } }, AUDIT_DESCRIBERS);
    expect(auditSentence("Dana", finished)).toBe("Dana finished a bulk action (1,150 changed, 50 skipped)");
  });

  it("reads an entry no module describes from its action code", () => {
    const description = describeAuditEntry({ action: "member.role_changed", entityType: "membership", entityId: "x", facts: null }, AUDIT_DESCRIBERS);
    expect(auditSentence("Dana", description)).toBe("Dana role changed membership");
  });
});
