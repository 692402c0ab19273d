import type { TenantTx } from "../../db/tenant";
import { createActivity } from "./activities/activities";
import type { CrmActor } from "./common";
import { createContact } from "./contacts/contacts";
import { createCompany } from "./companies/companies";
import { createDeal } from "./deals/deals";
import { listPipelines } from "./pipelines";

/*
 * The demo organization's sales work: deals in every stage of the default pipeline (some
 * won, some lost), the calls, meetings and notes behind them, tasks for both demo people
 * (some overdue, some due today), and a couple of likely duplicates for the merge screen.
 * Dates are relative to the moment of seeding, so a fresh demo always looks current.
 */

export type DemoRecord = { id: string; name: string };
export type DemoBook = { companies: DemoRecord[]; contacts: (DemoRecord & { companyIndex: number; phone: string })[] };

const DAY = 86_400_000;
const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY);
const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

/** Deals by default-pipeline stage position (0 Lead in … 3 Negotiation, 4 Won, 5 Lost). */
const DEALS: { title: string; company: number; contact: number; amount: number; stage: number; closeInDays: number; colleague?: boolean; lostReason?: string }[] = [
  { title: "Northwind warehouse scanners", company: 0, contact: 0, amount: 4_800_000, stage: 0, closeInDays: 60 },
  { title: "Globex plant-floor analytics", company: 1, contact: 2, amount: 12_500_000, stage: 0, closeInDays: 75, colleague: true },
  { title: "Initech TPS automation", company: 2, contact: 4, amount: 2_400_000, stage: 1, closeInDays: 45 },
  { title: "Umbrella Health pilot", company: 3, contact: 5, amount: 3_600_000, stage: 1, closeInDays: 40, colleague: true },
  { title: "Stark Logistics fleet tracking", company: 4, contact: 6, amount: 9_900_000, stage: 2, closeInDays: 21 },
  { title: "Northwind renewal 2027", company: 0, contact: 1, amount: 6_000_000, stage: 2, closeInDays: 14, colleague: true },
  { title: "Globex expansion (EMEA)", company: 1, contact: 2, amount: 18_000_000, stage: 3, closeInDays: 7 },
  { title: "Stark Logistics support plan", company: 4, contact: 7, amount: 1_500_000, stage: 3, closeInDays: 5, colleague: true },
  { title: "Initech onboarding package", company: 2, contact: 3, amount: 900_000, stage: 4, closeInDays: -10 },
  { title: "Northwind 2026 licences", company: 0, contact: 0, amount: 7_200_000, stage: 4, closeInDays: -30, colleague: true },
  { title: "Wayne Foods ordering portal", company: 5, contact: 8, amount: 3_000_000, stage: 5, closeInDays: -20, lostReason: "Chose a cheaper local vendor." },
  { title: "Umbrella Health data migration", company: 3, contact: 5, amount: 5_400_000, stage: 5, closeInDays: -5, colleague: true, lostReason: "Budget frozen until next year." },
];

export async function seedDemoPipeline(tx: TenantTx, owner: CrmActor, colleagueId: string, book: DemoBook, now = new Date()): Promise<void> {
  const pipeline = (await listPipelines(tx)).find((p) => p.isDefault);
  if (!pipeline) throw new Error("demo seed: the organization has no default pipeline");
  const deals: DemoRecord[] = [];
  for (const deal of DEALS) {
    const stage = pipeline.stages[deal.stage];
    if (!stage) throw new Error(`demo seed: the default pipeline has no stage ${deal.stage}`);
    const created = await createDeal(tx, owner, {
      title: deal.title,
      amountMinor: deal.amount,
      companyId: book.companies[deal.company]!.id,
      contactIds: [book.contacts[deal.contact]!.id],
      ownerId: deal.colleague ? colleagueId : owner.userId,
      pipelineId: pipeline.id,
      stageId: stage.id,
      expectedCloseDate: dateOnly(daysFrom(now, deal.closeInDays)),
      lostReason: deal.lostReason ?? null,
    });
    deals.push({ id: created.id, name: created.title });
  }
  await seedActivities(tx, owner, colleagueId, book, deals, now);
  await seedLikelyDuplicates(tx, owner, book);
}

async function seedActivities(tx: TenantTx, owner: CrmActor, colleagueId: string, book: DemoBook, deals: DemoRecord[], now: Date) {
  const contact = (i: number) => book.contacts[i]!.id;
  const past = (days: number, hour = 10) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, hour));
  const logged = [
    { kind: "call", subject: "Discovery call about scanner rollout", body: "Three warehouses, 120 handhelds. Wants a demo for the floor leads.", contactId: contact(0), dealId: deals[0]!.id, occurredAt: past(12) },
    { kind: "meeting", subject: "Onsite demo at Globex HQ", body: "Hank brought the plant managers; security review needed before a pilot.", contactId: contact(2), dealId: deals[6]!.id, occurredAt: past(6, 14) },
    { kind: "email", subject: "Sent proposal v2 with volume discount", contactId: contact(6), dealId: deals[4]!.id, occurredAt: past(4, 9) },
    { kind: "note", subject: "Procurement needs two references", body: "Pepper asked for references from logistics customers in the EU.", companyId: book.companies[4]!.id, occurredAt: past(3, 16) },
    { kind: "call", subject: "Lost: follow-up with Alfred", body: "Price was the deciding factor; revisit in Q3.", contactId: contact(8), dealId: deals[10]!.id, occurredAt: past(20, 11) },
    { kind: "note", subject: "Kick-off done, invoices go to AP", contactId: contact(3), dealId: deals[8]!.id, occurredAt: past(9, 15) },
  ] as const;
  for (const activity of logged) await createActivity(tx, owner, activity);

  const tasks = [
    { subject: "Send security questionnaire to Globex", dealId: deals[6]!.id, dueAt: daysFrom(now, -2), assigneeId: owner.userId },
    { subject: "Call Peter about the TPS report integration", contactId: contact(3), dueAt: daysFrom(now, -1), assigneeId: owner.userId },
    { subject: "Prepare fleet tracking pricing", dealId: deals[4]!.id, dueAt: daysFrom(now, 0.05), assigneeId: owner.userId },
    { subject: "Book reference call for Stark Logistics", companyId: book.companies[4]!.id, dueAt: daysFrom(now, 3), assigneeId: owner.userId },
    { subject: "Check in with Lucia after the webinar", contactId: contact(9), dueAt: null, assigneeId: owner.userId },
    { subject: "Renewal quote for Northwind", dealId: deals[5]!.id, dueAt: daysFrom(now, -3), assigneeId: colleagueId },
    { subject: "Intro call with Umbrella Health IT", contactId: contact(5), dueAt: daysFrom(now, 2), assigneeId: colleagueId },
  ];
  for (const task of tasks) await createActivity(tx, owner, { kind: "task", ...task });
}

/** A contact entered twice (same phone, similar name, same company) and a company entered twice (same domain). */
async function seedLikelyDuplicates(tx: TenantTx, owner: CrmActor, book: DemoBook) {
  const nancy = book.contacts[0]!;
  await createContact(tx, owner, {
    firstName: "Nancy",
    lastName: "Davolio-Smith",
    title: "Purchasing",
    companyId: book.companies[nancy.companyIndex]!.id,
    lifecycleStage: "lead",
    source: "Trade show",
    ownerId: owner.userId,
    phones: [{ value: nancy.phone }],
  });
  await createCompany(tx, owner, { name: "Globex Corporation", domain: "globex.example", city: "Springfield", country: "US", ownerId: owner.userId });
}
