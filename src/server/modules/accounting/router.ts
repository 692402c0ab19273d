import { z } from "zod";
import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../api/trpc";
import { createAccount, createAccountInput, deleteAccount, listAccounts, updateAccount, updateAccountInput } from "./accounts";
import { createDraft, deleteDraft, draftInput, entryListInput, getEntry, listEntries, postEntry, reverseEntry, reverseInput, updateDraft, updateDraftInput } from "./entries";
import { closeFiscalYear, closeYearInput } from "./closing";
import { ACCOUNTING } from "./permissions";
import { asOfInput, balanceSheet, generalLedger, incomeStatement, incomeStatementInput, ledgerInput, rangeInput, trialBalance } from "./reports";
import { getLockDates, lockDatesInput, setLockDates } from "./settings";
import { verifyChain } from "./verify";

/* Accounting procedures: viewers read, members draft, admins post, reverse, lock and configure accounts. */

const idInput = z.object({ id: z.uuid() });

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
  settings: createTRPCRouter({
    lockDates: tenantProcedure.query(({ ctx }) => getLockDates(ctx.db)),
    setLockDates: roleProcedure(ACCOUNTING.configure).input(lockDatesInput).mutation(({ ctx, input }) => setLockDates(ctx.db, ctx.actor, input)),
    verify: tenantProcedure.query(({ ctx }) => verifyChain(ctx.db)),
  }),
});
