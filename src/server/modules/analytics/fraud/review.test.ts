import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Actor } from "../../../db/tenant";
import { addMember, callerFor, codeOf, createTenant, createUser } from "../../../../test/fixtures";
import { noMembers, runJobOn, tenantEvents } from "../../../jobs/testing";
import { createDraft, postEntry } from "../../accounting/entries";
import { setCurrentPlan } from "../../orgs/limits";
import { FRAUD_LABELLED } from "../events";
import { retrainFraudModelJob } from "./jobs";

/*
 * The review queue end to end through the router: score → list → confirm/dismiss (audited) →
 * retrain → the learned model is used when it ranks the labels better than the rules. The labels
 * here are built so that it does: fraud is in the round amounts (a weak rule), while the
 * self-approved entries (a strong rule) are all dismissed.
 */

const ROUND = 15;
const SELF_APPROVED = 20;

async function setup(plan: "business" | "free" = "business") {
  const { org, owner } = await createTenant();
  const admin = await createUser();
  const member = await createUser();
  await addMember(org.id, admin.id, "admin");
  await addMember(org.id, member.id, "member");
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, plan));
  const run = <T,>(userId: string, role: Actor["role"], fn: (tx: Parameters<Parameters<typeof withTenant>[1]>[0], actor: Actor) => Promise<T>) =>
    withTenant({ tenantId: org.id, userId, role }, (tx) => fn(tx, { userId, role }));
  const accounts = await run(owner.id, "owner", (tx) => tx.execute<{ id: string; system_key: string }>(sql`select id, system_key from accounting_accounts where system_key in ('cash', 'sales')`));
  const account = (key: string) => accounts.find((a) => a.system_key === key)!.id;
  /** A manual entry drafted by the owner and posted by `poster`. */
  const entry = async (day: string, major: string, poster: { id: string; role: Actor["role"] }) => {
    const draft = await run(owner.id, "owner", (tx, actor) =>
      createDraft(tx, actor, { date: day, memo: "Cash sale", lines: [{ accountId: account("cash"), debit: major }, { accountId: account("sales"), credit: major }] }),
    );
    await run(poster.id, poster.role, (tx, actor) => postEntry(tx, actor, draft.id));
    return draft.id;
  };
  return { tenantId: org.id, owner, admin, member, run, entry, api: callerFor(admin, org.id), memberApi: callerFor(member, org.id) };
}

describe("the fraud review queue", () => {
  let s: Awaited<ReturnType<typeof setup>>;
  const round: string[] = [];
  const selfApproved: string[] = [];
  beforeAll(async () => {
    s = await setup();
    for (let i = 0; i < ROUND; i++) round.push(await s.entry(`2026-02-${String(2 + (i % 5)).padStart(2, "0")}`, String(1000 * (i + 1)), { id: s.admin.id, role: "admin" }));
    for (let i = 0; i < SELF_APPROVED; i++) selfApproved.push(await s.entry(`2026-02-${String(9 + (i % 5)).padStart(2, "0")}`, `${137 + 11 * i}.${10 + i}`, { id: s.owner.id, role: "owner" }));
  }, 60_000);

  it("refresh scores everything not scored yet, once", async () => {
    expect(await s.api.analytics.fraud.refresh()).toEqual({ scored: ROUND + SELF_APPROVED, remaining: 0 });
    expect(await s.api.analytics.fraud.refresh()).toEqual({ scored: 0, remaining: 0 });
  });

  it("lists highest score first with reasons in words and links, pages by keyset, filters by kind", async () => {
    const first = await s.api.analytics.fraud.queue({ limit: 10 });
    expect(first.items).toHaveLength(10);
    const top = first.items[0]!;
    expect(selfApproved).toContain(top.itemId);
    expect(top.href).toBe(`/accounting/entries/${top.itemId}`);
    expect(top.reasons[0]).toMatchObject({ key: "same_creator_approver" });
    expect(top.reasons[0]!.reason).toMatch(/^Created and approved by the same person \(/);
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await s.api.analytics.fraud.queue({ limit: 10, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(ROUND + SELF_APPROVED);
    expect(new Set(seen.map((i) => i.itemId)).size).toBe(ROUND + SELF_APPROVED);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.score).toBeLessThanOrEqual(seen[i - 1]!.score);
    expect((await s.api.analytics.fraud.queue({ kind: "supplier_bill" })).items).toEqual([]);
  });

  it("members may not review", async () => {
    expect(await codeOf(s.memberApi.analytics.fraud.queue({}))).toBe("FORBIDDEN");
    expect(await codeOf(s.memberApi.analytics.fraud.label({ kind: "journal_entry", itemId: round[0]!, verdict: "confirmed" }))).toBe("FORBIDDEN");
  });

  it("confirm moves an item out of the queue into Confirmed, audited with the note; too few labels → rules", async () => {
    await s.api.analytics.fraud.label({ kind: "journal_entry", itemId: round[0]!, verdict: "confirmed", note: "Cash taken" });
    const confirmed = await s.api.analytics.fraud.queue({ status: "confirmed" });
    expect(confirmed.items.map((i) => i.itemId)).toEqual([round[0]]);
    expect(confirmed.items[0]!.label).toMatchObject({ verdict: "confirmed", note: "Cash taken", labelledBy: s.admin.name });
    expect((await s.api.analytics.fraud.queue({ limit: 100 })).items.map((i) => i.itemId)).not.toContain(round[0]);
    const [audit] = await s.run(s.owner.id, "owner", (tx) => tx.execute<{ action: string; after: { note: string } }>(sql`select action, after from audit_log where entity_id = ${round[0]} and action like 'analytics.%'`));
    expect(audit).toMatchObject({ action: "analytics.fraud_item.confirmed", after: { note: "Cash taken" } });
    const state = await s.api.analytics.fraud.retrain();
    expect(state.inUse).toBe(false);
    expect(state.reason).toMatch(/^Scoring by rules: 1 labels \(1 confirmed, 0 dismissed\)/);
  });

  it("a label of an item that was never scored is NotFound", async () => {
    expect(await codeOf(s.api.analytics.fraud.label({ kind: "supplier_bill", itemId: round[0]!, verdict: "dismissed" }))).toBe("NOT_FOUND");
  });

  it("with enough labels the learned model wins, is used, and rescoring ranks the confirmed kind first", async () => {
    for (const id of round) await s.api.analytics.fraud.label({ kind: "journal_entry", itemId: id, verdict: "confirmed" });
    for (const id of selfApproved) await s.api.analytics.fraud.label({ kind: "journal_entry", itemId: id, verdict: "dismissed" });
    // The retraining job the labels queued (one per label, round[0]'s twice; one run is enough: it trains on every label).
    const events = await tenantEvents(s.tenantId, FRAUD_LABELLED);
    expect(events.length).toBe(ROUND + SELF_APPROVED + 1);
    const result = (await runJobOn(retrainFraudModelJob, s.tenantId, events.at(-1)!, noMembers)) as { inUse: boolean; auc: number; rulesAuc: number };
    expect(result.inUse).toBe(true);
    expect(result.auc).toBeGreaterThan(result.rulesAuc);
    const status = await s.api.analytics.fraud.status();
    expect(status).toMatchObject({ enabled: true, confirmed: ROUND, dismissed: SELF_APPROVED, toReview: 0 });
    expect(status.model!.reason).toMatch(/^Scoring by the learned model: cross-validated AUC/);
    expect(status.weights!.round_amount).toBeGreaterThan(0);
    const confirmed = (await s.api.analytics.fraud.queue({ status: "confirmed", limit: 100 })).items;
    const dismissed = (await s.api.analytics.fraud.queue({ status: "dismissed", limit: 100 })).items;
    expect(confirmed.every((i) => i.method === "model")).toBe(true);
    expect(Math.min(...confirmed.map((i) => i.score))).toBeGreaterThan(Math.max(...dismissed.map((i) => i.score)));
  });
});

describe("the plan gate", () => {
  it("shows the plan in the status and refuses the queue on Free", async () => {
    const s = await setup("free");
    expect(await s.api.analytics.fraud.status()).toMatchObject({ enabled: false, planLabel: "Free", scored: 0 });
    expect(await codeOf(s.api.analytics.fraud.queue({}))).toBe("FORBIDDEN");
    expect(await codeOf(s.api.analytics.fraud.refresh())).toBe("FORBIDDEN");
  });
});
