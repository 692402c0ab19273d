import { describe, expect, it } from "vitest";
import { callerFor, createTenant } from "@/test/fixtures";
import { auditSentence, describeAuditEntry } from "../audit/describe";
import { AUDIT_DESCRIBERS } from "../nav";

describe("accounting's audit entries read as sentences linked to the entry or account", () => {
  it("drafting, posting, reversing, deleting a draft, and the chart of accounts", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const accounts = await api.accounting.accounts.list();
    const cash = accounts.find((a) => a.code === "1000")!;
    const sales = accounts.find((a) => a.code === "4000")!;
    const lines = [
      { accountId: cash.id, debit: "10000" },
      { accountId: sales.id, credit: "10000" },
    ];
    const entry = await api.accounting.entries.createDraft({ date: "2026-03-02", memo: "Cash sale", lines });
    const posted = await api.accounting.entries.post({ id: entry.id });
    const reversal = await api.accounting.entries.reverse({ id: entry.id, date: "2026-03-03" });
    const other = await api.accounting.entries.createDraft({ date: "2026-03-04", memo: "Typo", lines });
    await api.accounting.entries.deleteDraft({ id: other.id });
    const account = await api.accounting.accounts.create({ code: "6150", name: "Travel", type: "expense" });

    const { items } = await api.audit.list({ limit: 20 });
    const read = (action: string, id?: string) => {
      const found = items.find((e) => e.action === action && (!id || e.entityId === id))!;
      const description = describeAuditEntry(found, AUDIT_DESCRIBERS);
      return { sentence: auditSentence(found.actorName!, description), href: description.href };
    };
    const actor = owner.name;
    expect(read("accounting.entry.drafted", entry.id)).toEqual({ sentence: `${actor} drafted journal entry “Cash sale”`, href: `/accounting/entries/${entry.id}` });
    expect(read("accounting.entry.posted")).toEqual({ sentence: `${actor} posted journal entry ${posted.number} “Cash sale”`, href: `/accounting/entries/${entry.id}` });
    expect(read("accounting.entry.reversed")).toEqual({ sentence: `${actor} reversed journal entry ${posted.number} by entry ${reversal.number}`, href: `/accounting/entries/${entry.id}` });
    expect(read("accounting.entry.deleted")).toEqual({ sentence: `${actor} deleted the draft journal entry “Typo”`, href: null });
    expect(read("accounting.account.created")).toEqual({ sentence: `${actor} created account “6150 Travel”`, href: `/accounting/accounts/${account.id}` });
  });
});
