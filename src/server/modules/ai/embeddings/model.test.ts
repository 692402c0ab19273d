import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../../../platform/env";
import { metricValue } from "../../../../test/metrics";
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
    expect(embeddingConfig(parseEnv({ DATA_DIR: ".data" })).cacheDir).toBe(path.resolve(".data/models"));
  });
});

describe("the fixture model through the real pipeline", () => {
  it("answers unit-length vectors as wide as the model", async () => {
    expect(embedder.modelId).toBe(FIXTURE_ID);
    expect(embedder.dimensions).toBe(fixtureDimensions);
    const embedsBefore = await metricValue("neuroops_ai_requests_total", { kind: "embed", result: "ok" });
    const [vector] = await embedder.embed(["Please pay the overdue invoice"]);
    expect(await metricValue("neuroops_ai_requests_total", { kind: "embed", result: "ok" })).toBe(embedsBefore + 1);
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

  it("ranks first, within a topic, the sentence that shares the query's words", async () => {
    const [query, supplier, pallets] = await embedder.embed([
      "reorder from the supplier",
      "Reorder from the supplier when the stock falls below ten items",
      "The warehouse in Lyon has forty pallets of this product in stock",
    ]);
    expect(dot(query!, supplier!)).toBeGreaterThan(dot(query!, pallets!));
    expect(dot(query!, pallets!)).toBeGreaterThan(0.5); // still the same topic
  });

  it("answers concurrent calls each with their own vectors", async () => {
    const texts = ["invoice overdue", "warehouse stock", "customer deal", "storm tomorrow"];
    const alone = await embedder.embed(texts);
    const together = await Promise.all(texts.map((text) => embedder.embed([text, text])));
    for (const [i, pair] of together.entries()) {
      for (const vector of pair) expect(Array.from(vector)).toEqual(Array.from(alone[i]!));
    }
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

  it("names the missing file when the model folder is incomplete", async () => {
    const dir = emptyModelsDir();
    fs.cpSync(path.join(FIXTURE_MODELS, FIXTURE_ID), path.join(dir, FIXTURE_ID), { recursive: true });
    fs.rmSync(path.join(dir, FIXTURE_ID, "onnx", "model.onnx"));
    const status = await loadEmbedder({ ...fixtureConfig, localModelPath: dir, cacheDir: dir });
    expect(status.state === "unavailable" && status.reason).toBe(
      `No embedding model could be loaded: ${FIXTURE_ID} is incomplete in ${path.join(dir, FIXTURE_ID)} (${path.join("onnx", "model.onnx")} is missing) and downloads are off (HF_HUB_OFFLINE): copy the model there or allow downloads; retrieval is lexical only.`,
    );
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
    let hub: http.Server;

    beforeAll(async () => {
      // A stalled network: /silent/… never answers; /stalled/… sends headers and a few bytes, then nothing.
      hub = http.createServer((request, response) => {
        if (request.url?.startsWith("/stalled/")) {
          response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
          response.write('{"model_type":');
        }
      });
      await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    });

    afterAll(async () => {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    });

    // transformers.js memoizes file fetches by model id, whatever the host: one id per case.
    function throughHub(mode: "silent" | "stalled"): EmbeddingConfig {
      const dir = emptyModelsDir();
      const { port } = hub.address() as AddressInfo;
      return { ...fixtureConfig, modelId: `neuroops/${mode}-hub`, localModelPath: dir, cacheDir: dir, offline: false, remoteHost: `http://127.0.0.1:${port}/${mode}/`, downloadTimeoutMs: 300 };
    }

    it.each(["silent", "stalled"] as const)("gives up on a %s hub after the timeout, with a clear reason", async (mode) => {
      const config = throughHub(mode);
      const started = Date.now();
      const status = await loadEmbedder(config);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(status).toEqual({
        state: "unavailable",
        modelId: config.modelId,
        reason: `No embedding model could be loaded: ${config.modelId} was not found in ${path.join(config.localModelPath, config.modelId)} and could not be downloaded (the model hub sent nothing for 300 ms); retrieval is lexical only.`,
      });
    });

    async function closedPort(): Promise<number> {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      return port;
    }

    it("says so at once when nothing listens", async () => {
      const dir = emptyModelsDir();
      const status = await loadEmbedder({ ...fixtureConfig, modelId: "neuroops/unreachable-hub", localModelPath: dir, cacheDir: dir, offline: false, remoteHost: `http://127.0.0.1:${await closedPort()}/` });
      expect(status.state === "unavailable" && status.reason).toMatch(/^No embedding model could be loaded: .* could not be downloaded \(fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+\); retrieval is lexical only\.$/);
    });

    it("loads a model already in the local folder without asking the hub", async () => {
      const dir = emptyModelsDir();
      fs.cpSync(path.join(FIXTURE_MODELS, FIXTURE_ID), path.join(dir, FIXTURE_ID), { recursive: true });
      const status = await loadEmbedder({ ...fixtureConfig, localModelPath: dir, cacheDir: dir, offline: false, remoteHost: `http://127.0.0.1:${await closedPort()}/` });
      expect(status.state).toBe("ready");
    });
  });
});
