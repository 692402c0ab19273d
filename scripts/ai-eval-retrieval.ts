/**
 * Runs a retrieval evaluation on your own corpus through the real ingestion and retrieval code:
 *   npm run ai:eval-retrieval -- --docs docs.jsonl --queries queries.jsonl --out run.trec
 *        [--mode hybrid|vector|lexical] [--k 100] [--lexical bm25|ts_rank] [--tag name]
 * docs.jsonl lines are {"id","title","text"}, queries.jsonl lines {"id","text"}. The documents
 * are loaded into a fresh temporary organization (with DATABASE_URL: on that server, removed
 * afterwards; without it: an in-memory embedded database), each query is answered by the
 * chat's retrieval, chunk hits are aggregated to documents (best chunk), and the run is
 * written in TREC format (`qid Q0 docid rank score tag`). Score it with `npm run ai:score`.
 * Exit code 2 for bad arguments or input.
 */
import "./load-env";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { z } from "zod";
import { closeRuntimeDb, runtimeDb } from "../src/server/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/server/db/embedded";
import { migrateDatabase } from "../src/server/db/migrate";
import { withTenant, type TenantTx } from "../src/server/db/tenant";
import { registerUser } from "../src/server/modules/accounts/service";
import { writeRunFile } from "../src/server/modules/ai/eval/trec";
import type { RunEntry } from "../src/server/modules/ai/eval/metrics";
import { ingestDocument } from "../src/server/modules/ai/documents/ingest";
import { uploadDocument } from "../src/server/modules/ai/documents/service";
import { loadEmbedder } from "../src/server/modules/ai/embeddings/model";
import { closeTenantVectorIndexes } from "../src/server/modules/ai/vectors/tenant-indexes";
import { retrieve, RETRIEVAL_MODES, type LexicalScorer, type RetrievalMode } from "../src/server/modules/ai/retrieval";
import { setCurrentPlan } from "../src/server/modules/orgs/limits";
import { createOrganization } from "../src/server/modules/orgs/service";
import { env, reloadEnv } from "../src/server/platform/env";

const USAGE =
  "Usage: npm run ai:eval-retrieval -- --docs docs.jsonl --queries queries.jsonl --out run.trec [--mode hybrid|vector|lexical] [--k 100] [--lexical bm25|ts_rank] [--tag name]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: { docs?: string; queries?: string; out?: string; mode?: string; k?: string; lexical?: string; tag?: string };
try {
  ({ values: args } = parseArgs({
    args: process.argv.slice(2),
    options: { docs: { type: "string" }, queries: { type: "string" }, out: { type: "string" }, mode: { type: "string" }, k: { type: "string" }, lexical: { type: "string" }, tag: { type: "string" } },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!args.docs || !args.queries || !args.out) fail("--docs, --queries and --out are required.");
const mode = (args.mode ?? "hybrid") as RetrievalMode;
if (!RETRIEVAL_MODES.includes(mode)) fail(`--mode must be one of ${RETRIEVAL_MODES.join(", ")}.`);
const k = Number(args.k ?? 100);
if (!Number.isInteger(k) || k < 1 || k > 1000) fail("--k must be a whole number from 1 to 1000.");
const lexicalScorer = (args.lexical ?? "bm25") as LexicalScorer;
if (lexicalScorer !== "bm25" && lexicalScorer !== "ts_rank") fail("--lexical must be bm25 or ts_rank.");
const tag = (args.tag ?? `neuroops-${mode}${lexicalScorer === "ts_rank" ? "-tsrank" : ""}`).replace(/\s+/g, "_");

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const rows: T[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      fail(`${file}:${index + 1}: not a JSON object.`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) fail(`${file}:${index + 1}: ${parsed.error.issues[0]?.path.join(".") || "line"}: ${parsed.error.issues[0]?.message}`);
    rows.push(parsed.data);
  });
  return rows;
}

const docs = readJsonl(args.docs, z.object({ id: z.coerce.string().min(1), title: z.string().default(""), text: z.string() }));
const queries = readJsonl(args.queries, z.object({ id: z.coerce.string().min(1), text: z.string().min(1) }));
if (docs.length === 0) fail(`${args.docs} has no documents.`);
if (new Set(docs.map((doc) => doc.id)).size !== docs.length) fail(`${args.docs}: document ids must be unique.`);

let embedded: EmbeddedDatabase | undefined;
const ownerUrl = env().DATABASE_URL;
if (!ownerUrl) {
  // A throwaway in-memory database: the evaluation never touches the app's own data.
  embedded = await startEmbeddedDatabase();
  await migrateDatabase(embedded.url);
  await embedded.switchToAppRole();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
  reloadEnv();
}

const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const user = await registerUser(runtimeDb(), { name: "Retrieval evaluation", email: `eval-${stamp}@neuroops.invalid`, password: `eval-${stamp}-${crypto.randomUUID()}` });
const org = await createOrganization(user.id, { name: `Retrieval evaluation ${stamp}` });
const actor = { userId: user.id, role: "owner" as const };
const enter = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: user.id, role: "owner" }, fn);
let exitCode = 0;

try {
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business"));
  const embed = mode !== "lexical";
  if (embed) {
    const model = await loadEmbedder();
    console.log(model.state === "ready" ? `Embedding model: ${model.embedder.modelId} (${model.embedder.dimensions} dimensions)` : `No embedding model: ${model.reason}`);
  }

  const ourIdOf = new Map<string, string>();
  const externalIdOf = new Map<string, string>();
  for (const doc of docs) {
    const body = new TextEncoder().encode(doc.title ? `${doc.title}\n\n${doc.text}` : doc.text);
    const row = await enter((tx) => uploadDocument(tx, actor, { fileName: `${doc.id}.txt`, contentType: "text/plain", bytes: body, title: doc.title || doc.id }, { queue: false }));
    ourIdOf.set(doc.id, row.id);
    externalIdOf.set(row.id, doc.id);
  }
  // Several documents at a time on a server; the embedded database is one session anyway.
  const concurrency = embedded ? 1 : 4;
  let next = 0;
  let failed = 0;
  const ingestStarted = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs.length) {
        const doc = docs[next++]!;
        const result = await ingestDocument(org.id, ourIdOf.get(doc.id)!, enter, { embed });
        if (result.status !== "ready") {
          failed++;
          console.error(`document ${doc.id}: ${result.reason ?? result.status}`);
        }
      }
    }),
  );
  console.log(`Ingested ${docs.length - failed} of ${docs.length} documents in ${seconds(ingestStarted)} s${failed ? ` (${failed} failed)` : ""}.`);

  const run = new Map<string, RunEntry[]>();
  const queryStarted = performance.now();
  let lexicalOnlyNotice: string | null = null;
  for (const query of queries) {
    // Chunks, then documents by their best chunk: ask for more chunks than documents wanted.
    const result = await retrieve(org.id, enter, query.text, { mode, k: k * 3, candidates: k * 3, lexicalScorer });
    if (result.lexicalOnly) lexicalOnlyNotice = result.notice;
    const ranked: RunEntry[] = [];
    const seen = new Set<string>();
    for (const passage of result.passages) {
      if (seen.has(passage.documentId)) continue;
      seen.add(passage.documentId);
      ranked.push({ docId: externalIdOf.get(passage.documentId)!, score: passage.score });
      if (ranked.length === k) break;
    }
    run.set(query.id, ranked);
  }
  await writeRunFile(args.out, run, tag);
  const lines = [...run.values()].reduce((sum, entries) => sum + entries.length, 0);
  if (lexicalOnlyNotice) console.warn(`Retrieval was lexical only: ${lexicalOnlyNotice}`);
  console.log(`${queries.length} queries in ${seconds(queryStarted)} s; ${lines} lines written to ${args.out} (total ${seconds(started)} s).`);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  exitCode = 1;
} finally {
  await closeTenantVectorIndexes();
  await closeRuntimeDb();
  if (embedded) await embedded.close();
  else if (ownerUrl) {
    // The temporary organization and its account go (the app role may not delete organizations: the owner login can).
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await owner`delete from tenants where id = ${org.id}`;
      await owner`delete from users where id = ${user.id}`;
    } catch (error) {
      console.warn(`Could not remove the temporary organization ${org.slug}: ${(error as Error).message}`);
    } finally {
      await owner.end();
    }
  }
}
process.exit(exitCode);
