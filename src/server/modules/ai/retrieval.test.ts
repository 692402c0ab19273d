import { describe, expect, it } from "vitest";
import { withTenant, type TenantTx } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { setCurrentPlan } from "../orgs/limits";
import { aiVectorIndexes, corpusState } from "./corpus";
import { ingestDocument } from "./documents/ingest";
import { deleteDocument, uploadDocument } from "./documents/service";
import { embeddingConfig, loadEmbedder } from "./embeddings/model";
import { reciprocalRankFusion, retrieve } from "./retrieval";
import { closeTenantVectorIndexes } from "./vectors/tenant-indexes";

/*
 * Retrieval end to end with the tiny model fixture (vitest.config.ts points the app at it):
 * real tokenizing, pooling, usearch indexes and BM25 in Postgres. The fixture's words are
 * grouped in topics (scripts/make-tiny-model.ts), so a question shares meaning, not words,
 * with the right document.
 */

const DOCS = {
  billing: "Invoices and payments: every invoice is paid by card; refunds are charged back to the card. Overdue bills get a dunning reminder.",
  inventory: "Warehouse procedure: count the stock on each shelf, restock items below the reorder quantity and pack parcels for the carrier.",
  weather: "The forecast says rain and storms this winter, with cold wind and fog near the coast.",
};

async function tenantWithDocuments(docs: Record<string, string>) {
  const { org, owner } = await createTenant();
  const enter = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business"));
  const ids: Record<string, string> = {};
  for (const [name, text] of Object.entries(docs)) {
    const row = await enter((tx) => uploadDocument(tx, { userId: owner.id, role: "owner" }, { fileName: `${name}.txt`, contentType: "text/plain", bytes: new TextEncoder().encode(text) }));
    expect((await ingestDocument(org.id, row.id, enter)).status).toBe("ready");
    ids[name] = row.id;
  }
  return { tenantId: org.id, owner, enter, ids };
}

describe("retrieval", () => {
  it("fuses ranked lists by reciprocal rank (k = 60)", () => {
    const fused = reciprocalRankFusion([
      [1n, 2n, 3n],
      [3n, 1n],
    ]);
    expect(fused.map((hit) => hit.chunkId)).toEqual([1n, 3n, 2n]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it("finds a document by meaning in vector mode, by words in lexical mode, and by both in hybrid mode", async () => {
    const model = await loadEmbedder();
    expect(model.state).toBe("ready");
    const { tenantId, enter, ids } = await tenantWithDocuments(DOCS);
    // Shares no word with the billing document, only its topic.
    const byMeaning = await retrieve(tenantId, enter, "unpaid subscription pricing coupon", { mode: "vector", k: 3 });
    expect(byMeaning.lexicalOnly).toBe(false);
    expect(byMeaning.passages[0]!.documentId).toBe(ids.billing);
    expect(byMeaning.passages[0]!.vectorRank).toBe(1);
    const byWords = await retrieve(tenantId, enter, "unpaid subscription pricing coupon", { mode: "lexical", k: 3 });
    expect(byWords.passages).toEqual([]);
    const hybrid = await retrieve(tenantId, enter, "shelf carrier", { mode: "hybrid", k: 3 });
    expect(hybrid.passages[0]).toMatchObject({ documentId: ids.inventory, vectorRank: 1, lexicalRank: 1 });
    expect(hybrid.passages.map((p) => p.documentId)).toContain(ids.weather);
  });

  it("reloads a tenant's index after a restart (from its saved file) and when another process moved the version", async () => {
    const { tenantId, enter, ids } = await tenantWithDocuments(DOCS);
    await retrieve(tenantId, enter, "rain", { mode: "vector" });
    const before = await withTenant({ tenantId }, corpusState);
    // A restart: this process's indexes are gone; the next search loads the tenant again.
    await closeTenantVectorIndexes();
    const afterRestart = await retrieve(tenantId, enter, "storms and fog", { mode: "vector", k: 1 });
    expect(afterRestart.passages[0]!.documentId).toBe(ids.weather);
    expect(aiVectorIndexes().stats().tenants.find((t) => t.tenantId === tenantId)).toMatchObject({ version: before.indexVersion, vectors: 3 });

    // Another process deletes the weather document: its commit bumps the version, this process never hears of it.
    await enter((tx) => deleteDocument(tx, { userId: "00000000-0000-0000-0000-000000000000", role: "owner" }, ids.weather!));
    const after = await withTenant({ tenantId }, corpusState);
    expect(after.indexVersion).toBe(before.indexVersion + 1);
    const stale = await retrieve(tenantId, enter, "storms and fog", { mode: "vector", k: 3 });
    expect(stale.passages.map((p) => p.documentId)).not.toContain(ids.weather);
    expect(aiVectorIndexes().stats().tenants.find((t) => t.tenantId === tenantId)).toMatchObject({ version: after.indexVersion, vectors: 2 });
  });

  it("searches only the caller's tenant, with both tenants' indexes loaded in one process", async () => {
    const a = await tenantWithDocuments({ billing: DOCS.billing });
    const b = await tenantWithDocuments({ secret: "Tenant B's warehouse stock: the secret pallet count for the carrier is 4711." });
    await retrieve(b.tenantId, b.enter, "warehouse stock", { mode: "vector" });
    for (const mode of ["vector", "lexical", "hybrid"] as const) {
      const result = await retrieve(a.tenantId, a.enter, "warehouse stock pallet carrier secret 4711", { mode, k: 10 });
      expect(result.passages.every((p) => p.documentId === a.ids.billing)).toBe(true);
      expect(JSON.stringify(result)).not.toContain("4711");
    }
    const loaded = aiVectorIndexes().stats().tenants.map((t) => t.tenantId);
    expect(loaded).toEqual(expect.arrayContaining([a.tenantId, b.tenantId]));
  });

  it("says so, visibly, when no model can be loaded: lexical ranking with the reason", async () => {
    const missing = embeddingConfig(undefined, { modelId: "neuroops/no-such-model", offline: true });
    const status = await loadEmbedder(missing);
    expect(status).toMatchObject({ state: "unavailable", reason: expect.stringMatching(/retrieval is lexical only/) });
    const { tenantId, enter, ids } = await tenantWithDocuments({ billing: DOCS.billing, weather: DOCS.weather });
    for (const mode of ["hybrid", "vector"] as const) {
      const result = await retrieve(tenantId, enter, "refunds card", { mode, loadModel: () => loadEmbedder(missing) });
      expect(result).toMatchObject({ lexicalOnly: true, notice: status.state === "unavailable" ? status.reason : "" });
      expect(result.passages.map((p) => p.documentId)).toEqual([ids.billing]);
    }
    // With the model back, hybrid again, no notice.
    expect(await retrieve(tenantId, enter, "refunds card", { mode: "hybrid" })).toMatchObject({ lexicalOnly: false, notice: null });
  });
});
