import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { addMember, callerFor, createTenant, createUser, pgFailure } from "../../../test/fixtures";
import { listAccounts } from "./accounts";
import { createDraft, postEntries, postEntry, reverseEntry } from "./entries";
import { setLockDates } from "./settings";
import { verifyChain } from "./verify";

async function setup() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>, role: Actor["role"] = "owner") => withTenant({ tenantId: org.id, userId: owner.id, role }, fn);
  const accounts = await run((tx) => listAccounts(tx));
  const key = (k: string) => accounts.find((a) => a.systemKey === k)!.id;
  return { tenantId: org.id, owner, actor, run, cash: key("cash"), sales: key("sales"), receivable: key("receivable"), tax: key("sales_tax") };
}

const sale = (cash: string, sales: string, minor = "1000") => [
  { accountId: cash, debit: minor },
  { accountId: sales, credit: minor },
];

describe("the chart of accounts", () => {
  it("comes with every new organization: the standard small-business chart", async () => {
    const { run } = await setup();
    const accounts = await run((tx) => listAccounts(tx));
    expect(accounts.map((a) => a.systemKey).filter(Boolean).sort()).toEqual(
      ["bank", "bank_fees", "cash", "cogs", "equity", "inventory", "payable", "receivable", "retained_earnings", "sales", "sales_tax"].sort(),
    );
    expect(accounts.find((a) => a.systemKey === "sales_tax")).toMatchObject({ type: "liability", isTax: true });
  });
});

describe("posting", () => {
  it("numbers entries without gaps and chains their hashes; the check reads the chain intact", async () => {
    const { actor, run, cash, sales } = await setup();
    const first = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", memo: "Cash sale", lines: sale(cash, sales) }));
    expect(first).toMatchObject({ status: "draft", number: null, hash: null });
    const posted1 = await run((tx) => postEntry(tx, actor, first.id));
    const second = await run((tx) => createDraft(tx, actor, { date: "2026-01-11", lines: sale(cash, sales, "250.5") }));
    const posted2 = await run((tx) => postEntry(tx, actor, second.id));
    expect([posted1.number, posted2.number]).toEqual([1, 2]);
    expect(posted1.previousHash).toBeNull();
    expect(posted2.previousHash).toBe(posted1.hash);
    expect(posted2.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await run((tx) => verifyChain(tx))).toEqual({ intact: true, verified: 2 });
    // Period balances follow the postings.
    const balances = await run((tx) => tx.execute<{ debit: string }>(sql`select debit::text from accounting_period_balances where account_id = ${cash}`));
    expect(balances).toEqual([{ debit: "1250.50000000" }]);
  });

  it("posts a batch in order (postEntries): numbered, chained and balanced like entries posted one by one", async () => {
    const { actor, run, cash, sales } = await setup();
    const days = ["2026-02-01", "2026-02-02", "2026-02-03"];
    const ids = await run((tx) => postEntries(tx, actor, days.map((date, i) => ({ date, memo: `Till ${date}`, source: "import", sourceId: `pos:${date}`, lines: sale(cash, sales, String(1000 * (i + 1))) }))));
    const rows = await run((tx) => tx.execute<{ id: string; number: number; status: string; posted_by: string; source: string }>(sql`select id, number::int as number, status, posted_by, source from accounting_entries order by number`));
    expect(rows.map((r) => [r.id, r.number, r.status, r.posted_by, r.source])).toEqual(ids.map((id, i) => [id, i + 1, "posted", actor.userId, "import"]));
    expect(await run((tx) => verifyChain(tx))).toEqual({ intact: true, verified: 3 });
    const balances = await run((tx) => tx.execute<{ debit: string }>(sql`select debit::text from accounting_period_balances where account_id = ${cash}`));
    expect(balances).toEqual([{ debit: "6000.00000000" }]);
    // One unbalanced or one on an unknown account: nothing of the batch is written.
    const batch = (lines: Parameters<typeof sale>[]) => lines.map((args, i) => ({ date: days[i]!, lines: sale(...args) }));
    const unbalanced = [...batch([[cash, sales]]), { date: "2026-02-04", lines: [{ accountId: cash, debit: "1000" }, { accountId: sales, credit: "999" }] }];
    await expect(run((tx) => postEntries(tx, actor, unbalanced))).rejects.toMatchObject({ fields: { lines: ["Entry 2 of 2 does not balance in USD: debits 10, credits 9.99."] } });
    const unknown = [...batch([[cash, sales]]), { date: "2026-02-04", lines: sale(cash, "00000000-0000-4000-8000-000000000000") }];
    await expect(run((tx) => postEntries(tx, actor, unknown))).rejects.toMatchObject({ fields: { "entries.1.lines.1.accountId": ["This account does not exist."] } });
    const [count] = await run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_entries`));
    expect(count!.n).toBe(3);
    expect(await run((tx) => postEntries(tx, actor, []))).toEqual([]);
  });

  it("refuses an unbalanced entry in the service, and in the database for raw SQL as the app role", async () => {
    const { actor, run, cash, sales } = await setup();
    const draft = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", lines: [{ accountId: cash, debit: "1000" }, { accountId: sales, credit: "999" }] }));
    await expect(run((tx) => postEntry(tx, actor, draft.id))).rejects.toMatchObject({ fields: { lines: ["The entry does not balance in USD: debits 10, credits 9.99."] } });
    const raw = await pgFailure(run((tx) => tx.execute(sql`update accounting_entries set status = 'posted' where id = ${draft.id}`)));
    expect(raw.message).toMatch(/does not balance in USD: debits 1000\.00000000, credits 999\.00000000/);
    // Nothing was numbered: the next entry is still number 1.
    const ok = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", lines: sale(cash, sales) }));
    expect((await run((tx) => postEntry(tx, actor, ok.id))).number).toBe(1);
  });

  it("never lets a posted entry or its lines change, for raw SQL as the app role too", async () => {
    const { actor, run, cash, sales } = await setup();
    const draft = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", lines: sale(cash, sales) }));
    await run((tx) => postEntry(tx, actor, draft.id));
    const attempts = [
      sql`update accounting_entries set memo = 'changed' where id = ${draft.id}`,
      sql`delete from accounting_entries where id = ${draft.id}`,
      sql`update accounting_lines set debit = 5 where entry_id = ${draft.id}`,
      sql`delete from accounting_lines where entry_id = ${draft.id}`,
      sql`insert into accounting_lines (entry_id, line_no, account_id, currency, debit) values (${draft.id}, 3, ${cash}, 'USD', 1)`,
      sql`insert into accounting_entries (date, status) values ('2026-01-01', 'posted')`,
    ];
    for (const attempt of attempts) {
      const failure = await pgFailure(run((tx) => tx.execute(attempt)));
      expect(failure.message).toMatch(/posted journal entry cannot|created as a draft/);
    }
    expect(await run((tx) => verifyChain(tx))).toEqual({ intact: true, verified: 1 });
  });

  it("refuses posting on or before the lock date that applies, in the database", async () => {
    const { tenantId, actor, run, cash, sales, tax } = await setup();
    await run((tx) => setLockDates(tx, actor, { lockDate: "2026-01-31", memberLockDate: "2026-02-28", taxLockDate: "2026-03-31" }));
    const january = await run((tx) => createDraft(tx, actor, { date: "2026-01-31", lines: sale(cash, sales) }));
    await expect(run((tx) => postEntry(tx, actor, january.id))).rejects.toThrow("The books are locked up to 2026-01-31: post this entry on a later date.");
    // February: admins may post, members may not (raw SQL as a member is refused too).
    const february = await run((tx) => createDraft(tx, actor, { date: "2026-02-15", lines: sale(cash, sales) }));
    const member = await createUser();
    await addMember(tenantId, member.id, "member");
    const asMember = await pgFailure(withTenant({ tenantId, userId: member.id, role: "member" }, (tx) => tx.execute(sql`update accounting_entries set status = 'posted' where id = ${february.id}`)));
    expect(asMember.message).toMatch(/locked up to 2026-02-28 for members/);
    await run((tx) => postEntry(tx, actor, february.id));
    // March: only entries touching a tax account are locked.
    const taxed = await run((tx) => createDraft(tx, actor, { date: "2026-03-15", lines: [{ accountId: cash, debit: "110" }, { accountId: sales, credit: "100" }, { accountId: tax, credit: "10" }] }));
    await expect(run((tx) => postEntry(tx, actor, taxed.id))).rejects.toThrow(/Tax is locked up to 2026-03-31/);
    const untaxed = await run((tx) => createDraft(tx, actor, { date: "2026-03-15", lines: sale(cash, sales) }));
    expect((await run((tx) => postEntry(tx, actor, untaxed.id))).number).toBe(2);
    await expect(run((tx) => setLockDates(tx, actor, { lockDate: "2026-03-01", memberLockDate: "2026-02-01", taxLockDate: null }))).rejects.toMatchObject({ fields: { memberLockDate: [expect.stringMatching(/cannot be before/)] } });
  });

  it("corrects by reversal: lines swapped, linked, once; the trial balance nets to zero", async () => {
    const { actor, run, cash, sales } = await setup();
    const draft = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", memo: "Oops", lines: sale(cash, sales, "4200") }));
    const original = await run((tx) => postEntry(tx, actor, draft.id));
    const reversal = await run((tx) => reverseEntry(tx, actor, { id: original.id, date: "2026-01-12" }));
    expect(reversal).toMatchObject({ number: 2, source: "reversal", reversalOf: original.id, memo: "Reversal of entry 1: Oops" });
    expect(reversal.lines.map((l) => [l.accountId, l.debit, l.credit])).toEqual([
      [cash, "0", "4200"],
      [sales, "4200", "0"],
    ]);
    await expect(run((tx) => reverseEntry(tx, actor, { id: original.id }))).rejects.toThrow("Entry 1 was already reversed by entry 2.");
    const [net] = await run((tx) => tx.execute<{ n: string }>(sql`select (sum(debit) - sum(credit))::text as n from accounting_period_balances where account_id = ${cash}`));
    expect(Number(net!.n)).toBe(0);
  });

  it("gives gapless numbers to 20 concurrent postings", async () => {
    const { actor, run, cash, sales } = await setup();
    const drafts = [];
    for (let i = 0; i < 20; i++) drafts.push(await run((tx) => createDraft(tx, actor, { date: "2026-01-10", lines: sale(cash, sales) })));
    const posted = await Promise.all(drafts.map((d) => run((tx) => postEntry(tx, actor, d.id))));
    expect(posted.map((p) => Number(p.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await run((tx) => verifyChain(tx))).toEqual({ intact: true, verified: 20 });
  });

  it.runIf(process.env.TEST_DATABASE_MODE === "postgres")("the integrity check finds a line changed behind the triggers' back (as the owner role)", async () => {
    const { tenantId, actor, run, cash, sales } = await setup();
    for (let i = 0; i < 3; i++) {
      const draft = await run((tx) => createDraft(tx, actor, { date: "2026-01-10", lines: sale(cash, sales, String(100 + i)) }));
      await run((tx) => postEntry(tx, actor, draft.id));
    }
    const owner = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`; // past every trigger
        await tx`update accounting_lines set debit = 999 where tenant_id = ${tenantId} and debit = 101`;
      });
    } finally {
      await owner.end();
    }
    const report = await run((tx) => verifyChain(tx));
    expect(report).toMatchObject({ intact: false, verified: 1, firstBroken: { number: 2, reason: "its content no longer matches its hash" } });
  });

  it("viewers read, members draft, only admins post", async () => {
    const { tenantId, cash, sales } = await setup();
    const member = await createUser();
    await addMember(tenantId, member.id, "member");
    const api = callerFor(member, tenantId);
    const draft = await api.accounting.entries.createDraft({ date: "2026-01-10", lines: sale(cash, sales) });
    await expect(api.accounting.entries.post({ id: draft.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
