/*
 * Benford's law for first digits: P(d) = log10(1 + 1/d). Conformity is judged by the mean absolute
 * deviation of the observed proportions from those (Nigrini, "Benford's Law", 2012, ch. 10), because
 * the chi-square statistic rejects almost any real ledger once n is in the thousands. Chi-square is
 * reported beside it for reference only.
 */

/** Expected proportion of first digits 1..9 (index 0 is digit 1). */
export const BENFORD_PROPORTIONS: readonly number[] = Array.from({ length: 9 }, (_, i) => Math.log10(1 + 1 / (i + 1)));

/** Nigrini's first-digit MAD limits: close ≤ 0.006, acceptable ≤ 0.012, marginal ≤ 0.015, above: nonconformity. */
export const NIGRINI_FIRST_DIGIT = { close: 0.006, acceptable: 0.012, marginal: 0.015 } as const;

/** The chi-square 95% critical value with 8 degrees of freedom (9 digits − 1). */
export const CHI_SQUARE_8DF_95 = 15.507;

export type BenfordVerdict = "close" | "acceptable" | "marginal" | "nonconforming";

export type BenfordConformity = {
  n: number;
  proportions: number[];
  mad: number;
  chiSquare: number;
  verdict: BenfordVerdict;
};

/** First significant digit (1–9) of an amount in minor units; null for zero. Same digit as the major amount. */
export function leadingDigit(amountMinor: bigint): number | null {
  const text = (amountMinor < 0n ? -amountMinor : amountMinor).toString();
  return text === "0" ? null : Number(text[0]);
}

/** Counts of first digits 1..9 (index 0 is digit 1), zero amounts left out. */
export function leadingDigitCounts(amounts: Iterable<bigint>): number[] {
  const counts = new Array<number>(9).fill(0);
  for (const amount of amounts) {
    const digit = leadingDigit(amount);
    if (digit !== null) counts[digit - 1]! += 1;
  }
  return counts;
}

export function benfordConformity(counts: readonly number[]): BenfordConformity {
  const n = counts.reduce((sum, count) => sum + count, 0);
  const proportions = counts.map((count) => (n > 0 ? count / n : 0));
  let deviation = 0;
  let chiSquare = 0;
  BENFORD_PROPORTIONS.forEach((expected, i) => {
    deviation += Math.abs(proportions[i]! - expected);
    chiSquare += n > 0 ? (counts[i]! - n * expected) ** 2 / (n * expected) : 0;
  });
  const mad = deviation / 9;
  const verdict: BenfordVerdict =
    mad <= NIGRINI_FIRST_DIGIT.close ? "close" : mad <= NIGRINI_FIRST_DIGIT.acceptable ? "acceptable" : mad <= NIGRINI_FIRST_DIGIT.marginal ? "marginal" : "nonconforming";
  return { n, proportions, mad, chiSquare, verdict };
}
