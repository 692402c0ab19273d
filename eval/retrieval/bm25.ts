/**
 * A plain BM25 (k1 = 1.2, b = 0.75) over title + text, used only to check the set: keyword queries
 * should be easy for it and paraphrased ones hard. Not the product's lexical search.
 */
import type { RunEntry } from "../../src/server/modules/ai/eval/metrics";

const STOPWORDS = new Set(
  "a an and are as at be by can do does for from has have how i if in is it its me my of on or our the their them there they this to up was we what when where which who will with you your".split(" "),
);

/** Lower case, letters and digits only, stopwords out, a crude plural strip so "invoices" meets "invoice". */
export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((token) => !STOPWORDS.has(token)).map((token) => (token.length > 3 && token.endsWith("s") && !token.endsWith("ss") ? token.slice(0, -1) : token));
}

export function bm25Index(docs: readonly { id: string; title: string; text: string }[]) {
  const docTokens = docs.map((doc) => tokens(`${doc.title} ${doc.text}`));
  const averageLength = docTokens.reduce((sum, list) => sum + list.length, 0) / docs.length;
  const documentFrequency = new Map<string, number>();
  const termCounts = docTokens.map((list) => {
    const counts = new Map<string, number>();
    for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const token of counts.keys()) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    return counts;
  });

  return function search(query: string, k: number): RunEntry[] {
    const terms = [...new Set(tokens(query))];
    const scored = docs.map((doc, i) => {
      const counts = termCounts[i]!;
      const length = docTokens[i]!.length;
      let score = 0;
      for (const term of terms) {
        const frequency = counts.get(term) ?? 0;
        if (frequency === 0) continue;
        const df = documentFrequency.get(term)!;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        score += (idf * frequency * 2.2) / (frequency + 1.2 * (1 - 0.75 + (0.75 * length) / averageLength));
      }
      return { docId: doc.id, score };
    });
    return scored.filter((entry) => entry.score > 0).sort((a, b) => b.score - a.score).slice(0, k);
  };
}
