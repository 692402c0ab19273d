import type { RouterOutputs } from "@/trpc/types";

type Accounting = RouterOutputs["accounting"];

export type Account = Accounting["accounts"]["list"][number];
export type AccountType = Account["type"];
export type Entry = Accounting["entries"]["get"];
export type EntryLine = Entry["lines"][number];
export type EntryRow = Accounting["entries"]["list"]["items"][number];
export type TrialBalance = Accounting["reports"]["trialBalance"];
export type IncomeStatement = Accounting["reports"]["incomeStatement"];
export type BalanceSheet = Accounting["reports"]["balanceSheet"];
export type Ledger = Accounting["reports"]["generalLedger"];
export type Integrity = Accounting["settings"]["verify"];
export type Document = Accounting["documents"]["get"];
export type DocumentLine = Document["lines"][number];
export type DocumentRow = Accounting["documents"]["list"]["items"][number];
export type DocumentKind = DocumentRow["kind"];
export type DocumentStatus = DocumentRow["status"];
export type Payment = Accounting["payments"]["get"];
export type PaymentRow = Accounting["payments"]["list"]["items"][number];
export type TaxRate = Accounting["taxRates"]["list"][number];
export type DocumentSettings = Accounting["settings"]["documents"];
