import { sql } from "drizzle-orm";
import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { createDraft, postEntry } from "./entries";
import { createCompany } from "../crm/companies/companies";
import { createDocument } from "./documents/documents";
import { recordPayment } from "./documents/payments";
import { postDocument } from "./documents/posting";
import { createTaxRate } from "./documents/setup";

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
      const company = await createCompany(tx, actor, { name: "Customer" });
      const taxRate = await createTaxRate(tx, actor, { name: `Tax ${next()}`, ratePercent: "10" });
      const invoiceLines = [{ description: "Service", quantity: "1", unitPrice: "10000", taxRateIds: [taxRate.id] }];
      const invoice = (date: string) => createDocument(tx, actor, { kind: "invoice", companyId: company.id, issueDate: date, lines: invoiceLines });
      const sentInvoice = await postDocument(tx, actor, (await invoice("2026-02-01")).id);
      const draftInvoice = await invoice("2026-02-02");
      const invoiceToSend = await invoice("2026-02-03");
      const invoiceToDelete = await invoice("2026-02-04");
      const invoiceToVoid = await postDocument(tx, actor, (await invoice("2026-02-05")).id);
      const payment = await recordPayment(tx, actor, { direction: "received", date: "2026-02-06", companyId: company.id, amount: "20000", allocations: [{ documentId: sentInvoice.id, amount: "1000" }] });
      return {
        cashId, salesId, postedId: posted.id, draftId: draft.id, toPostId: toPost.id, toDeleteId: toDelete.id, spareAccountId: spare!.id, lines,
        companyId: company.id, taxRateId: taxRate.id, invoiceLines, sentInvoiceId: sentInvoice.id, draftInvoiceId: draftInvoice.id, invoiceToSendId: invoiceToSend.id,
        invoiceToDeleteId: invoiceToDelete.id, invoiceToVoidId: invoiceToVoid.id, paymentId: payment.id,
      };
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
    "accounting.settings.documents": { minimumRole: "viewer", call: (api) => api.accounting.settings.documents() },
    "accounting.settings.setDocuments": { minimumRole: "admin", call: (api) => api.accounting.settings.setDocuments({ rounding: "half_up", paymentTermsDays: 30 }) },
    "accounting.taxRates.list": { minimumRole: "viewer", call: (api) => api.accounting.taxRates.list() },
    "accounting.taxRates.create": { minimumRole: "admin", call: (api) => api.accounting.taxRates.create({ name: `Rate ${next()}`, ratePercent: "5" }) },
    "accounting.taxRates.update": { minimumRole: "admin", call: (api, ids) => api.accounting.taxRates.update({ id: ids.taxRateId, name: `Tax ${next()}` }) },
    "accounting.documents.list": { minimumRole: "viewer", call: (api) => api.accounting.documents.list({ kind: "invoice" }) },
    "accounting.documents.get": { minimumRole: "viewer", call: (api, ids) => api.accounting.documents.get({ id: ids.sentInvoiceId }) },
    "accounting.documents.open": { minimumRole: "viewer", call: (api, ids) => api.accounting.documents.open({ direction: "received", companyId: ids.companyId }) },
    "accounting.documents.create": { minimumRole: "member", call: (api, ids) => api.accounting.documents.create({ kind: "invoice", companyId: ids.companyId, issueDate: "2026-03-01", lines: ids.invoiceLines }) },
    "accounting.documents.update": {
      minimumRole: "member",
      call: (api, ids) => api.accounting.documents.update({ id: ids.draftInvoiceId, companyId: ids.companyId, issueDate: "2026-03-02", notes: `Changed ${next()}`, lines: ids.invoiceLines }),
    },
    "accounting.documents.delete": { minimumRole: "member", fresh: true, call: (api, ids) => api.accounting.documents.delete({ id: ids.invoiceToDeleteId }) },
    "accounting.documents.credit": { minimumRole: "member", call: (api, ids) => api.accounting.documents.credit({ id: ids.sentInvoiceId }) },
    "accounting.documents.post": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.documents.post({ id: ids.invoiceToSendId }) },
    "accounting.documents.email": { minimumRole: "admin", call: (api, ids) => api.accounting.documents.email({ id: ids.sentInvoiceId, to: "billing@example.com" }) },
    "accounting.documents.void": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.documents.void({ id: ids.invoiceToVoidId, date: "2026-03-01" }) },
    "accounting.documentReports.aging": { minimumRole: "viewer", call: (api) => api.accounting.documentReports.aging({ side: "receivables", asOf: "2026-06-30" }) },
    "accounting.documentReports.tax": { minimumRole: "viewer", call: (api) => api.accounting.documentReports.tax({ from: "2026-01-01", to: "2026-12-31" }) },
    "accounting.payments.list": { minimumRole: "viewer", call: (api) => api.accounting.payments.list({}) },
    "accounting.payments.get": { minimumRole: "viewer", call: (api, ids) => api.accounting.payments.get({ id: ids.paymentId }) },
    "accounting.payments.credit": { minimumRole: "viewer", call: (api, ids) => api.accounting.payments.credit({ direction: "received", companyId: ids.companyId }) },
    "accounting.payments.record": { minimumRole: "admin", call: (api, ids) => api.accounting.payments.record({ direction: "received", date: "2026-03-01", companyId: ids.companyId, amount: "100" }) },
    "accounting.payments.applyCredit": { minimumRole: "admin", call: (api, ids) => api.accounting.payments.applyCredit({ documentId: ids.sentInvoiceId, paymentId: ids.paymentId, amount: "1" }) },
    "accounting.payments.void": { minimumRole: "admin", fresh: true, call: (api, ids) => api.accounting.payments.void({ id: ids.paymentId, date: "2026-03-01" }) },
  },
});
