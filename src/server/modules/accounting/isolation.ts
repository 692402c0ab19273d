import { sql } from "drizzle-orm";
import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { createDraft, postEntry } from "./entries";

let sequence = 0;
const next = () => `${Date.now().toString(36)}${sequence++}`;

/**
 * Accounting (test support for the isolation table): a posted entry (reversible once, so
 * `fresh`), a draft per case that uses one up, and the standard chart's cash and sales.
 */
export const accountingIsolation = defineIsolation({
  module: "accounting",
  async buildFixture({ tenantId, owner }) {
    return withTenant({ tenantId, userId: owner.id, role: "owner" }, async (tx) => {
      const actor = { userId: owner.id, role: "owner" as const };
      const accounts = await tx.execute<{ id: string; system_key: string }>(sql`select id, system_key from accounting_accounts where system_key in ('cash', 'sales')`);
      const cashId = accounts.find((a) => a.system_key === "cash")!.id;
      const salesId = accounts.find((a) => a.system_key === "sales")!.id;
      const lines = [
        { accountId: cashId, debit: "1000" },
        { accountId: salesId, credit: "1000" },
      ];
      const posted = await createDraft(tx, actor, { date: "2026-01-15", memo: "Cash sale", lines });
      await postEntry(tx, actor, posted.id);
      const draft = await createDraft(tx, actor, { date: "2026-01-16", memo: "Draft", lines });
      const toPost = await createDraft(tx, actor, { date: "2026-01-17", memo: "To post", lines });
      const toDelete = await createDraft(tx, actor, { date: "2026-01-18", memo: "To delete", lines });
      const [spare] = await tx.execute<{ id: string }>(sql`insert into accounting_accounts (code, name, type) values (${`9${next()}`.slice(0, 20)}, 'Spare', 'expense') returning id`);
      return { cashId, salesId, postedId: posted.id, draftId: draft.id, toPostId: toPost.id, toDeleteId: toDelete.id, spareAccountId: spare!.id, lines };
    });
  },
  cases: {
    "accounting.accounts.list": { minimumRole: "viewer", call: (api) => api.accounting.accounts.list() },
    "accounting.accounts.create": { minimumRole: "admin", call: (api) => api.accounting.accounts.create({ code: `7${next()}`.slice(0, 20), name: "Travel", type: "expense" }) },
    "accounting.accounts.update": { minimumRole: "admin", call: (api, ids) => api.accounting.accounts.update({ id: ids.spareAccountId, name: `Spare ${next()}` }) },
    "accounting.accounts.delete": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.accounts.delete({ id: ids.spareAccountId }) },
    "accounting.entries.list": { minimumRole: "viewer", call: (api) => api.accounting.entries.list({}) },
    "accounting.entries.get": { minimumRole: "viewer", call: (api, ids) => api.accounting.entries.get({ id: ids.postedId }) },
    "accounting.entries.createDraft": { minimumRole: "member", call: (api, ids) => api.accounting.entries.createDraft({ date: "2026-02-01", lines: ids.lines }) },
    "accounting.entries.updateDraft": { minimumRole: "member", call: (api, ids) => api.accounting.entries.updateDraft({ id: ids.draftId, date: "2026-02-02", memo: `Changed ${next()}`, lines: ids.lines }) },
    "accounting.entries.deleteDraft": { minimumRole: "member", fresh: true, call: (api, ids) => api.accounting.entries.deleteDraft({ id: ids.toDeleteId }) },
    "accounting.entries.post": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.entries.post({ id: ids.toPostId }) },
    "accounting.entries.reverse": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.entries.reverse({ id: ids.postedId, date: "2026-03-01" }) },
    "accounting.entries.closeYear": { minimumRole: "admin", fresh: true, call: (api) => api.accounting.entries.closeYear({ yearEnd: "2026-12-31" }) },
    "accounting.reports.trialBalance": { minimumRole: "viewer", call: (api) => api.accounting.reports.trialBalance({}) },
    "accounting.reports.incomeStatement": { minimumRole: "viewer", call: (api) => api.accounting.reports.incomeStatement({ from: "2026-01-01", to: "2026-12-31" }) },
    "accounting.reports.balanceSheet": { minimumRole: "viewer", call: (api) => api.accounting.reports.balanceSheet({}) },
    "accounting.reports.generalLedger": { minimumRole: "viewer", call: (api, ids) => api.accounting.reports.generalLedger({ accountId: ids.cashId }) },
    "accounting.settings.lockDates": { minimumRole: "viewer", call: (api) => api.accounting.settings.lockDates() },
    "accounting.settings.setLockDates": { minimumRole: "admin", call: (api) => api.accounting.settings.setLockDates({ lockDate: null, memberLockDate: null, taxLockDate: null }) },
    "accounting.settings.verify": { minimumRole: "viewer", call: (api) => api.accounting.settings.verify() },
  },
});
