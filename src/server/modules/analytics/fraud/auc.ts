/**
 * Area under the ROC curve by the rank (Mann–Whitney U) formula: the probability that a random
 * positive scores above a random negative, ties counting one half (tied scores get their mean rank).
 * NaN when either class is empty: there is nothing to rank against.
 */
export function auc(scores: readonly number[], positives: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1;
    const meanRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!] = meanRank;
    start = end + 1;
  }
  let positiveCount = 0;
  let rankSum = 0;
  positives.forEach((positive, i) => {
    if (!positive) return;
    positiveCount += 1;
    rankSum += ranks[i]!;
  });
  const negativeCount = scores.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return Number.NaN;
  return (rankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}
