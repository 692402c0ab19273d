import { z } from "zod";
import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../api/trpc";
import { createAccount, createAccountInput, deleteAccount, listAccounts, updateAccount, updateAccountInput } from "./accounts";
import { createDraft, deleteDraft, draftInput, entryListInput, getEntry, listEntries, postEntry, reverseEntry, reverseInput, updateDraft, updateDraftInput } from "./entries";
import { closeFiscalYear, closeYearInput } from "./closing";
import { ACCOUNTING } from "./permissions";
import { asOfInput, balanceSheet, generalLedger, incomeStatement, incomeStatementInput, ledgerInput, rangeInput, trialBalance } from "./reports";
import { getLockDates, lockDatesInput, setLockDates } from "./settings";
import { verifyChain } from "./verify";
import { createDocument, createDocumentInput, currencyCode, deleteDocument, getDocument, listDocuments, listDocumentsInput, openDocumentsOf, updateDocument, updateDocumentInput } from "./documents/documents";
import { applyCredit, applyCreditInput, getPayment, listPayments, listPaymentsInput, partyCredit, partyCreditInput, recordPayment, recordPaymentInput, voidPayment, voidPaymentInput } from "./documents/payments";
import { createCredit, creditInput, postDocument, voidDocument, voidDocumentInput } from "./documents/posting";
import { emailDocument, emailDocumentInput } from "./documents/email";
import { agingInput, agingReport, taxReport, taxReportInput } from "./documents/reports";
import { createTaxRate, documentSettingsInput, getDocumentSettings, listTaxRates, setDocumentSettings, taxRateInput, updateTaxRate, updateTaxRateInput } from "./documents/setup";

/* Accounting procedures: viewers read, members draft, admins post, reverse, lock and configure accounts. */

const idInput = z.object({ id: z.uuid() });
const openDocumentsInput = z.object({ direction: z.enum(["received", "made"]), companyId: z.uuid().nullish(), contactId: z.uuid().nullish(), currency: currencyCode.optional() });

export const accountingRouter = createTRPCRouter({
  accounts: createTRPCRouter({
    list: tenantProcedure.query(({ ctx }) => listAccounts(ctx.db)),
    create: roleProcedure(ACCOUNTING.configure).input(createAccountInput).mutation(({ ctx, input }) => createAccount(ctx.db, ctx.actor, input)),
    update: roleProcedure(ACCOUNTING.configure).input(updateAccountInput).mutation(({ ctx, input }) => updateAccount(ctx.db, ctx.actor, input)),
    delete: roleProcedure(ACCOUNTING.configure).input(idInput).mutation(({ ctx, input }) => deleteAccount(ctx.db, ctx.actor, input.id)),
  }),
  entries: createTRPCRouter({
    list: tenantProcedure.input(entryListInput).query(({ ctx, input }) => listEntries(ctx.db, input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => getEntry(ctx.db, input.id)),
    createDraft: roleProcedure(ACCOUNTING.draft).input(draftInput).mutation(({ ctx, input }) => createDraft(ctx.db, ctx.actor, input)),
    updateDraft: roleProcedure(ACCOUNTING.draft).input(updateDraftInput).mutation(({ ctx, input }) => updateDraft(ctx.db, ctx.actor, input)),
    deleteDraft: roleProcedure(ACCOUNTING.draft).input(idInput).mutation(({ ctx, input }) => deleteDraft(ctx.db, ctx.actor, input.id)),
    post: roleProcedure(ACCOUNTING.post).input(idInput).mutation(({ ctx, input }) => postEntry(ctx.db, ctx.actor, input.id)),
    reverse: roleProcedure(ACCOUNTING.post).input(reverseInput).mutation(({ ctx, input }) => reverseEntry(ctx.db, ctx.actor, input)),
    closeYear: roleProcedure(ACCOUNTING.configure).input(closeYearInput).mutation(({ ctx, input }) => closeFiscalYear(ctx.db, ctx.actor, input)),
  }),
  reports: createTRPCRouter({
    trialBalance: tenantProcedure.input(rangeInput).query(({ ctx, input }) => trialBalance(ctx.db, input)),
    incomeStatement: tenantProcedure.input(incomeStatementInput).query(({ ctx, input }) => incomeStatement(ctx.db, input)),
    balanceSheet: tenantProcedure.input(asOfInput).query(({ ctx, input }) => balanceSheet(ctx.db, input)),
    generalLedger: tenantProcedure.input(ledgerInput).query(({ ctx, input }) => generalLedger(ctx.db, input)),
  }),
  taxRates: createTRPCRouter({
    list: tenantProcedure.query(({ ctx }) => listTaxRates(ctx.db)),
    create: roleProcedure(ACCOUNTING.configure).input(taxRateInput).mutation(({ ctx, input }) => createTaxRate(ctx.db, ctx.actor, input)),
    update: roleProcedure(ACCOUNTING.configure).input(updateTaxRateInput).mutation(({ ctx, input }) => updateTaxRate(ctx.db, ctx.actor, input)),
  }),
  documents: createTRPCRouter({
    list: tenantProcedure.input(listDocumentsInput).query(({ ctx, input }) => listDocuments(ctx.db, input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => getDocument(ctx.db, input.id)),
    /** A party's posted documents still open: what a payment can settle. */
    open: tenantProcedure
      .input(openDocumentsInput)
      .query(({ ctx, input }) => openDocumentsOf(ctx.db, { kinds: input.direction === "received" ? ["invoice"] : ["bill"], companyId: input.companyId, contactId: input.contactId, currency: input.currency })),
    create: roleProcedure(ACCOUNTING.draft).input(createDocumentInput).mutation(({ ctx, input }) => createDocument(ctx.db, ctx.actor, input)),
    update: roleProcedure(ACCOUNTING.draft).input(updateDocumentInput).mutation(({ ctx, input }) => updateDocument(ctx.db, ctx.actor, input)),
    delete: roleProcedure(ACCOUNTING.draft).input(idInput).mutation(({ ctx, input }) => deleteDocument(ctx.db, ctx.actor, input.id)),
    credit: roleProcedure(ACCOUNTING.draft).input(creditInput).mutation(({ ctx, input }) => createCredit(ctx.db, ctx.actor, input)),
    post: roleProcedure(ACCOUNTING.post).input(idInput).mutation(({ ctx, input }) => postDocument(ctx.db, ctx.actor, input.id)),
    email: roleProcedure(ACCOUNTING.post).input(emailDocumentInput).mutation(({ ctx, input }) => emailDocument(ctx.db, ctx.actor, input)),
    void: roleProcedure(ACCOUNTING.post).input(voidDocumentInput).mutation(({ ctx, input }) => voidDocument(ctx.db, ctx.actor, input)),
  }),
  documentReports: createTRPCRouter({
    aging: tenantProcedure.input(agingInput).query(({ ctx, input }) => agingReport(ctx.db, input)),
    tax: tenantProcedure.input(taxReportInput).query(({ ctx, input }) => taxReport(ctx.db, input)),
  }),
  payments: createTRPCRouter({
    list: tenantProcedure.input(listPaymentsInput).query(({ ctx, input }) => listPayments(ctx.db, input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => getPayment(ctx.db, input.id)),
    credit: tenantProcedure.input(partyCreditInput).query(({ ctx, input }) => partyCredit(ctx.db, input)),
    record: roleProcedure(ACCOUNTING.post).input(recordPaymentInput).mutation(({ ctx, input }) => recordPayment(ctx.db, ctx.actor, input)),
    applyCredit: roleProcedure(ACCOUNTING.post).input(applyCreditInput).mutation(({ ctx, input }) => applyCredit(ctx.db, ctx.actor, input)),
    void: roleProcedure(ACCOUNTING.post).input(voidPaymentInput).mutation(({ ctx, input }) => voidPayment(ctx.db, ctx.actor, input)),
  }),
  settings: createTRPCRouter({
    documents: tenantProcedure.query(({ ctx }) => getDocumentSettings(ctx.db)),
    setDocuments: roleProcedure(ACCOUNTING.configure).input(documentSettingsInput).mutation(({ ctx, input }) => setDocumentSettings(ctx.db, ctx.actor, input)),
    lockDates: tenantProcedure.query(({ ctx }) => getLockDates(ctx.db)),
    setLockDates: roleProcedure(ACCOUNTING.configure).input(lockDatesInput).mutation(({ ctx, input }) => setLockDates(ctx.db, ctx.actor, input)),
    verify: tenantProcedure.query(({ ctx }) => verifyChain(ctx.db)),
  }),
});
