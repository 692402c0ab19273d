import { dehydrate, hashKey, type QueryKey } from "@tanstack/react-query";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { LIST_PAGE_SIZE, timelineInput } from "@/components/crm/shared/first-page";
import { callerFor, contextFor, createTenant, type TestSessionOwner } from "@/test/fixtures";
import { makeQueryClient } from "@/trpc/query-client";
import { trpcOptionsFor } from "@/trpc/server";
import { prefetchBoard, prefetchEntityList, prefetchRecordPage, type Prefetcher } from "./prefetch";
import { recordTitle } from "./record-page";

/** What a page's server render has: a query cache and the in-process tRPC options for one viewer. */
function prefetcherFor(user: TestSessionOwner, tenantId: string): Prefetcher {
  const queryClient = makeQueryClient();
  return { queryClient, trpc: trpcOptionsFor(contextFor(user, tenantId), queryClient) };
}

/** The queries a page hands to the browser, by key: what <HydrateClient> sends (superjson-encoded, decoded here). */
function sent(p: Prefetcher): Map<string, { status: string; data: unknown }> {
  const state = dehydrate(p.queryClient);
  return new Map(
    state.queries.map((q) => [q.queryHash, { status: q.state.status, data: q.state.data === undefined ? undefined : superjson.deserialize(q.state.data as never) }]),
  );
}

const key = (queryKey: QueryKey) => hashKey(queryKey);

describe("record pages: the title is the record's name, and a missing record is a 404", () => {
  it("names each kind of record, and answers null for a missing, malformed or deleted one", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const company = await api.crm.companies.create({ name: "Müller Bau GmbH" });
    const contact = await api.crm.contacts.create({ firstName: "Ada", lastName: "Lovelace" });
    const deal = await api.crm.deals.create({ title: "Acme renewal", amountMinor: 120000, currency: "EUR" });
    const p = prefetcherFor(owner, org.id);
    expect(await recordTitle(p, "company", company.id)).toBe("Müller Bau GmbH");
    expect(await recordTitle(p, "contact", contact.id)).toBe("Ada Lovelace");
    expect(await recordTitle(p, "deal", deal.id)).toBe("Acme renewal");

    expect(await recordTitle(p, "contact", "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await recordTitle(p, "deal", "not-a-uuid")).toBeNull();
    await api.crm.companies.delete({ id: company.id });
    expect(await recordTitle(prefetcherFor(owner, org.id), "company", company.id)).toBeNull();
  });

  it("a record of another organization is a 404 too", async () => {
    const theirs = await createTenant();
    const ours = await createTenant();
    const contact = await callerFor(theirs.owner, theirs.org.id).crm.contacts.create({ firstName: "Hidden" });
    const p = prefetcherFor(ours.owner, ours.org.id);
    expect(await recordTitle(p, "contact", contact.id)).toBeNull();
    // Nothing of it reaches the page's HTML either.
    await prefetchRecordPage(p, "contact", contact.id);
    expect(superjson.stringify(dehydrate(p.queryClient))).not.toContain("Hidden");
  });
});

describe("server prefetch: the first data of lists and record pages, under the keys the browser uses", () => {
  it("a record page: the existence check and the page share one query; record, timeline and deals are sent", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const contact = await api.crm.contacts.create({ firstName: "Grace", lastName: "Hopper" });
    const deal = await api.crm.deals.create({ title: "Compiler deal", amountMinor: 5000, currency: "EUR", contactIds: [contact.id] });
    await api.crm.activities.create({ kind: "note", subject: "Called about COBOL", contactId: contact.id });

    const p = prefetcherFor(owner, org.id);
    // The layout's check (and the title) first, then the page's prefetch.
    expect(await recordTitle(p, "contact", contact.id)).toBe("Grace Hopper");
    await prefetchRecordPage(p, "contact", contact.id);

    const getKey = p.trpc.crm.contacts.get.queryKey({ id: contact.id });
    expect(p.queryClient.getQueryCache().find({ queryKey: getKey, exact: true })?.state.dataUpdateCount).toBe(1);
    const queries = sent(p);
    expect(queries.get(key(getKey))?.status).toBe("success");
    const timeline = queries.get(key(p.trpc.crm.activities.timeline.infiniteQueryKey(timelineInput("contact", contact.id))));
    expect(superjson.stringify(timeline?.data)).toContain("Called about COBOL");
    const deals = queries.get(key(p.trpc.crm.deals.forRecord.queryKey({ contactId: contact.id })));
    expect(superjson.stringify(deals?.data)).toContain(deal.id);
    for (const lookup of [p.trpc.members.list.queryKey(), p.trpc.orgs.current.queryKey(), p.trpc.crm.fields.list.queryKey({ entityType: "contact" })]) {
      expect(queries.get(key(lookup))?.status).toBe("success");
    }
  });

  it("a list: the first page for the URL's filters and sort, with the input the list component computes", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    await api.crm.contacts.create({ firstName: "Ada", lastName: "Lovelace", lifecycleStage: "lead" });
    await api.crm.contacts.create({ firstName: "Adam", lastName: "Smith", lifecycleStage: "customer" });
    await api.crm.contacts.create({ firstName: "Zed", lastName: "Other", lifecycleStage: "lead" });

    const p = prefetcherFor(owner, org.id);
    await prefetchEntityList(p, "contact", owner.id, new URLSearchParams("q=ada&stage=lead&sort=name.asc&owner=me"));
    const input = { filters: { q: "ada", lifecycleStages: ["lead" as const], ownerIds: [owner.id] }, sort: { field: "name" as const, direction: "asc" as const }, limit: LIST_PAGE_SIZE };
    const list = sent(p).get(key(p.trpc.crm.contacts.list.infiniteQueryKey(input)));
    expect(list?.status).toBe("success");
    const names = (list?.data as { pages: { items: { firstName: string }[] }[] }).pages[0]!.items.map((c) => c.firstName);
    expect(names).toEqual(["Ada"]);
    // A broken date range lists nothing (the page shows the range error instead).
    const broken = prefetcherFor(owner, org.id);
    await prefetchEntityList(broken, "contact", owner.id, new URLSearchParams("created_from=2026-02-01&created_to=2026-01-01"));
    expect([...sent(broken).keys()].some((k) => k.includes('["crm","contacts","list"]'))).toBe(false);
    expect(sent(broken).get(key(p.trpc.crm.views.list.queryKey({ entityType: "contact" })))?.status).toBe("success");
  });

  it("the deals board of the default pipeline", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    await api.crm.deals.create({ title: "Board deal", amountMinor: 100, currency: "EUR" });
    const p = prefetcherFor(owner, org.id);
    await prefetchBoard(p, owner.id, new URLSearchParams(""));
    const board = sent(p).get(key(p.trpc.crm.deals.board.queryKey({ perStage: 50 })));
    expect(superjson.stringify(board?.data)).toContain("Board deal");
  });
});
