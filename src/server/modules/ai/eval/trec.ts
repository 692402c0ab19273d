/**
 * TREC files for retrieval evaluation, whitespace separated (tabs or spaces), blank lines skipped:
 *   run:   qid Q0 docid rank score tag   (the rank column is read but ignored: order comes from the score)
 *   qrels: qid 0 docid relevance          (integer grade; ≥ 1 is relevant)
 * Errors name the file and line so the person can fix the file.
 */
import { readFile, writeFile } from "node:fs/promises";
import { rankEntries, type Qrels, type Run, type RunEntry } from "./metrics";

export class TrecFormatError extends Error {
  constructor(public readonly source: string, public readonly line: number, problem: string) {
    super(`${source}:${line}: ${problem}`);
    this.name = "TrecFormatError";
  }
}

function fieldsOf(text: string): { line: number; fields: string[] }[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const fields = raw.trim().split(/\s+/).filter(Boolean);
    return fields.length === 0 ? [] : [{ line: i + 1, fields }];
  });
}

const INTEGER = /^[+-]?\d+$/;

export function parseRun(text: string, source = "run"): Run {
  const run = new Map<string, RunEntry[]>();
  const seen = new Map<string, number>();
  for (const { line, fields } of fieldsOf(text)) {
    if (fields.length !== 6) throw new TrecFormatError(source, line, `expected 6 fields "qid Q0 docid rank score tag", found ${fields.length}.`);
    const [queryId, , docId, rank, scoreText] = fields as [string, string, string, string, string, string];
    if (!INTEGER.test(rank)) throw new TrecFormatError(source, line, `the rank "${rank}" is not an integer.`);
    const score = Number(scoreText);
    if (scoreText === "" || !Number.isFinite(score)) throw new TrecFormatError(source, line, `the score "${scoreText}" is not a finite number.`);
    const key = `${queryId}\u0000${docId}`;
    const first = seen.get(key);
    if (first !== undefined) throw new TrecFormatError(source, line, `document ${docId} is already retrieved for query ${queryId} on line ${first}.`);
    seen.set(key, line);
    const entries = run.get(queryId) ?? [];
    entries.push({ docId, score });
    run.set(queryId, entries);
  }
  return run;
}

export function parseQrels(text: string, source = "qrels"): Qrels {
  const qrels = new Map<string, Map<string, number>>();
  const seen = new Map<string, number>();
  for (const { line, fields } of fieldsOf(text)) {
    if (fields.length !== 4) throw new TrecFormatError(source, line, `expected 4 fields "qid 0 docid relevance", found ${fields.length}.`);
    const [queryId, , docId, grade] = fields as [string, string, string, string];
    if (!INTEGER.test(grade)) throw new TrecFormatError(source, line, `the relevance "${grade}" is not an integer.`);
    const key = `${queryId}\u0000${docId}`;
    const first = seen.get(key);
    if (first !== undefined) throw new TrecFormatError(source, line, `document ${docId} is already judged for query ${queryId} on line ${first}.`);
    seen.set(key, line);
    const judgments = qrels.get(queryId) ?? new Map<string, number>();
    judgments.set(docId, Number(grade));
    qrels.set(queryId, judgments);
  }
  return qrels;
}

/** Run lines with ranks 1..n in ranking order (score descending, ties by id descending), queries in the map's order. */
export function formatRun(run: Run, tag: string): string {
  if (!/^\S+$/.test(tag)) throw new Error(`A run tag is one word without spaces; "${tag}" is not.`);
  const lines: string[] = [];
  for (const [queryId, entries] of run) {
    const scores = new Map(entries.map((entry) => [entry.docId, entry.score]));
    rankEntries(entries).forEach((docId, i) => lines.push(`${queryId} Q0 ${docId} ${i + 1} ${scores.get(docId)} ${tag}`));
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export function formatQrels(qrels: Qrels): string {
  const lines: string[] = [];
  for (const [queryId, judgments] of qrels) for (const [docId, grade] of judgments) lines.push(`${queryId}\t0\t${docId}\t${grade}`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export async function readRunFile(path: string): Promise<Run> {
  return parseRun(await readFile(path, "utf8"), path);
}

export async function readQrelsFile(path: string): Promise<Qrels> {
  return parseQrels(await readFile(path, "utf8"), path);
}

export async function writeRunFile(path: string, run: Run, tag: string): Promise<void> {
  await writeFile(path, formatRun(run, tag));
}
