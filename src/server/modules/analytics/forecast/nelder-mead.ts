/**
 * Nelder–Mead simplex minimisation (reflection 1, expansion 2, contraction ½, shrink ½).
 * The objective may return Infinity for a point outside the feasible region: such a vertex is
 * always the worst and the simplex moves away from it, which is how the ETS fitter keeps its
 * parameters inside their bounds.
 */
export type NelderMeadOptions = {
  /** Initial simplex: vertex i is `start` moved by step[i] along coordinate i. */
  step: readonly number[];
  maxEvaluations?: number;
  /** Stop when best and worst values differ by less than this, relative to the best (R's optim reltol). */
  tolerance?: number;
};

export type NelderMeadResult = { x: number[]; value: number; evaluations: number; converged: boolean };

export function nelderMead(objective: (x: readonly number[]) => number, start: readonly number[], options: NelderMeadOptions): NelderMeadResult {
  const dimension = start.length;
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const value = objective(x);
    return Number.isNaN(value) ? Infinity : value;
  };

  const points: number[][] = [start.slice()];
  for (let i = 0; i < dimension; i++) {
    const vertex = start.slice();
    vertex[i]! += options.step[i]!;
    points.push(vertex);
  }
  let values = points.map(evaluate);

  const order = () => {
    const ranked = points.map((point, i) => ({ point, value: values[i]! })).sort((a, b) => a.value - b.value);
    ranked.forEach((entry, i) => (points[i] = entry.point));
    values = ranked.map((entry) => entry.value);
  };
  const along = (from: readonly number[], to: readonly number[], t: number) => from.map((value, i) => value + t * (to[i]! - value));

  order();
  let converged = false;
  while (evaluations < maxEvaluations) {
    const best = values[0]!;
    const worst = values[dimension]!;
    if (Number.isFinite(worst) && worst - best <= tolerance * (Math.abs(best) + tolerance)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(dimension).fill(0);
    for (let v = 0; v < dimension; v++) for (let i = 0; i < dimension; i++) centroid[i]! += points[v]![i]! / dimension;
    const worstPoint = points[dimension]!;

    const reflected = along(worstPoint, centroid, 2);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best) {
      const expanded = along(worstPoint, centroid, 3);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) replaceWorst(expanded, expandedValue);
      else replaceWorst(reflected, reflectedValue);
    } else if (reflectedValue < values[dimension - 1]!) {
      replaceWorst(reflected, reflectedValue);
    } else {
      // Contract towards the better of the worst point and its reflection.
      const outside = reflectedValue < worst;
      const contracted = outside ? along(centroid, reflected, 0.5) : along(centroid, worstPoint, 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(reflectedValue, worst)) {
        replaceWorst(contracted, contractedValue);
      } else {
        for (let v = 1; v <= dimension; v++) {
          points[v] = along(points[0]!, points[v]!, 0.5);
          values[v] = evaluate(points[v]!);
        }
      }
    }
    order();
  }
  return { x: points[0]!, value: values[0]!, evaluations, converged };

  function replaceWorst(point: number[], value: number) {
    points[dimension] = point;
    values[dimension] = value;
  }
}
