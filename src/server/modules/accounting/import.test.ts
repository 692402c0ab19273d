import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { csvLines } from "../../platform/csv";
import { writtenAmount } from "./amounts";
import { importJournal } from "./import";
import { reportRows } from "./report-table";
import { balanceSheet } from "./reports";
import { verifyChain } from "./verify";

async function setup() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  return { actor, run };
}

const JOURNAL = [
  {
    date: "2024-01-01",
    description: "Opening balance",
    postings: [
      { account: "assets:bank:checking", amount: "1000.00", commodity: "$" },
      { account: "equity:opening balances", amount: "-1000.00", commodity: "$" },
    ],
  },
  {
    date: "2024-01-15",
    description: "Groceries",
    postings: [
      { account: "expenses:food", amount: "42.37", commodity: "$" },
      { account: "assets:bank:checking", amount: "-42.37", commodity: "$" },
    ],
  },
  {
    date: "2024-02-01",
    description: "Salary",
    postings: [
      { account: "assets:bank:checking", amount: "2500", commodity: "$" },
      { account: "Income:Salary", amount: "-2500", commodity: "$" },
    ],
  },
  {
    date: "2024-02-10",
    description: "Buy shares",
    postings: [
      { account: "assets:brokerage", amount: "10", commodity: "AAPL", cost: { kind: "unit", amount: "187.50", commodity: "USD" } },
      { account: "assets:bank:checking", amount: "-1875.00", commodity: "$" },
    ],
  },
  {
    date: "2024-03-01",
    description: "Hotel in Paris",
    postings: [
      { account: "expenses:travel", amount: "120.00", commodity: "€", cost: { kind: "total", amount: "131.22", commodity: "USD" } },
      { account: "liabilities:credit card", amount: "-131.22", commodity: "USD" },
    ],
  },
  {
    date: "2024-03-05",
    description: "Consulting hours",
    postings: [
      { account: "assets:timebank", amount: "1.25", commodity: "hours" },
      { account: "revenues:consulting", amount: "-1.25", commodity: "hours" },
    ],
  },
];

describe("importing a journal", () => {
  it("creates accounts from their paths, converts costs, and reports what plain-text accounting tools report", async () => {
    const { actor, run } = await setup();
    const result = await run((tx) => importJournal(tx, actor, JOURNAL));
    expect(result).toMatchObject({ entries: 6, imported: 6, skipped: 0, residuals: 0 });
    const accounts = await run((tx) => tx.execute<{ code: string; type: string; parent: string | null }>(sql`
      select a.code, a.type::text, p.code as parent from accounting_accounts a left join accounting_accounts p on p.id = a.parent_id where a.code like '%:%' or a.code ~ '^[a-zA-Z]' order by a.code`));
    expect(accounts).toContainEqual({ code: "assets:bank:checking", type: "asset", parent: "assets:bank" });
    expect(accounts).toContainEqual({ code: "Income:Salary", type: "income", parent: "Income" });
    expect(accounts).toContainEqual({ code: "revenues:consulting", type: "income", parent: "revenues" });
    expect(accounts).toContainEqual({ code: "liabilities:credit card", type: "liability", parent: "liabilities" });

    const csv = await run(async (tx) => csvLines(await reportRows(tx, "trial-balance", { from: null, to: null })));
    const rows = csv.trim().split("\r\n").slice(1).sort();
    expect(rows).toEqual(
      [
        "Income:Salary,USD,0,2500,-2500",
        "assets:bank:checking,USD,3500,1917.37,1582.63", // 1000 + 2500 in; 42.37 + 1875.00 out
        "assets:brokerage,AAPL,10,0,10",
        "assets:timebank,hours,1.25,0,1.25",
        "equity:conversion,AAPL,0,10,-10",
        "equity:conversion,EUR,0,120,-120",
        "equity:conversion,USD,2006.22,0,2006.22",
        "equity:opening balances,USD,0,1000,-1000",
        "expenses:food,USD,42.37,0,42.37",
        "expenses:travel,EUR,120,0,120",
        "liabilities:credit card,USD,0,131.22,-131.22",
        "revenues:consulting,hours,0,1.25,-1.25",
      ].sort(),
    );
    expect((await run((tx) => balanceSheet(tx, {}))).balanced).toBe(true);
    expect(await run((tx) => verifyChain(tx))).toEqual({ intact: true, verified: 6 });
  });

  it("changes nothing when the same file is imported again, but keeps an entry that appears twice in a file", async () => {
    const { actor, run } = await setup();
    const twice = [JOURNAL[1], JOURNAL[1]];
    expect(await run((tx) => importJournal(tx, actor, twice))).toMatchObject({ imported: 2, skipped: 0 });
    expect(await run((tx) => importJournal(tx, actor, twice))).toMatchObject({ imported: 0, skipped: 2, accountsCreated: 0 });
    const [count] = await run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_entries where source = 'import'`));
    expect(count!.n).toBe(2);
  });

  it("refuses the whole file for one bad entry, naming it and why, and imports nothing", async () => {
    const { actor, run } = await setup();
    const bad = [
      JOURNAL[0],
      { date: "2024-01-02", description: "Typo", postings: [{ account: "expenses:food", amount: "10.00", commodity: "$" }, { account: "assets:cash", amount: "-1.00", commodity: "$" }] },
    ];
    await expect(run((tx) => importJournal(tx, actor, bad))).rejects.toThrow("Entry 2 (2024-01-02 “Typo”): it does not balance in USD: the postings add up to 9 (debit).");
    await expect(run((tx) => importJournal(tx, actor, [{ date: "2024-01-02", postings: [{ account: "stuff:x", amount: "1", commodity: "$" }, { account: "assets:x", amount: "-1", commodity: "$" }] }]))).rejects.toThrow(
      /Entry 1 \(2024-01-02\): posting 1: the account stuff:x does not start with assets/,
    );
    await expect(run((tx) => importJournal(tx, actor, [{ date: "2024-13-01", postings: [] }]))).rejects.toThrow(/Entry 1/);
    await expect(run((tx) => importJournal(tx, actor, { not: "an array" }))).rejects.toThrow("The file must hold a JSON array of entries.");
    const [count] = await run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_entries`));
    expect(count!.n).toBe(0);
  });

  it("accepts an entry off by less than half a unit of its last written decimal, recording the residual", async () => {
    const { actor, run } = await setup();
    // 1.005 units at 9.95 cost 9.99975: within half a cent of the 10.00 paid.
    const entry = { date: "2024-05-01", description: "Fund units", postings: [{ account: "assets:fund", amount: "1.005", commodity: "VTI", cost: { kind: "unit", amount: "9.95", commodity: "USD" } }, { account: "assets:bank", amount: "-10.00", commodity: "USD" }] };
    expect(await run((tx) => importJournal(tx, actor, [entry]))).toMatchObject({ imported: 1, residuals: 1 });
    const [rounding] = await run((tx) => tx.execute<{ debit: string; credit: string }>(sql`
      select l.debit::text, l.credit::text from accounting_lines l join accounting_accounts a on a.id = l.account_id where a.code = 'equity:rounding'`));
    expect(rounding).toEqual({ debit: "0.02500000", credit: "0.00000000" }); // 0.00025 USD, in cents
    const off = { ...entry, postings: [entry.postings[0], { account: "assets:bank", amount: "-10.01", commodity: "USD" }] };
    await expect(run((tx) => importJournal(tx, actor, [off]))).rejects.toThrow(/does not balance in USD/);
  });

  it("writes stored amounts back as the commodity is written", () => {
    expect(writtenAmount("-1250", "USD")).toBe("-12.5");
    expect(writtenAmount("0.02500000", "USD")).toBe("0.00025");
    expect(writtenAmount("125", "JPY")).toBe("125");
    expect(writtenAmount("1.25", "hours")).toBe("1.25");
    expect(writtenAmount("5", "USD")).toBe("0.05");
    expect(writtenAmount("0", "USD")).toBe("0");
  });
});
