/**
 * Scores a TREC run against qrels, with trec_eval's semantics (see src/server/modules/ai/eval/metrics.ts):
 *   npm run ai:score -- run.trec qrels.tsv [--per-query]
 * Prints nDCG@10, MAP, Recall@100 and MRR@10, averaged over the queries with a relevant judgment.
 * Exit code 2 for bad arguments, 1 for a file that cannot be read or parsed.
 */
import { parseArgs } from "node:util";
import { evaluateRun, type QueryEvaluation } from "../src/server/modules/ai/eval/metrics";
import { readQrelsFile, readRunFile } from "../src/server/modules/ai/eval/trec";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { "per-query": { type: "boolean", default: false } },
});

if (positionals.length !== 2) {
  console.error("Usage: npm run ai:score -- <run.trec> <qrels.tsv> [--per-query]");
  process.exit(2);
}
const [runPath, qrelsPath] = positionals as [string, string];

let evaluation;
try {
  evaluation = evaluateRun(await readRunFile(runPath), await readQrelsFile(qrelsPath));
} catch (error) {
  // Format errors already name file:line; a missing file's message names the path.
  console.error(`Cannot score: ${(error as Error).message}`);
  process.exit(1);
}

const figure = (value: number) => value.toFixed(4);

if (values["per-query"]) {
  const columns = (query: QueryEvaluation) => [query.queryId, query.relevant, query.retrieved, figure(query.ndcgAt10), figure(query.averagePrecision), figure(query.recallAt100), figure(query.reciprocalRankAt10)];
  console.log(["query", "relevant", "retrieved", "nDCG@10", "AP", "R@100", "RR@10"].join("\t"));
  for (const query of evaluation.perQuery) console.log(columns(query).join("\t"));
  console.log("");
}

const { mean, perQuery, missingFromRun, unjudgedInRun } = evaluation;
console.log(`${perQuery.length} queries with a relevant judgment in ${qrelsPath}, scored from ${runPath}.`);
if (missingFromRun.length > 0) console.log(`Scored 0, no line in the run (${missingFromRun.length}): ${missingFromRun.join(", ")}.`);
if (unjudgedInRun.length > 0) console.log(`Left out, in the run without a relevant judgment (${unjudgedInRun.length}): ${unjudgedInRun.join(", ")}.`);
console.log(`nDCG@10     ${figure(mean.ndcgAt10)}`);
console.log(`MAP         ${figure(mean.map)}`);
console.log(`Recall@100  ${figure(mean.recallAt100)}`);
console.log(`MRR@10      ${figure(mean.mrrAt10)}`);
