import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../../../platform/env";
import { embeddingConfig, loadEmbedder, RETRY_FAILED_LOAD_AFTER_MS, type Embedder, type EmbeddingConfig } from "./model";

// The tiny model written by scripts/make-tiny-model.ts: an embedding lookup with topic structure.
const FIXTURE_MODELS = path.resolve(import.meta.dirname, "../../../../test/fixtures/models");
const FIXTURE_ID = "neuroops/tiny-embedder";
const fixtureDimensions = (JSON.parse(fs.readFileSync(path.join(FIXTURE_MODELS, FIXTURE_ID, "config.json"), "utf8")) as { hidden_size: number }).hidden_size;

const fixtureConfig = embeddingConfig(parseEnv({ AI_EMBEDDING_MODEL: FIXTURE_ID, AI_MODEL_CACHE_DIR: FIXTURE_MODELS, HF_HUB_OFFLINE: "1" }));

let embedder: Embedder;
const tempDirs: string[] = [];

function emptyModelsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "neuroops-models-"));
  tempDirs.push(dir);
  return dir;
}

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

beforeAll(async () => {
  const status = await loadEmbedder(fixtureConfig);
  if (status.state !== "ready") throw new Error(status.reason);
  embedder = status.embedder;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("embeddingConfig", () => {
  it("defaults to all-MiniLM-L6-v2 under <DATA_DIR>/models, downloads allowed", () => {
    const config = embeddingConfig(parseEnv({ DATA_DIR: "/srv/neuroops" }));
    expect(config).toMatchObject({ modelId: "Xenova/all-MiniLM-L6-v2", localModelPath: "/srv/neuroops/models", cacheDir: "/srv/neuroops/models", offline: false });
  });

  it("reads the model, its folder and HF_HUB_OFFLINE from the environment; overrides win", () => {
    expect(fixtureConfig).toMatchObject({ modelId: FIXTURE_ID, localModelPath: FIXTURE_MODELS, offline: true });
    expect(embeddingConfig(parseEnv({}), { localModelPath: "/elsewhere" }).localModelPath).toBe("/elsewhere");
  });
});

describe("the fixture model through the real pipeline", () => {
  it("answers unit-length vectors as wide as the model", async () => {
    expect(embedder.modelId).toBe(FIXTURE_ID);
    expect(embedder.dimensions).toBe(fixtureDimensions);
    const [vector] = await embedder.embed(["Please pay the overdue invoice"]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(fixtureDimensions);
    expect(Math.sqrt(dot(vector!, vector!))).toBeCloseTo(1, 5);
  });

  it("gives the same vector for the same text every time", async () => {
    const [first] = await embedder.embed(["The warehouse is out of stock"]);
    const [second] = await embedder.embed(["The warehouse is out of stock"]);
    expect(Array.from(second!)).toEqual(Array.from(first!));
  });

  it("embeds a batch of 70 (three internal batches) exactly as one by one, in order", async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `${["invoice", "warehouse", "customer", "storm"][i % 4]} number ${i} ${"and more words ".repeat(i % 7)}`);
    const together = await embedder.embed(texts);
    expect(together).toHaveLength(70);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      for (const [d, x] of alone!.entries()) expect(together[i]![d]).toBeCloseTo(x, 5);
    }
  });

  it("puts same-topic sentences closer than cross-topic ones", async () => {
    const [invoice, payment, stock, warehouse, customer, deal] = await embedder.embed([
      "The invoice for March is overdue",
      "The customer paid the billing amount with a card",
      "Stock of this product is low",
      "The warehouse received a shipment from the supplier",
      "Call the customer about the new contacts",
      "The sales deal with this client was won",
    ]);
    const pairs = { billing: dot(invoice!, payment!), inventory: dot(stock!, warehouse!), crm: dot(customer!, deal!) };
    const across = [dot(invoice!, stock!), dot(invoice!, warehouse!), dot(stock!, deal!), dot(warehouse!, customer!)];
    for (const same of Object.values(pairs)) expect(same).toBeGreaterThan(Math.max(...across));
  });

  it("answers [] for no texts", async () => {
    expect(await embedder.embed([])).toEqual([]);
  });

  it("embeds text made only of unknown tokens ([UNK]) and empty text", async () => {
    const vectors = await embedder.embed(["日本語 ☃ ⌘", ""]);
    for (const vector of vectors) {
      expect(vector).toHaveLength(fixtureDimensions);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    }
  });
});

describe("loadEmbedder", () => {
  it("shares one load between concurrent callers and later ones", async () => {
    const config: EmbeddingConfig = { ...fixtureConfig, downloadTimeoutMs: 1_234 }; // a config not loaded yet
    const [a, b] = await Promise.all([loadEmbedder(config), loadEmbedder(config)]);
    const c = await loadEmbedder(config);
    expect(a.state).toBe("ready");
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("answers unavailable with a reason for the user, without throwing, when the model is missing offline", async () => {
    const dir = emptyModelsDir();
    const status = await loadEmbedder({ ...fixtureConfig, localModelPath: dir, cacheDir: dir });
    expect(status).toEqual({
      state: "unavailable",
      modelId: FIXTURE_ID,
      reason: `No embedding model could be loaded: ${FIXTURE_ID} was not found in ${path.join(dir, FIXTURE_ID)} and downloads are off (HF_HUB_OFFLINE): copy the model there or allow downloads; retrieval is lexical only.`,
    });
  });

  it("remembers a failed load for a while, then finds a model copied in since", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const dir = emptyModelsDir();
    const config = { ...fixtureConfig, localModelPath: dir, cacheDir: dir };
    const missing = await loadEmbedder(config);
    expect(missing.state).toBe("unavailable");
    fs.cpSync(path.join(FIXTURE_MODELS, FIXTURE_ID), path.join(dir, FIXTURE_ID), { recursive: true });
    expect(await loadEmbedder(config)).toBe(missing);
    vi.setSystemTime(Date.now() + RETRY_FAILED_LOAD_AFTER_MS + 1);
    const found = await loadEmbedder(config);
    expect(found.state).toBe("ready");
  });

  describe("when downloads are allowed but the hub cannot be reached", () => {
    let silentHub: http.Server;
    const held: http.ServerResponse[] = [];

    beforeAll(async () => {
      // Accepts connections and never answers: a stalled network.
      silentHub = http.createServer((_request, response) => void held.push(response));
      await new Promise<void>((resolve) => silentHub.listen(0, "127.0.0.1", resolve));
    });

    afterAll(async () => {
      for (const response of held) response.destroy();
      await new Promise((resolve) => silentHub.close(resolve));
    });

    it("gives up after the download timeout with a clear reason", async () => {
      const dir = emptyModelsDir();
      const { port } = silentHub.address() as AddressInfo;
      const started = Date.now();
      const status = await loadEmbedder({ ...fixtureConfig, localModelPath: dir, cacheDir: dir, offline: false, remoteHost: `http://127.0.0.1:${port}/`, downloadTimeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(status.state).toBe("unavailable");
      expect(status.state === "unavailable" && status.reason).toBe(
        `No embedding model could be loaded: ${FIXTURE_ID} was not found in ${path.join(dir, FIXTURE_ID)} and could not be downloaded (the model hub did not answer within 300 ms); retrieval is lexical only.`,
      );
    });

    it("says so at once when nothing listens", async () => {
      const dir = emptyModelsDir();
      const status = await loadEmbedder({ ...fixtureConfig, localModelPath: dir, cacheDir: dir, offline: false, remoteHost: "http://127.0.0.1:9/" });
      expect(status.state === "unavailable" && status.reason).toMatch(/^No embedding model could be loaded: .* could not be downloaded \(fetch failed.*\); retrieval is lexical only\.$/);
    });
  });
});
