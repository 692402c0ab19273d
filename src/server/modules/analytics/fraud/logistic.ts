/*
 * L2-penalized logistic regression fitted by Newton's method (IRLS): minimize
 *   −Σ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + (λ/2)·‖w‖²,   pᵢ = σ(b + w·xᵢ),
 * the intercept b unpenalized. With λ > 0 the optimum is finite even for separable labels.
 */

export type LogisticFit = { intercept: number; weights: number[]; iterations: number; converged: boolean };

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Solves A·x = b for a symmetric positive definite A (Cholesky); A and b are not modified. */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/** The penalized negative log-likelihood being minimized. */
function objective(rows: readonly (readonly number[])[], labels: readonly boolean[], beta: readonly number[], lambda: number): number {
  let total = 0;
  rows.forEach((row, i) => {
    const z = row.reduce((sum, x, j) => sum + x * beta[j + 1]!, beta[0]!);
    // log(1 + e^z) − y·z, computed without overflow
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (labels[i] ? z : 0);
  });
  for (let j = 1; j < beta.length; j++) total += (lambda / 2) * beta[j]! ** 2;
  return total;
}

export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly boolean[], lambda: number, maxIterations = 50): LogisticFit {
  const d = rows[0]?.length ?? 0;
  const beta = new Array<number>(d + 1).fill(0); // beta[0] is the intercept
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    rows.forEach((row, i) => {
      const x = [1, ...row];
      const p = sigmoid(x.reduce((sum, xj, j) => sum + xj * beta[j]!, 0));
      const w = Math.max(p * (1 - p), 1e-10);
      const r = p - (labels[i] ? 1 : 0);
      for (let j = 0; j <= d; j++) {
        gradient[j]! += r * x[j]!;
        for (let k = 0; k <= j; k++) hessian[j]![k]! += w * x[j]! * x[k]!;
      }
    });
    for (let j = 0; j <= d; j++) {
      for (let k = 0; k < j; k++) hessian[k]![j] = hessian[j]![k]!;
      if (j > 0) {
        gradient[j]! += lambda * beta[j]!;
        hessian[j]![j]! += lambda;
      } else {
        hessian[0]![0]! += 1e-9; // keeps the system solvable if every p saturates
      }
    }
    const step = solveSpd(hessian, gradient);
    // Step halving: a full Newton step can overshoot when the labels are nearly separable.
    const before = objective(rows, labels, beta, lambda);
    let scale = 1;
    let next = beta.map((b, j) => b - step[j]!);
    while (scale > 1e-6 && objective(rows, labels, next, lambda) > before + 1e-12) {
      scale /= 2;
      next = beta.map((b, j) => b - scale * step[j]!);
    }
    let largest = 0;
    next.forEach((value, j) => {
      largest = Math.max(largest, Math.abs(value - beta[j]!));
      beta[j] = value;
    });
    if (largest < 1e-9) return { intercept: beta[0]!, weights: beta.slice(1), iterations: iteration, converged: true };
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations: maxIterations, converged: false };
}
