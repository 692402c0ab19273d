/**
 * Writes the retrieval evaluation set next to this file: docs.jsonl, queries.jsonl, qrels.tsv.
 *   npx tsx eval/retrieval/generate.ts            write the files, then print the BM25 sanity check
 *   npx tsx eval/retrieval/generate.ts --check    only check that the files on disk are what the sources give
 * Deterministic: the same sources always give byte-identical files. The judgments live with the
 * queries in source/queries.ts; this script refuses to write a set whose judgments name a missing
 * document, whose documents fall outside 50–300 words, or whose ids repeat.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { evaluateRun, type RunEntry } from "../../src/server/modules/ai/eval/metrics";
import { formatQrels } from "../../src/server/modules/ai/eval/trec";
import { bm25Index } from "./bm25";
import { commercialDocs } from "./source/commercial";
import { contractDocs } from "./source/contracts";
import { financeDocs } from "./source/finance";
import { hrDocs } from "./source/hr";
import { meetingDocs } from "./source/meetings";
import { policyDocs } from "./source/policies";
import { productDocs } from "./source/products";
import { queries } from "./source/queries";
import { supportDocs } from "./source/support";
import type { QueryKind, SourceDoc } from "./source/types";
import { warehouseDocs } from "./source/warehouse";
import { workplaceDocs } from "./source/workplace";

const HERE = import.meta.dirname;
const MIN_WORDS = 50;
const MAX_WORDS = 300;

const docs: SourceDoc[] = [...productDocs(), ...warehouseDocs(), ...financeDocs(), ...hrDocs(), ...supportDocs(), ...contractDocs(), ...policyDocs(), ...meetingDocs(), ...commercialDocs(), ...workplaceDocs()];

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

function problems(): string[] {
  const found: string[] = [];
  const ids = new Set<string>();
  for (const doc of docs) {
    if (ids.has(doc.id)) found.push(`document id ${doc.id} is used twice`);
    ids.add(doc.id);
    const words = wordCount(doc.text);
    if (words < MIN_WORDS || words > MAX_WORDS) found.push(`${doc.id} has ${words} words (want ${MIN_WORDS}–${MAX_WORDS})`);
  }
  const queryIds = new Set<string>();
  for (const query of queries) {
    if (queryIds.has(query.id)) found.push(`query id ${query.id} is used twice`);
    queryIds.add(query.id);
    const judged = Object.entries(query.relevant);
    if (!judged.some(([, grade]) => grade === 2)) found.push(`${query.id} has no document that answers it (grade 2)`);
    for (const [docId] of judged) if (!ids.has(docId)) found.push(`${query.id} judges ${docId}, which is not a document`);
  }
  return found;
}

function files(): Record<string, string> {
  const jsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  const qrels = new Map(queries.map((query) => [query.id, new Map(Object.entries(query.relevant))]));
  return {
    "docs.jsonl": jsonl(docs.map(({ id, title, text }) => ({ id, title, text }))),
    "queries.jsonl": jsonl(queries.map(({ id, text }) => ({ id, text }))),
    "qrels.tsv": formatQrels(qrels),
  };
}

/** How a plain BM25 does on each kind of query: keyword queries should be easy, paraphrases hard. */
function bm25Check(): void {
  const search = bm25Index(docs);
  const byKind = new Map<QueryKind, string[]>();
  for (const query of queries) byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), query.id]);
  const run = new Map<string, RunEntry[]>(queries.map((query) => [query.id, search(query.text, 100)]));
  const qrels = new Map(queries.map((query) => [query.id, new Map(Object.entries(query.relevant))]));
  const format = (value: number) => value.toFixed(3);
  console.log("BM25 sanity check (nDCG@10 / MAP / R@100 / MRR@10):");
  for (const [kind, ids] of [["all", queries.map((query) => query.id)] as const, ...byKind]) {
    const subset = (map: Map<string, unknown>) => new Map([...map].filter(([id]) => ids.includes(id)));
    const { mean } = evaluateRun(subset(run) as typeof run, subset(qrels) as typeof qrels);
    console.log(`  ${kind.padEnd(10)} ${String(ids.length).padStart(2)} queries  ${format(mean.ndcgAt10)} / ${format(mean.map)} / ${format(mean.recallAt100)} / ${format(mean.mrrAt10)}`);
  }
}

const found = problems();
if (found.length > 0) {
  console.error(`The set is not consistent:\n${found.map((problem) => `- ${problem}`).join("\n")}`);
  process.exit(1);
}

const expected = files();
if (process.argv.includes("--check")) {
  const stale: string[] = [];
  for (const [name, content] of Object.entries(expected)) {
    const onDisk = await readFile(path.join(HERE, name), "utf8").catch(() => "");
    if (onDisk !== content) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.join(", ")}. Run npx tsx eval/retrieval/generate.ts.`);
    process.exit(1);
  }
  console.log("The files match the sources.");
} else {
  for (const [name, content] of Object.entries(expected)) await writeFile(path.join(HERE, name), content);
  const words = docs.map((doc) => wordCount(doc.text));
  const judgments = queries.reduce((sum, query) => sum + Object.keys(query.relevant).length, 0);
  console.log(`Wrote ${docs.length} documents (${Math.min(...words)}–${Math.max(...words)} words, mean ${Math.round(words.reduce((a, b) => a + b, 0) / words.length)}), ${queries.length} queries, ${judgments} judgments.`);
  bm25Check();
}
