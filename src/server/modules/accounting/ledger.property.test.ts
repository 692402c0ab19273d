import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { listAccounts } from "./accounts";
import { createDraft, postEntry, reverseEntry } from "./entries";
import { balanceSheet, generalLedger, incomeStatement, trialBalance } from "./reports";

/*
 * The journal against random work: balanced drafts over random accounts, dates and two
 * currencies, posted or left as drafts, some reversed, and unbalanced ones that must be
 * refused. After each run: every posted entry balances per currency, the trial balance
 * nets to zero per currency, the balance sheet balances, the monthly period balances
 * equal the lines, the trial balance of random date ranges (month edges or not) equals a
 * direct sum over the lines, and the profit and loss of those ranges by month, compared with
 * the previous period, holds in each column the plain report over that column's dates.
 */

type IncomeReport = Awaited<ReturnType<typeof incomeStatement>>;
type IncomeLine = IncomeReport["income"][number];
/** The profit and loss's account figures, per account and currency ("0" when absent). */
function expectSameFigures(what: string, report: IncomeReport, figure: (line: IncomeLine) => string, plain: IncomeReport) {
  const got = new Map([...report.income, ...report.expenses].map((l) => [`${l.accountId}/${l.currency}`, figure(l)]));
  const want = new Map([...plain.income, ...plain.expenses].map((l) => [`${l.accountId}/${l.currency}`, l.amount]));
  for (const key of new Set([...got.keys(), ...want.keys()])) expect(got.get(key) ?? "0", `${what} ${key}`).toBe(want.get(key) ?? "0");
}

type Run = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
type Key = { date: string; number: number; lineNo: number };
const keyBefore = (a: Key, b: Key) => a.date < b.date || (a.date === b.date && (a.number < b.number || (a.number === b.number && a.lineNo < b.lineNo)));
/** The balances per currency, zeros left out (a currency whose lines net to zero may or may not be listed). */
const nonZero = (balances: { currency: string; balance: string }[]) => Object.fromEntries(balances.filter((b) => b.balance !== "0").map((b) => [b.currency, b.balance]));

/** The general ledger of one account for a range, every page walked with a small limit, against a window sum over its lines. */
async function expectLedgerAgrees(run: Run, accountId: string, range: { from?: string; to?: string }, limit: number) {
  const lines = await run((tx) =>
    tx.execute<{ date: string; number: number; line_no: number; currency: string; debit: string; credit: string; balance: string }>(sql`
      select e.date::text, e.number::int, l.line_no, l.currency, trim_scale(l.debit)::text as debit, trim_scale(l.credit)::text as credit,
             trim_scale(sum(l.debit - l.credit) over (partition by l.currency order by e.date, e.number, l.line_no))::text as balance
        from accounting_lines l join accounting_entries e on e.id = l.entry_id and e.status = 'posted'
       where l.account_id = ${accountId}
       order by e.date, e.number, l.line_no`),
  );
  const all = lines.map((l) => ({ date: l.date, number: l.number, lineNo: l.line_no, currency: l.currency, debit: l.debit, credit: l.credit, balance: l.balance }));
  /** Each currency's balance after the last line before `key`. */
  const balancesBefore = (before: (line: Key) => boolean) => {
    const balances = new Map<string, string>();
    for (const line of all) if (before(line)) balances.set(line.currency, line.balance);
    return [...balances].map(([currency, balance]) => ({ currency, balance }));
  };
  const what = `ledger ${accountId} ${range.from ?? "…"}..${range.to ?? "…"} by ${limit}`;
  const got: typeof all = [];
  let after: Key | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages, what).toBeLessThan(all.length + 2);
    const page = await run((tx) => generalLedger(tx, { accountId, ...range, limit, after }));
    const cursor = after;
    const opening = cursor ? balancesBefore((l) => !keyBefore(cursor, l)) : balancesBefore((l) => l.date < (range.from ?? "0001-01-01"));
    expect(nonZero(page.opening), `${what}: opening of page ${pages}`).toEqual(nonZero(opening));
    expect(page.items.length, what).toBeLessThanOrEqual(limit);
    got.push(...page.items.map((i) => ({ date: i.date, number: i.number, lineNo: i.lineNo, currency: i.currency, debit: i.debit, credit: i.credit, balance: i.balance })));
    if (!page.next) break;
    expect(page.items.length, what).toBe(limit);
    after = page.next;
  }
  expect(got, what).toEqual(all.filter((l) => l.date >= (range.from ?? "0001-01-01") && l.date <= (range.to ?? "9999-12-31")));
}

type Operation =
  | { op: "entry"; day: number; currency: "USD" | "EUR"; lines: { account: number; amount: number }[]; post: boolean; reverse: boolean }
  | { op: "unbalanced"; day: number; account: number; amount: number };

const dayOf = fc.integer({ min: 0, max: 729 });
const amount = fc.integer({ min: 1, max: 5_000_000 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      op: fc.constant("entry" as const),
      day: dayOf,
      currency: fc.constantFrom("USD" as const, "EUR" as const),
      lines: fc.array(fc.record({ account: fc.nat(15), amount }), { minLength: 1, maxLength: 4 }),
      post: fc.boolean(),
      reverse: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("unbalanced" as const), day: dayOf, account: fc.nat(15), amount }) },
);

const START = Date.UTC(2025, 0, 1);
const dateOf = (day: number) => new Date(START + day * 86_400_000).toISOString().slice(0, 10);

describe("the journal under random work", () => {
  it("stays balanced everywhere, and its period balances and reports agree with the lines", async () => {
    const { org, owner } = await createTenant();
    const actor: Actor = { userId: owner.id, role: "owner" };
    const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    const accounts = (await run((tx) => listAccounts(tx))).map((a) => a.id);
    let posted = 0;

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 40, maxLength: 40 }), fc.array(fc.tuple(dayOf, dayOf), { minLength: 5, maxLength: 5 }), async (operations, ranges) => {
        for (const o of operations) {
          if (o.op === "unbalanced") {
            const draft = await run((tx) => createDraft(tx, actor, { date: dateOf(o.day), lines: [{ accountId: accounts[o.account]!, debit: String(o.amount) }, { accountId: accounts[(o.account + 1) % 16]!, credit: String(o.amount + 1) }] }));
            await expect(run((tx) => postEntry(tx, actor, draft.id))).rejects.toThrow(/does not balance/);
            continue;
          }
          // Each line's amount is debited to its account and credited to the next one: balanced by construction.
          const lines = o.lines.flatMap((l) => [
            { accountId: accounts[l.account]!, debit: String(l.amount), currency: o.currency },
            { accountId: accounts[(l.account + 1) % 16]!, credit: String(l.amount), currency: o.currency },
          ]);
          const draft = await run((tx) => createDraft(tx, actor, { date: dateOf(o.day), lines }));
          if (!o.post) continue;
          const entry = await run((tx) => postEntry(tx, actor, draft.id));
          posted += 1;
          if (o.reverse) await run((tx) => reverseEntry(tx, actor, { id: entry.id, date: dateOf(Math.min(o.day + 3, 729)) }));
        }

        const unbalanced = await run((tx) =>
          tx.execute(sql`
            select e.number from accounting_entries e join accounting_lines l on l.entry_id = e.id
             where e.status = 'posted' group by e.id, e.number, l.currency having sum(l.debit) <> sum(l.credit)`),
        );
        expect(unbalanced).toEqual([]);

        const trial = await run((tx) => trialBalance(tx, {}));
        for (const total of trial.totals) expect(total.balance, total.currency).toBe("0");
        expect((await run((tx) => balanceSheet(tx, {}))).balanced).toBe(true);
        expect((await run((tx) => balanceSheet(tx, { asOf: dateOf(ranges[0]![0]) }))).balanced).toBe(true);

        const mismatches = await run((tx) =>
          tx.execute(sql`
            with lines as (
              select l.account_id, l.currency, date_trunc('month', e.date)::date as period, sum(l.debit) as debit, sum(l.credit) as credit
                from accounting_lines l join accounting_entries e on e.id = l.entry_id and e.status = 'posted'
               group by 1, 2, 3)
            select * from lines full join accounting_period_balances p using (account_id, currency, period)
             where lines.debit is distinct from p.debit or lines.credit is distinct from p.credit`),
        );
        expect(mismatches).toEqual([]);

        for (const [a, b] of ranges) {
          const [from, to] = a <= b ? [dateOf(a), dateOf(b)] : [dateOf(b), dateOf(a)];
          const report = await run((tx) => trialBalance(tx, { from, to }));
          const direct = await run((tx) =>
            tx.execute<{ account_id: string; currency: string; debit: string; credit: string }>(sql`
              select l.account_id, l.currency, trim_scale(sum(l.debit))::text as debit, trim_scale(sum(l.credit))::text as credit
                from accounting_lines l join accounting_entries e on e.id = l.entry_id and e.status = 'posted'
               where e.date between ${from}::date and ${to}::date
               group by 1, 2 having sum(l.debit) <> 0 or sum(l.credit) <> 0`),
          );
          const key = (r: { account_id?: string; accountId?: string; currency: string }) => `${r.account_id ?? r.accountId}/${r.currency}`;
          const expected = Object.fromEntries(direct.map((r) => [key(r), [r.debit, r.credit]]));
          const got = Object.fromEntries(report.rows.map((r) => [key(r), [r.debit, r.credit]]));
          expect(got, `${from}..${to}`).toEqual(expected);

          const pl = await run((tx) => incomeStatement(tx, { from, to, columns: "month", compare: "previous_period" }));
          const plain = (f: string, t: string) => run((tx) => incomeStatement(tx, { from: f, to: t }));
          expectSameFigures(`P&L ${from}..${to}`, pl, (l) => l.amount, await plain(from, to));
          expectSameFigures(`P&L compared ${pl.comparison!.from}..${pl.comparison!.to}`, pl, (l) => l.previous!, await plain(pl.comparison!.from, pl.comparison!.to));
          for (const [i, column] of pl.columns.entries()) expectSameFigures(`P&L column ${column.from}..${column.to}`, pl, (l) => l.columns[i]!, await plain(column.from, column.to));

          // The ledger of an account over the range, from its start only, and over all dates.
          const account = accounts[(a + b) % 16]!;
          await expectLedgerAgrees(run, account, { from, to }, 1 + (a % 7));
          await expectLedgerAgrees(run, account, { from }, 3 + (b % 5));
        }
        await expectLedgerAgrees(run, accounts[ranges[0]![0] % 16]!, {}, 4);
        await expect(run((tx) => generalLedger(tx, { accountId: crypto.randomUUID() }))).rejects.toThrow(/does not exist/);
      }),
      { numRuns: 5, endOnFailure: true },
    );
    expect(posted).toBeGreaterThan(50);
  }, 600_000);
});
