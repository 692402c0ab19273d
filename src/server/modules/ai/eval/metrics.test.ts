import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { averagePrecision, evaluateRun, ndcgAt, queryMetrics, rankEntries, recallAt, reciprocalRankAt, relevantCount, type Judgments, type Run, type RunEntry } from "./metrics";
import { formatRun, parseQrels, parseRun, TrecFormatError } from "./trec";

const judgments = (grades: Record<string, number>): Judgments => new Map(Object.entries(grades));
const ids = (count: number, prefix = "n") => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

describe("the worked example", () => {
  // Judged: d1 grade 2, d2 grade 1, d4 grade 1 (never retrieved), d3 grade 0 (judged, not relevant).
  // Ranking: d3, d1, d5 (unjudged), d2. Three relevant documents in all.
  //   AP     = (1/2 at d1 + 2/4 at d2) / 3 relevant = 1.0 / 3 = 0.333333
  //   RR@10  = first relevant at rank 2 → 0.5
  //   R@100  = 2 of 3 relevant retrieved → 0.666667
  //   DCG@10 = 2/log2(3) + 1/log2(5) = 1.2618595 + 0.4306766 = 1.6925361
  //   IDCG   = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.6309298 + 0.5 = 3.1309298  (gains 2, 1, 1 sorted)
  //   nDCG@10 = 1.6925361 / 3.1309298 = 0.5405858
  const grades = judgments({ d1: 2, d2: 1, d3: 0, d4: 1 });
  const ranking = ["d3", "d1", "d5", "d2"];

  it("gives the hand-computed figures", () => {
    const metrics = queryMetrics(ranking, grades);
    expect(metrics.averagePrecision).toBeCloseTo(1 / 3, 10);
    expect(metrics.reciprocalRankAt10).toBe(0.5);
    expect(metrics.recallAt100).toBeCloseTo(2 / 3, 10);
    expect(metrics.ndcgAt10).toBeCloseTo(0.5405858, 6);
  });

  it("uses linear gain, not 2^rel − 1", () => {
    // With exponential gain d1 would weigh 3 and nDCG would be (3/log2(3) + 1/log2(5)) / (3 + 1/log2(3) + 0.5) = 0.5625.
    expect(ndcgAt(ranking, grades, 10)).not.toBeCloseTo(0.5625, 3);
  });

  it("reaches 1 for the ideal ranking and 0 when nothing relevant is retrieved", () => {
    expect(ndcgAt(["d1", "d2", "d4"], grades, 10)).toBeCloseTo(1, 12);
    expect(averagePrecision(["d1", "d2", "d4"], grades)).toBe(1);
    expect(queryMetrics(["d3", "d5"], grades)).toEqual({ ndcgAt10: 0, averagePrecision: 0, recallAt100: 0, reciprocalRankAt10: 0 });
  });
});

describe("cut-offs", () => {
  it("counts a relevant document at rank 11 for AP but not for nDCG@10 or MRR@10", () => {
    const ranking = [...ids(10), "hit"];
    const grades = judgments({ hit: 1 });
    expect(ndcgAt(ranking, grades, 10)).toBe(0);
    expect(reciprocalRankAt(ranking, grades, 10)).toBe(0);
    expect(averagePrecision(ranking, grades)).toBeCloseTo(1 / 11, 12);
    expect(recallAt(ranking, grades, 100)).toBe(1);
  });

  it("counts a relevant document at rank 101 for AP but not for Recall@100", () => {
    const ranking = [...ids(100), "hit"];
    const grades = judgments({ hit: 2, other: 1 });
    expect(recallAt(ranking, grades, 100)).toBe(0);
    expect(averagePrecision(ranking, grades)).toBeCloseTo(1 / 101 / 2, 12);
  });

  it("scores nDCG@k against an ideal that is itself cut at k", () => {
    // 12 relevant documents, all grade 1, the first 10 retrieved in the top 10: nDCG@10 is 1 although 2 are missing.
    const grades = judgments(Object.fromEntries(ids(12, "r").map((id) => [id, 1])));
    expect(ndcgAt(ids(10, "r"), grades, 10)).toBeCloseTo(1, 12);
    expect(recallAt(ids(10, "r"), grades, 100)).toBeCloseTo(10 / 12, 12);
  });
});

describe("ranking a query's run lines", () => {
  it("orders by score descending whatever the order of the lines", () => {
    expect(rankEntries([{ docId: "a", score: 0.1 }, { docId: "b", score: 0.9 }, { docId: "c", score: 0.5 }])).toEqual(["b", "c", "a"]);
  });

  it("breaks score ties by document id descending, as trec_eval does", () => {
    expect(rankEntries([{ docId: "doc-a", score: 1 }, { docId: "doc-c", score: 2 }, { docId: "doc-b", score: 1 }])).toEqual(["doc-c", "doc-b", "doc-a"]);
    // The tie decides the metric: the relevant "x" loses its tie to "y".
    const run: Run = new Map([["q1", [{ docId: "x", score: 3 }, { docId: "y", score: 3 }]]]);
    const result = evaluateRun(run, new Map([["q1", judgments({ x: 1 })]]));
    expect(result.perQuery[0]!.reciprocalRankAt10).toBe(0.5);
  });

  it("compares scores at trec_eval's single precision, so scores equal to ~7 digits tie", () => {
    expect(rankEntries([{ docId: "a", score: 0.1 + 1e-12 }, { docId: "b", score: 0.1 }])).toEqual(["b", "a"]);
    expect(rankEntries([{ docId: "a", score: 0.1001 }, { docId: "b", score: 0.1 }])).toEqual(["a", "b"]);
  });

  it("refuses a document retrieved twice for one query", () => {
    expect(() => rankEntries([{ docId: "a", score: 2 }, { docId: "a", score: 1 }])).toThrow(/a is retrieved twice/);
  });
});

describe("evaluating a run", () => {
  const qrels = new Map([
    ["q1", judgments({ a: 1 })],
    ["q2", judgments({ b: 2 })],
    ["q3", judgments({ c: 0 })],
  ]);

  it("scores a judged query missing from the run as 0 and averages over judged queries only", () => {
    const run: Run = new Map([
      ["q1", [{ docId: "a", score: 1 }]],
      ["q3", [{ docId: "c", score: 1 }]],
      ["q9", [{ docId: "z", score: 1 }]],
    ]);
    const result = evaluateRun(run, qrels);
    expect(result.perQuery.map((query) => query.queryId)).toEqual(["q1", "q2"]);
    expect(result.perQuery[1]).toMatchObject({ queryId: "q2", retrieved: 0, ndcgAt10: 0, averagePrecision: 0 });
    expect(result.mean).toEqual({ ndcgAt10: 0.5, map: 0.5, recallAt100: 0.5, mrrAt10: 0.5 });
    expect(result.missingFromRun).toEqual(["q2"]);
    expect(result.unjudgedInRun).toEqual(["q3", "q9"]);
  });

  it("names the query whose run lists a document twice", () => {
    const run: Run = new Map([["q2", [{ docId: "b", score: 1 }, { docId: "b", score: 1 }]]]);
    expect(() => evaluateRun(run, qrels)).toThrow(/Query q2: Document b is retrieved twice/);
  });
});

describe("TREC files", () => {
  it("reads a run with tabs or spaces, in any line order, ignoring the rank column", () => {
    const run = parseRun("q1 Q0 d2 1 0.2 tag\n\nq1\tQ0\td1\t2\t0.9\ttag\r\nq2 Q0 d1 1 -1.5e-1 tag\n");
    expect(rankEntries(run.get("q1")!)).toEqual(["d1", "d2"]);
    expect(run.get("q2")).toEqual([{ docId: "d1", score: -0.15 }]);
  });

  it("reads graded qrels", () => {
    const qrels = parseQrels("q1 0 d1 2\nq1\t0\td2\t0\nq2 0 d3 1\n");
    expect(qrels.get("q1")).toEqual(new Map([["d1", 2], ["d2", 0]]));
    expect(qrels.get("q2")).toEqual(new Map([["d3", 1]]));
  });

  it.each([
    ["a run line with 5 fields", () => parseRun("q1 Q0 d1 1 0.5 tag\nq1 Q0 d2 2 0.4\n", "run.trec"), /^run\.trec:2: expected 6 fields/],
    ["a run score that is not a number", () => parseRun("q1 Q0 d1 1 high tag\n", "run.trec"), /^run\.trec:1: the score "high"/],
    ["a run rank that is not an integer", () => parseRun("q1 Q0 d1 first 0.5 tag\n", "run.trec"), /^run\.trec:1: the rank "first"/],
    ["a document twice in a query's run", () => parseRun("q1 Q0 d1 1 0.5 t\nq2 Q0 d1 1 0.5 t\nq1 Q0 d1 2 0.4 t\n", "run.trec"), /^run\.trec:3: document d1 is already retrieved for query q1 on line 1/],
    ["a qrels line with 3 fields", () => parseQrels("q1 0 d1\n", "qrels.tsv"), /^qrels\.tsv:1: expected 4 fields/],
    ["a grade that is not an integer", () => parseQrels("q1 0 d1 1\n\nq1 0 d2 0.5\n", "qrels.tsv"), /^qrels\.tsv:3: the relevance "0.5"/],
    ["a document judged twice for one query", () => parseQrels("q1 0 d1 1\nq1 0 d1 2\n", "qrels.tsv"), /^qrels\.tsv:2: document d1 is already judged/],
  ])("refuses %s, naming the file and line", (_name, parse, message) => {
    expect(parse).toThrow(TrecFormatError);
    expect(parse).toThrow(message);
  });

  it("writes a run whose ranks follow the ranking and reads back the same", () => {
    const run: Run = new Map([["q1", [{ docId: "a", score: 0.5 }, { docId: "c", score: 0.5 }, { docId: "b", score: 0.75 }]]]);
    const text = formatRun(run, "hybrid");
    expect(text).toBe("q1 Q0 b 1 0.75 hybrid\nq1 Q0 c 2 0.5 hybrid\nq1 Q0 a 3 0.5 hybrid\n");
    expect(parseRun(text)).toEqual(new Map([["q1", [{ docId: "b", score: 0.75 }, { docId: "c", score: 0.5 }, { docId: "a", score: 0.5 }]]]));
  });
});

describe("the hand-made sample in sample/", () => {
  const read = (name: string) => readFileSync(path.join(import.meta.dirname, "sample", name), "utf8");
  const jsonl = (name: string) => read(name).trim().split("\n").map((line) => JSON.parse(line) as { id: string; title?: string; text: string });
  const docs = jsonl("docs.jsonl");
  const queries = jsonl("queries.jsonl");
  const qrels = parseQrels(read("qrels.tsv"), "sample/qrels.tsv");

  it("judges only documents and queries that exist, and gives every query a relevant document", () => {
    const docIds = new Set(docs.map((doc) => doc.id));
    expect(docIds.size).toBe(docs.length);
    expect([...qrels.keys()].sort()).toEqual(queries.map((query) => query.id).sort());
    for (const [queryId, judgments] of qrels) {
      expect(relevantCount(judgments), queryId).toBeGreaterThan(0);
      for (const docId of judgments.keys()) expect(docIds.has(docId), `${queryId} → ${docId}`).toBe(true);
    }
  });

  it("scores 1 everywhere for the run that follows the judgments, and less when a near-duplicate comes first", () => {
    const ideal: Run = new Map([...qrels].map(([queryId, judgments]) => [queryId, [...judgments].map(([docId, grade]): RunEntry => ({ docId, score: grade }))]));
    expect(evaluateRun(ideal, qrels).mean).toEqual({ ndcgAt10: 1, map: 1, recallAt100: 1, mrrAt10: 1 });
    // t1 asks about the P200 (s12); the P100 sheet (s11) is its near-duplicate.
    const fooled = new Map(ideal).set("t1", [{ docId: "s11", score: 2 }, { docId: "s12", score: 1 }]);
    const t1 = evaluateRun(fooled, qrels).perQuery.find((query) => query.queryId === "t1")!;
    expect(t1).toMatchObject({ reciprocalRankAt10: 0.5, averagePrecision: 0.5 });
    expect(t1.ndcgAt10).toBeCloseTo(1 / Math.log2(3), 12);
  });
});
