import path from "node:path";
import type { FeatureExtractionPipeline } from "@huggingface/transformers";
import { env, type Env } from "../../../platform/env";
import { logger } from "../../../platform/logger";
import { recordAiRequest } from "../../../platform/metrics";

/**
 * The in-process embedding model (transformers.js over onnxruntime-node). The library is imported
 * on first load, not with this module: a page that never embeds never loads the native runtime,
 * and a broken install reads as "unavailable" instead of failing the import.
 */

export type EmbeddingConfig = {
  /** A transformers.js model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  modelId: string;
  /** Folder holding `<modelId>/config.json`, `<modelId>/onnx/model.onnx`, … */
  localModelPath: string;
  /** Where models downloaded from the hub are written (same layout, so the next start finds them locally). */
  cacheDir: string;
  /** Local files only: never ask the hub (HF_HUB_OFFLINE). */
  offline: boolean;
  /** A hub request that has not answered within this many milliseconds fails the load. */
  downloadTimeoutMs: number;
  /** The hub's address; unset: Hugging Face's own (tests: a local stand-in). */
  remoteHost?: string;
};

export type Embedder = {
  modelId: string;
  dimensions: number;
  /** One unit-length vector per text (mean pooling), in order; [] for []. Throws on a runtime error. */
  embed(texts: string[]): Promise<Float32Array[]>;
};

export type EmbedderStatus =
  | { state: "ready"; embedder: Embedder }
  | { state: "unavailable"; modelId: string; reason: string };

const BATCH_SIZE = 32;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 15_000;
/** A failed load is answered from memory this long, then tried again (a model copied in later is found). */
export const RETRY_FAILED_LOAD_AFTER_MS = 60_000;

/** The embedding settings from the environment; `overrides` for tests and scripts (e.g. a fixture folder). */
export function embeddingConfig(source: Env = env(), overrides: Partial<EmbeddingConfig> = {}): EmbeddingConfig {
  const cacheDir = source.AI_MODEL_CACHE_DIR ?? path.join(source.DATA_DIR, "models");
  const config: EmbeddingConfig = {
    modelId: source.AI_EMBEDDING_MODEL,
    // Models are looked up where downloads land, so a downloaded or hand-copied model is found offline.
    localModelPath: cacheDir,
    cacheDir,
    offline: source.HF_HUB_OFFLINE,
    downloadTimeoutMs: DEFAULT_DOWNLOAD_TIMEOUT_MS,
    ...overrides,
  };
  return { ...config, localModelPath: path.resolve(config.localModelPath), cacheDir: path.resolve(config.cacheDir) };
}

type CachedLoad = { status: Promise<EmbedderStatus>; failedAt?: number };

const loads = new Map<string, CachedLoad>();
// transformers.js reads its settings from one global object: loads run one after another so each
// sees its own localModelPath, cacheDir and remote switch.
let loadQueue: Promise<unknown> = Promise.resolve();
let defaultRemoteHost: string | undefined;

/**
 * The embedder for `config`, loaded once per process and shared by concurrent callers. Never
 * throws: a model that cannot be loaded gives { state: "unavailable", reason } with a sentence for
 * the user, remembered for RETRY_FAILED_LOAD_AFTER_MS, then tried again.
 */
export function loadEmbedder(config: EmbeddingConfig = embeddingConfig()): Promise<EmbedderStatus> {
  const key = JSON.stringify([config.modelId, config.localModelPath, config.cacheDir, config.offline, config.downloadTimeoutMs, config.remoteHost ?? null]);
  const cached = loads.get(key);
  if (cached && (cached.failedAt === undefined || Date.now() - cached.failedAt < RETRY_FAILED_LOAD_AFTER_MS)) {
    return cached.status;
  }
  const status = loadQueue.then(() => load(config));
  loadQueue = status;
  const entry: CachedLoad = {
    status: status.then((result) => {
      if (result.state === "unavailable") {
        entry.failedAt = Date.now();
        logger.warn({ modelId: config.modelId }, result.reason);
      }
      return result;
    }),
  };
  loads.set(key, entry);
  return entry.status;
}

async function load(config: EmbeddingConfig): Promise<EmbedderStatus> {
  try {
    const transformers = await import("@huggingface/transformers");
    const settings = transformers.env;
    settings.allowLocalModels = true;
    defaultRemoteHost ??= settings.remoteHost;
    settings.allowRemoteModels = !config.offline;
    settings.remoteHost = config.remoteHost ?? defaultRemoteHost;
    settings.localModelPath = config.localModelPath;
    settings.cacheDir = config.cacheDir;
    settings.useFSCache = true;
    settings.fetch = fetchWithTimeout(config.downloadTimeoutMs);
    settings.logLevel = transformers.LogLevel.ERROR;
    const extractor = await transformers.pipeline("feature-extraction", config.modelId, { dtype: "fp32" });
    // The width comes from the model itself: one probe run, which also proves the model runs.
    const [probe] = await embedBatch(extractor, ["probe"]);
    if (!probe) throw new Error("the model returned no vector");
    const embedder: Embedder = {
      modelId: config.modelId,
      dimensions: probe.length,
      async embed(texts) {
        const started = performance.now();
        const vectors: Float32Array[] = [];
        try {
          for (let start = 0; start < texts.length; start += BATCH_SIZE) {
            vectors.push(...(await embedBatch(extractor, texts.slice(start, start + BATCH_SIZE))));
          }
        } catch (error) {
          recordAiRequest("embed", "error", (performance.now() - started) / 1000);
          throw error;
        }
        recordAiRequest("embed", "ok", (performance.now() - started) / 1000);
        return vectors;
      },
    };
    return { state: "ready", embedder };
  } catch (error) {
    return { state: "unavailable", modelId: config.modelId, reason: unavailableReason(config, error) };
  }
}

async function embedBatch(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  const output = await extractor(texts, { pooling: "mean", normalize: true });
  const [rows, width] = output.dims;
  if (rows !== texts.length || !width) throw new Error(`Unexpected embedding output shape [${output.dims.join(", ")}] for ${texts.length} texts.`);
  const data = output.data as Float32Array;
  // Copies, so a caller keeping one vector does not keep the whole batch's buffer alive.
  return Array.from({ length: rows }, (_, row) => data.slice(row * width, (row + 1) * width));
}

/**
 * fetch for the hub with a deadline that restarts with every chunk received: a slow download of a
 * large model goes on, a hub that does not answer or stops sending fails the load (loads run one
 * at a time, so a hung one would hold up every other).
 */
function fetchWithTimeout(timeoutMs: number) {
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener("abort", forwardAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new HubTimeout(timeoutMs)), timeoutMs).unref();
    };
    const disarm = () => {
      clearTimeout(timer);
      init.signal?.removeEventListener("abort", forwardAbort);
    };
    arm();
    try {
      const response = await fetch(input, { ...init, signal: controller.signal });
      if (!response.body) {
        disarm();
        return response;
      }
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, stream) {
            arm();
            stream.enqueue(chunk);
          },
          flush: disarm,
        }),
      );
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      disarm();
      throw error;
    }
  };
}

class HubTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`the model hub sent nothing for ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`);
    this.name = "HubTimeout";
  }
}

function unavailableReason(config: EmbeddingConfig, error: unknown): string {
  const where = path.join(config.localModelPath, config.modelId);
  const prefix = "No embedding model could be loaded:";
  const suffix = "retrieval is lexical only.";
  const missing = missingLocalFile(error);
  if (config.offline && missing !== undefined) {
    // config.json is read first: when it is there, the folder exists but lacks a file.
    const what = missing === path.join(where, "config.json") ? `was not found in ${where}` : `is incomplete in ${where} (${path.relative(where, missing)} is missing)`;
    return `${prefix} ${config.modelId} ${what} and downloads are off (HF_HUB_OFFLINE): copy the model there or allow downloads; ${suffix}`;
  }
  if (!config.offline && (isHubFailure(error) || isNamed(error, "ModelFileNotFoundError"))) {
    return `${prefix} ${config.modelId} was not found in ${where} and could not be downloaded (${describe(error)}); ${suffix}`;
  }
  return `${prefix} ${config.modelId} from ${where} failed to load (${describe(error)}); ${suffix}`;
}

/** The path transformers.js looked for when a local-only load misses a file. */
function missingLocalFile(error: unknown): string | undefined {
  if (!isNamed(error, "ModelFileNotFoundError")) return undefined;
  return /not found locally at "([^"]+)"/.exec(error.message)?.[1];
}

function isNamed(error: unknown, name: string): error is Error {
  return error instanceof Error && error.name === name;
}

function isHubFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error instanceof HubTimeout || error.name === "AbortError" || /fetch failed/i.test(error.message);
}

function describe(error: unknown): string {
  if (error instanceof HubTimeout) return error.message;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
