/**
 * Retrieval metrics with trec_eval's semantics, as pure functions over in-memory runs and qrels.
 *
 * - A document is relevant when its judged grade is ≥ 1 (trec_eval's default relevance level).
 * - A query's ranking is its run entries by score descending; equal scores are broken by document
 *   id descending (byte order), as trec_eval does. Scores are compared as 32-bit floats, because
 *   trec_eval stores them so: scores equal to ~7 digits tie. The run's rank column is ignored, as there.
 * - nDCG uses linear gain (the grade itself) and a log2(rank + 1) discount, as trec_eval's ndcg_cut;
 *   the ideal ranking is built from every judged document of the query.
 * - AP divides by the number of relevant documents in the qrels, retrieved or not, over the whole run.
 * - Means are over the queries with at least one relevant judgment; such a query that the run
 *   does not answer scores 0 everywhere (trec_eval -c). Run queries without relevant judgments are ignored.
 */

/** One query's judgments: document id → graded relevance (≤ 0 means not relevant). */
export type Judgments = ReadonlyMap<string, number>;
/** Query id → its judgments. */
export type Qrels = ReadonlyMap<string, Judgments>;

export interface RunEntry {
  docId: string;
  score: number;
}
/** Query id → the documents retrieved for it, in any order. */
export type Run = ReadonlyMap<string, readonly RunEntry[]>;

export interface QueryMetrics {
  ndcgAt10: number;
  averagePrecision: number;
  recallAt100: number;
  reciprocalRankAt10: number;
}

export interface QueryEvaluation extends QueryMetrics {
  queryId: string;
  relevant: number;
  retrieved: number;
}

export interface MeanMetrics {
  ndcgAt10: number;
  map: number;
  recallAt100: number;
  mrrAt10: number;
}

export interface RunEvaluation {
  mean: MeanMetrics;
  /** The queries the means are over (those with a relevant judgment), in query id order. */
  perQuery: QueryEvaluation[];
  /** Judged queries the run has no line for: counted with 0 everywhere. */
  missingFromRun: string[];
  /** Run queries without a relevant judgment: left out of the means. */
  unjudgedInRun: string[];
}

export const RELEVANCE_THRESHOLD = 1;

export function isRelevant(grade: number | undefined): boolean {
  return grade !== undefined && grade >= RELEVANCE_THRESHOLD;
}

export function relevantCount(judgments: Judgments): number {
  let count = 0;
  for (const grade of judgments.values()) if (isRelevant(grade)) count++;
  return count;
}

/** trec_eval's tie-break compares ids with strcmp; JS `<` on strings is the same order for ASCII ids. */
function compareIdsDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/**
 * The document ids in rank order: score descending, then id descending.
 * A document listed twice for the same query is an error (trec_eval refuses such runs too).
 */
export function rankEntries(entries: readonly RunEntry[]): string[] {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.docId)) throw new Error(`Document ${entry.docId} is retrieved twice for the same query.`);
    seen.add(entry.docId);
  }
  return [...entries].sort((a, b) => Math.fround(b.score) - Math.fround(a.score) || compareIdsDescending(a.docId, b.docId)).map((entry) => entry.docId);
}

function gain(grade: number | undefined): number {
  return grade !== undefined && grade > 0 ? grade : 0;
}

function discountedGain(gains: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) sum += gains[i]! / Math.log2(i + 2);
  return sum;
}

export function ndcgAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const ideal = [...judgments.values()].map(gain).sort((a, b) => b - a);
  const idealDcg = discountedGain(ideal, k);
  if (idealDcg === 0) return 0;
  return discountedGain(ranking.map((docId) => gain(judgments.get(docId))), k) / idealDcg;
}

export function averagePrecision(ranking: readonly string[], judgments: Judgments): number {
  const relevant = relevantCount(judgments);
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.forEach((docId, i) => {
    if (!isRelevant(judgments.get(docId))) return;
    found++;
    sum += found / (i + 1);
  });
  return sum / relevant;
}

export function recallAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const relevant = relevantCount(judgments);
  if (relevant === 0) return 0;
  return ranking.slice(0, k).filter((docId) => isRelevant(judgments.get(docId))).length / relevant;
}

/** 1 / rank of the first relevant document within the top k, 0 when there is none. */
export function reciprocalRankAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const index = ranking.slice(0, k).findIndex((docId) => isRelevant(judgments.get(docId)));
  return index === -1 ? 0 : 1 / (index + 1);
}

export function queryMetrics(ranking: readonly string[], judgments: Judgments): QueryMetrics {
  return {
    ndcgAt10: ndcgAt(ranking, judgments, 10),
    averagePrecision: averagePrecision(ranking, judgments),
    recallAt100: recallAt(ranking, judgments, 100),
    reciprocalRankAt10: reciprocalRankAt(ranking, judgments, 10),
  };
}

export function evaluateRun(run: Run, qrels: Qrels): RunEvaluation {
  const judged = [...qrels.entries()].filter(([, judgments]) => relevantCount(judgments) > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const perQuery = judged.map(([queryId, judgments]): QueryEvaluation => {
    const entries = run.get(queryId) ?? [];
    let ranking: string[];
    try {
      ranking = rankEntries(entries);
    } catch (error) {
      throw new Error(`Query ${queryId}: ${(error as Error).message}`);
    }
    return { queryId, relevant: relevantCount(judgments), retrieved: ranking.length, ...queryMetrics(ranking, judgments) };
  });
  const judgedIds = new Set(judged.map(([queryId]) => queryId));
  const mean = (pick: (query: QueryEvaluation) => number) => (perQuery.length === 0 ? 0 : perQuery.reduce((sum, query) => sum + pick(query), 0) / perQuery.length);
  return {
    mean: {
      ndcgAt10: mean((query) => query.ndcgAt10),
      map: mean((query) => query.averagePrecision),
      recallAt100: mean((query) => query.recallAt100),
      mrrAt10: mean((query) => query.reciprocalRankAt10),
    },
    perQuery,
    missingFromRun: [...judgedIds].filter((queryId) => !run.has(queryId)),
    unjudgedInRun: [...run.keys()].filter((queryId) => !judgedIds.has(queryId)).sort(),
  };
}
