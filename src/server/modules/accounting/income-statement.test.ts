import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { csvLines } from "../../platform/csv";
import { listAccounts } from "./accounts";
import { closeFiscalYear } from "./closing";
import { createDraft, postEntry } from "./entries";
import { reportRows } from "./report-table";
import { incomeStatement, type IncomeLine, type IncomeTotal } from "./reports";

/* The profit and loss's month and quarter columns and its comparison with an earlier range. */

async function books() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const accounts = await run((tx) => listAccounts(tx));
  const id = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
  const post = (date: string, lines: { accountId: string; debit?: string; credit?: string; currency?: string }[]) =>
    run(async (tx) => postEntry(tx, actor, (await createDraft(tx, actor, { date, lines })).id));
  /** A cash sale (income) or a cash expense of `minor` on `date`. */
  const sale = (date: string, minor: string, currency = "USD") => post(date, [{ accountId: id("cash"), debit: minor, currency }, { accountId: id("sales"), credit: minor, currency }]);
  const expense = (date: string, minor: string) => post(date, [{ accountId: id("bank_fees"), debit: minor }, { accountId: id("cash"), credit: minor }]);
  return { run, actor, id, sale, expense };
}

const byAccount = (lines: (IncomeLine | IncomeTotal)[]) => Object.fromEntries(lines.map((l) => [`${"code" in l ? l.code : "total"} ${l.currency}`, l]));

/** Every figure of a line or total: its columns add up to its amount, exactly (minor units with up to 8 decimals). */
function expectColumnsAddUp(lines: (IncomeLine | IncomeTotal)[]) {
  const units = (text: string) => {
    const [whole, fraction = ""] = text.replace("-", "").split(".");
    const value = BigInt(whole!) * 100_000_000n + BigInt(fraction.padEnd(8, "0"));
    return text.startsWith("-") ? -value : value;
  };
  for (const line of lines) {
    expect(line.columns.length).toBeGreaterThan(0);
    expect(line.columns.reduce((sum, c) => sum + units(c), 0n)).toBe(units(line.amount));
  }
}

describe("profit and loss with month and quarter columns", () => {
  it("uses the edge days of a range that starts and ends mid-month (2026-01-31 … 2026-03-15) and the whole month between", async () => {
    const { run, sale, expense } = await books();
    await sale("2026-01-30", "1"); // the day before: left out
    await sale("2026-01-31", "100");
    await sale("2026-02-01", "2000");
    await sale("2026-02-28", "30000");
    await expense("2026-02-10", "5");
    await sale("2026-03-15", "400000");
    await sale("2026-03-16", "7"); // the day after: left out
    await sale("2026-03-15", "12.5", "EUR");

    const pl = await run((tx) => incomeStatement(tx, { from: "2026-01-31", to: "2026-03-15", columns: "month" }));
    expect(pl.columns).toEqual([
      { key: "2026-01", from: "2026-01-31", to: "2026-01-31" },
      { key: "2026-02", from: "2026-02-01", to: "2026-02-28" },
      { key: "2026-03", from: "2026-03-01", to: "2026-03-15" },
    ]);
    const income = byAccount(pl.income);
    expect(income["4000 USD"]).toMatchObject({ amount: "432100", columns: ["100", "32000", "400000"], previous: null, change: null });
    expect(income["4000 EUR"]).toMatchObject({ amount: "12.5", columns: ["0", "0", "12.5"] });
    expect(byAccount(pl.expenses)["6400 USD"]).toMatchObject({ amount: "5", columns: ["0", "5", "0"] });
    expect(byAccount(pl.netIncome)).toMatchObject({ "total EUR": { amount: "12.5", columns: ["0", "0", "12.5"] }, "total USD": { amount: "432095", columns: ["100", "31995", "400000"] } });
    expectColumnsAddUp([...pl.income, ...pl.expenses, ...pl.totalIncome, ...pl.totalExpenses, ...pl.netIncome]);

    // Each column is the report run over that column's dates; the total is the plain report.
    const plain = await run((tx) => incomeStatement(tx, { from: "2026-01-31", to: "2026-03-15" }));
    expect(plain.income.map((l) => [l.code, l.currency, l.amount])).toEqual(pl.income.map((l) => [l.code, l.currency, l.amount]));
    expect(plain.netIncome.map((t) => t.amount)).toEqual(pl.netIncome.map((t) => t.amount));
    for (const [i, column] of pl.columns.entries()) {
      const alone = await run((tx) => incomeStatement(tx, { from: column.from, to: column.to }));
      for (const t of pl.netIncome) expect(alone.netIncome.find((n) => n.currency === t.currency)?.amount ?? "0").toBe(t.columns[i]);
    }
  });

  it("puts the last day of a quarter and the first of the next in their own quarters, and the columns add up to the total", async () => {
    const { run, sale, expense } = await books();
    const days = ["2025-12-31", "2026-01-01", "2026-03-31", "2026-04-01", "2026-06-30", "2026-07-01", "2026-09-30", "2026-10-01", "2026-12-31", "2027-01-01"];
    for (const [i, day] of days.entries()) await sale(day, String(10 ** i));
    await expense("2026-05-17", "3.25");
    await expense("2026-11-02", "0.00000001");

    const pl = await run((tx) => incomeStatement(tx, { from: "2026-01-01", to: "2026-12-31", columns: "quarter" }));
    expect(pl.columns.map((c) => [c.key, c.from, c.to])).toEqual([
      ["2026-Q1", "2026-01-01", "2026-03-31"],
      ["2026-Q2", "2026-04-01", "2026-06-30"],
      ["2026-Q3", "2026-07-01", "2026-09-30"],
      ["2026-Q4", "2026-10-01", "2026-12-31"],
    ]);
    expect(pl.income[0]).toMatchObject({ code: "4000", amount: "111111110", columns: ["110", "11000", "1100000", "110000000"] });
    expect(pl.expenses[0]).toMatchObject({ columns: ["0", "3.25", "0", "0.00000001"], amount: "3.25000001" });
    expectColumnsAddUp([...pl.income, ...pl.expenses, ...pl.totalIncome, ...pl.totalExpenses, ...pl.netIncome]);

    const months = await run((tx) => incomeStatement(tx, { from: "2025-12-15", to: "2027-01-10", columns: "month" }));
    expect(months.columns).toHaveLength(14);
    expectColumnsAddUp([...months.income, ...months.expenses, ...months.netIncome]);
  });

  it("refuses columns without both dates, more than 60 of them, unknown ones, and a comparison before the year 1", async () => {
    const { run } = await books();
    const needsDates = { fields: { from: ["Month and quarter columns and comparisons need a start and an end date."] } };
    await expect(run((tx) => incomeStatement(tx, { from: "2026-01-01", columns: "month" }))).rejects.toMatchObject(needsDates);
    await expect(run((tx) => incomeStatement(tx, { to: "2026-01-01", compare: "previous_year" }))).rejects.toMatchObject(needsDates);
    await expect(run((tx) => incomeStatement(tx, { from: "2020-01-01", to: "2025-01-31", columns: "month" }))).rejects.toThrow(/at most 60 months/);
    await expect(run((tx) => incomeStatement(tx, { from: "0001-01-01", to: "0001-03-31", compare: "previous_period" }))).rejects.toThrow(/before the year 1/);
    await expect(run((tx) => incomeStatement(tx, { from: "2026-01-01", to: "2026-12-31", columns: "week" as "month" }))).rejects.toMatchObject({ fields: { columns: [expect.any(String)] } });
  });
});

describe("profit and loss compared with an earlier range", () => {
  it("shows the previous period's figures exactly as the report run over those dates, with the change", async () => {
    const { run, sale, expense } = await books();
    await sale("2025-12-01", "1000");
    await sale("2026-01-31", "3000");
    await expense("2026-01-15", "200");
    await sale("2026-02-01", "4500");
    await sale("2026-03-31", "500");
    await expense("2026-03-02", "100");
    await sale("2026-03-01", "20", "EUR");

    // Feb–Mar 2026 (whole months) against Dec 2025–Jan 2026.
    const pl = await run((tx) => incomeStatement(tx, { from: "2026-02-01", to: "2026-03-31", compare: "previous_period" }));
    expect(pl.comparison).toEqual({ kind: "previous_period", from: "2025-12-01", to: "2026-01-31" });
    const before = await run((tx) => incomeStatement(tx, { from: "2025-12-01", to: "2026-01-31" }));
    for (const section of ["income", "expenses", "totalIncome", "totalExpenses", "netIncome"] as const) {
      const earlier = byAccount(before[section]);
      for (const [key, line] of Object.entries(byAccount(pl[section]))) expect(line.previous, `${section} ${key}`).toBe(earlier[key]?.amount ?? "0");
      for (const key of Object.keys(earlier)) expect(byAccount(pl[section])[key], `${section} ${key} is shown`).toBeDefined();
    }
    expect(byAccount(pl.income)["4000 USD"]).toMatchObject({ amount: "5000", previous: "4000", change: "1000", changePercent: "25.0" });
    expect(byAccount(pl.income)["4000 EUR"]).toMatchObject({ amount: "20", previous: "0", change: "20", changePercent: null });
    expect(byAccount(pl.netIncome)["total USD"]).toMatchObject({ amount: "4900", previous: "3800", change: "1100", changePercent: "28.9" });

    // A range of days (2026-01-31 … 2026-03-15, 44 days) against the 44 days before it, with month columns too.
    const days = await run((tx) => incomeStatement(tx, { from: "2026-01-31", to: "2026-03-15", columns: "month", compare: "previous_period" }));
    expect(days.comparison).toEqual({ kind: "previous_period", from: "2025-12-18", to: "2026-01-30" });
    const daysBefore = await run((tx) => incomeStatement(tx, { from: "2025-12-18", to: "2026-01-30" }));
    expect(days.netIncome.map((t) => [t.currency, t.previous])).toEqual([
      ["EUR", "0"],
      ["USD", daysBefore.netIncome.find((t) => t.currency === "USD")!.amount],
    ]);
    expectColumnsAddUp(days.netIncome);
  });

  it("compares with the same dates a year earlier, leaving out the closing entry of that year", async () => {
    const { run, actor, sale, expense } = await books();
    await sale("2025-02-28", "700");
    await expense("2025-02-03", "50");
    await sale("2026-02-10", "900");
    await run((tx) => closeFiscalYear(tx, actor, { yearEnd: "2025-12-31" }));

    const pl = await run((tx) => incomeStatement(tx, { from: "2026-01-01", to: "2026-12-31", columns: "quarter", compare: "previous_year" }));
    expect(pl.comparison).toEqual({ kind: "previous_year", from: "2025-01-01", to: "2025-12-31" });
    expect(byAccount(pl.netIncome)["total USD"]).toMatchObject({ amount: "900", previous: "650", change: "250", changePercent: "38.5", columns: ["900", "0", "0", "0"] });
    expect(byAccount(pl.expenses)["6400 USD"]).toMatchObject({ amount: "0", previous: "50", change: "-50", changePercent: "-100.0" });
  });
});

describe("profit and loss as rows (CSV)", () => {
  it("writes a column per month, the total, the compared amount and the change, in major units", async () => {
    const { run, sale } = await books();
    await sale("2026-01-15", "1250");
    await sale("2026-02-15", "250");
    await sale("2025-02-15", "1000");
    const csv = await run(async (tx) => csvLines(await reportRows(tx, "income-statement", { from: "2026-01-01", to: "2026-02-28" }, { columns: "month", compare: "previous_year" })));
    expect(csv.split("\r\n")).toEqual([
      "section,account,currency,2026-01,2026-02,total,previous year (2025-01-01 to 2025-02-28),change,change %",
      "income,4000 Sales,USD,12.5,2.5,15,10,5,50.0",
      "net income,,USD,12.5,2.5,15,10,5,50.0",
      "",
    ]);
    const plain = await run(async (tx) => csvLines(await reportRows(tx, "income-statement", { from: "2026-01-01", to: "2026-02-28" })));
    expect(plain).toBe("section,account,currency,amount\r\nincome,4000 Sales,USD,15\r\nnet income,,USD,15\r\n");
  });
});
