import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { asOfInput, documentsInput, entriesInput, incomeStatementInput, ledgerInput, paymentsInput, rangeInput, readDocumentFilter, readPaymentFilter, readReport, readStatus, type DocumentSide } from "@/components/accounting/first-page";
import { isUuid } from "@/components/records/list-state";
import { getTenantPage } from "@/server/tenant-page";
import { getQueryClient, serverTrpc } from "@/trpc/server";

/*
 * What the accounting pages show first, fetched on the server into the request's query
 * cache and handed to the browser with <HydrateClient>. Inputs come from
 * components/accounting/first-page.ts, the functions the client components use, so the
 * query keys match. A query that fails here is left out: the component fetches it itself
 * and shows its own error.
 */

type Search = Record<string, string | string[] | undefined>;

const prefetcher = cache((tenantId: string) => ({ trpc: serverTrpc(tenantId), queryClient: getQueryClient() }));
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

function isNotFound(error: unknown): boolean {
  return error instanceof TRPCError ? error.code === "NOT_FOUND" : (error as { code?: unknown } | null)?.code === "NOT_FOUND";
}

export async function prefetchJournal(tenantId: string, search: Search): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.accounting.entries.list.queryOptions(entriesInput(readStatus(one(search.status)))));
}

/** The entry form's choices: the chart of accounts and the organization (its base currency). */
export async function prefetchEntryForm(tenantId: string): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await Promise.all([queryClient.prefetchQuery(trpc.accounting.accounts.list.queryOptions()), queryClient.prefetchQuery(trpc.orgs.current.queryOptions())]);
}

export async function prefetchAccounts(tenantId: string): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.accounting.accounts.list.queryOptions());
}

export async function prefetchReport(tenantId: string, search: Search): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  const report = readReport(one(search.report));
  if (report === "balance-sheet") await queryClient.prefetchQuery(trpc.accounting.reports.balanceSheet.queryOptions(asOfInput(one(search.asOf))));
  else if (report === "income-statement") await queryClient.prefetchQuery(trpc.accounting.reports.incomeStatement.queryOptions(incomeStatementInput(one(search.from), one(search.to), one(search.columns), one(search.compare))));
  else await queryClient.prefetchQuery(trpc.accounting.reports.trialBalance.queryOptions(rangeInput(one(search.from), one(search.to))));
}

export async function prefetchSettings(tenantId: string): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await Promise.all([
    queryClient.prefetchQuery(trpc.accounting.settings.lockDates.queryOptions()),
    queryClient.prefetchQuery(trpc.accounting.settings.verify.queryOptions()),
    queryClient.prefetchQuery(trpc.accounting.taxRates.list.queryOptions()),
    queryClient.prefetchQuery(trpc.accounting.settings.documents.queryOptions()),
  ]);
}

export async function prefetchDocuments(tenantId: string, side: DocumentSide, search: Search): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.accounting.documents.list.queryOptions(documentsInput(side, readDocumentFilter(one(search.status)), one(search.q))));
}

export async function prefetchPayments(tenantId: string, search: Search): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.accounting.payments.list.queryOptions(paymentsInput(readPaymentFilter(one(search.direction)))));
}

/** The document form's choices: the organization, tax rates, the chart (a bill's accounts) and the warehouses. */
export async function prefetchDocumentForm(tenantId: string): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await Promise.all([
    queryClient.prefetchQuery(trpc.orgs.current.queryOptions()),
    queryClient.prefetchQuery(trpc.accounting.taxRates.list.queryOptions()),
    queryClient.prefetchQuery(trpc.accounting.accounts.list.queryOptions()),
    queryClient.prefetchQuery(trpc.inventory.warehouses.list.queryOptions()),
  ]);
}

/** The entry (accounting.entries.get, into the query cache), or null when it does not exist. Once per request. */
export const loadEntry = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  const { trpc, queryClient } = prefetcher(tenantId);
  try {
    return await queryClient.fetchQuery(trpc.accounting.entries.get.queryOptions({ id }));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
});

/** The invoice, bill or credit note (accounting.documents.get, into the query cache), or null when it does not exist. Once per request. */
export const loadDocument = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  const { trpc, queryClient } = prefetcher(tenantId);
  try {
    return await queryClient.fetchQuery(trpc.accounting.documents.get.queryOptions({ id }));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
});

/** The payment (accounting.payments.get, into the query cache), or null when it does not exist. Once per request. */
export const loadPayment = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  const { trpc, queryClient } = prefetcher(tenantId);
  try {
    return await queryClient.fetchQuery(trpc.accounting.payments.get.queryOptions({ id }));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
});

/** The account (from the chart, into the query cache), or null when it does not exist. Once per request. */
export const loadAccount = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  const { trpc, queryClient } = prefetcher(tenantId);
  const accounts = await queryClient.fetchQuery(trpc.accounting.accounts.list.queryOptions());
  return accounts.find((a) => a.id === id) ?? null;
});

/** The ledger page's first paint: the account's first page of lines for the URL's range. */
export async function prefetchLedger(tenantId: string, id: string, search: Search): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.accounting.reports.generalLedger.queryOptions(ledgerInput(id, one(search.from), one(search.to))));
}

/**
 * A record layout's check, made outside any loading boundary so that an entry, account,
 * document or payment that does not exist answers HTTP 404 (with ../not-found.tsx) before anything streams.
 */
export async function requireRecord(slug: string, kind: "entry" | "account" | "document" | "payment", id: string): Promise<void> {
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return;
  const load = { entry: loadEntry, account: loadAccount, document: loadDocument, payment: loadPayment }[kind];
  const found = await load(org.id, id);
  if (found === null) notFound();
}
