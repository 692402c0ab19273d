import { seededRandom } from "../forecast/random";
import { auc } from "./auc";
import { fitLogistic, sigmoid } from "./logistic";
import { SIGNAL_KEYS, signalValues, type Signal, type SignalKey, type SignalValues } from "./signals";

/*
 * The 0–100 fraud score of an item from its signals: by rules (fixed weights) until the tenant has
 * confirmed enough labels, then by a per-tenant logistic regression over the same signal values,
 * if and only if it ranks the labelled items better than the rules under cross-validation.
 */

/** How strongly each signal alone can push the rules score (a full-strength signal alone scores 100·w). */
export const RULE_WEIGHTS: Readonly<Record<SignalKey, number>> = {
  duplicate: 0.9,
  same_creator_approver: 0.6,
  amount_outlier: 0.6,
  new_counterparty_large: 0.5,
  benford: 0.3,
  unusual_time: 0.3,
  round_amount: 0.25,
};

export type ScoreReason = { key: SignalKey; value: number; reason: string; contribution: number };
export type FraudScore = { score: number; method: "rules" | "model"; reasons: ScoreReason[] };

function valuesOf(signals: readonly Signal[] | SignalValues): SignalValues {
  return Array.isArray(signals) ? signalValues(signals as readonly Signal[]) : (signals as SignalValues);
}

/** 100·(1 − Π(1 − wᵢ·vᵢ)): a noisy-or, so signals add up without the score passing 100. */
export function rulesScoreOf(values: SignalValues, weights: Readonly<Record<SignalKey, number>> = RULE_WEIGHTS): number {
  let survive = 1;
  for (const key of SIGNAL_KEYS) survive *= 1 - Math.min(0.99, Math.max(0, weights[key] * values[key]));
  return 100 * (1 - survive);
}

/**
 * Rules score with reasons. Each contribution is the signal's share of the score in points,
 * proportional to −ln(1 − wᵢ·vᵢ) (the noisy-or is additive in that scale), so they sum to the score.
 */
export function scoreWithRules(signals: readonly Signal[], weights: Readonly<Record<SignalKey, number>> = RULE_WEIGHTS): FraudScore {
  const values = signalValues(signals);
  const score = rulesScoreOf(values, weights);
  const hazards = signals.map((s) => -Math.log(1 - Math.min(0.99, Math.max(0, weights[s.key] * s.value))));
  const total = hazards.reduce((sum, h) => sum + h, 0);
  const reasons = signals
    .map((s, i) => ({ key: s.key, value: s.value, reason: s.reason, contribution: total > 0 ? (score * hazards[i]!) / total : 0 }))
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution);
  return { score, method: "rules", reasons };
}

export type FraudModel = { keys: readonly SignalKey[]; intercept: number; weights: Record<SignalKey, number>; lambda: number; labels: number };

function modelLogit(model: FraudModel, values: SignalValues): number {
  return model.keys.reduce((z, key) => z + model.weights[key] * values[key], model.intercept);
}

/**
 * Model score: 100·P(fraud). A reason's contribution is what the score loses, in points, without
 * that signal (its value set to 0); signals that lower the score come last with a negative one.
 */
export function scoreWithModel(model: FraudModel, signals: readonly Signal[]): FraudScore {
  const values = signalValues(signals);
  const z = modelLogit(model, values);
  const score = 100 * sigmoid(z);
  const reasons = signals
    .map((s) => ({ key: s.key, value: s.value, reason: s.reason, contribution: score - 100 * sigmoid(z - model.weights[s.key] * s.value) }))
    .filter((r) => r.contribution !== 0)
    .sort((a, b) => b.contribution - a.contribution);
  return { score, method: "model", reasons };
}

/** The model when the tenant has one that passed `trainModel`, else the rules. */
export function scoreItem(signals: readonly Signal[], model: FraudModel | null): FraudScore {
  return model ? scoreWithModel(model, signals) : scoreWithRules(signals);
}

export type LabelledItem = { signals: readonly Signal[] | SignalValues; fraud: boolean };

export type TrainOptions = {
  /** The model is considered only from this many labels, with at least `minPerClass` confirmed and dismissed. */
  minLabels: number;
  minPerClass: number;
  folds: number;
  /** L2 penalty on the weights (the intercept is free). */
  lambda: number;
  seed: number;
  /** The model's mean fold AUC must beat the rules' by more than this. */
  minAucGain: number;
};

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { minLabels: 30, minPerClass: 5, folds: 5, lambda: 1, seed: 20_261_205, minAucGain: 0 };

export type FoldResult = { size: number; positives: number; auc: number; rulesAuc: number };

export type TrainResult = {
  model: FraudModel | null;
  /** Mean held-out AUC over the folds (null when no cross-validation was run). */
  auc: number | null;
  rulesAuc: number | null;
  folds: FoldResult[];
  reason: string;
};

/**
 * Stratified k-fold assignment: each class shuffled (seeded) and dealt round-robin, the second class
 * continuing where the first stopped, so every fold holds both classes and sizes differ by at most one.
 */
export function stratifiedFolds(labels: readonly boolean[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let dealt = 0;
  for (const cls of [true, false]) {
    const members = labels.flatMap((label, i) => (label === cls ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (const index of members) fold[index] = dealt++ % k;
  }
  return fold;
}

/**
 * Non-negative weights (a signal firing never lowers the score): fit, drop the most negative signal
 * (weight 0), refit, until none is negative. Labels come from a queue the rules ranked, where a
 * signal that fired on mostly dismissed items would get a negative weight and the model would rank
 * items with no signal at all above it (README, "Measured selection bias").
 */
function fitModel(values: readonly SignalValues[], labels: readonly boolean[], lambda: number): FraudModel {
  let active: SignalKey[] = [...SIGNAL_KEYS];
  const weights = Object.fromEntries(SIGNAL_KEYS.map((key) => [key, 0])) as Record<SignalKey, number>;
  for (;;) {
    if (!active.length) {
      const positives = labels.filter(Boolean).length;
      const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / labels.length));
      return { keys: SIGNAL_KEYS, intercept: Math.log(rate / (1 - rate)), weights, lambda, labels: labels.length };
    }
    const fit = fitLogistic(values.map((v) => active.map((key) => v[key])), labels, lambda);
    let worst = -1;
    fit.weights.forEach((w, j) => {
      if (w < 0 && (worst < 0 || w < fit.weights[worst]!)) worst = j;
    });
    if (worst < 0) {
      active.forEach((key, j) => (weights[key] = fit.weights[j]!));
      return { keys: SIGNAL_KEYS, intercept: fit.intercept, weights, lambda, labels: labels.length };
    }
    active = active.filter((_, j) => j !== worst);
  }
}

export function trainModel(labelled: readonly LabelledItem[], options: Partial<TrainOptions> = {}): TrainResult {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const values = labelled.map((item) => valuesOf(item.signals));
  const labels = labelled.map((item) => item.fraud);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  const rulesScores = values.map((v) => rulesScoreOf(v));
  // Two of each at the very least, whatever the options: cross-validation needs both classes in every fold.
  const perClass = Math.max(2, opts.minPerClass);
  if (labels.length < opts.minLabels || positives < perClass || negatives < perClass) {
    const overall = auc(rulesScores, labels);
    return {
      model: null,
      auc: null,
      rulesAuc: Number.isNaN(overall) ? null : overall,
      folds: [],
      reason: `Scoring by rules: ${labels.length} labels (${positives} confirmed, ${negatives} dismissed); a learned model needs ${opts.minLabels}, with at least ${perClass} of each`,
    };
  }
  const k = Math.min(opts.folds, positives, negatives);
  const foldOf = stratifiedFolds(labels, k, opts.seed);
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const train = labels.flatMap((_, i) => (foldOf[i] !== f ? [i] : []));
    const test = labels.flatMap((_, i) => (foldOf[i] === f ? [i] : []));
    const model = fitModel(train.map((i) => values[i]!), train.map((i) => labels[i]!), opts.lambda);
    const testLabels = test.map((i) => labels[i]!);
    folds.push({
      size: test.length,
      positives: testLabels.filter(Boolean).length,
      auc: auc(test.map((i) => modelLogit(model, values[i]!)), testLabels),
      rulesAuc: auc(test.map((i) => rulesScores[i]!), testLabels),
    });
  }
  const meanOf = (pick: (fold: FoldResult) => number) => folds.reduce((sum, fold) => sum + pick(fold), 0) / folds.length;
  const modelAuc = meanOf((fold) => fold.auc);
  const rulesAuc = meanOf((fold) => fold.rulesAuc);
  const figures = `cross-validated AUC ${modelAuc.toFixed(3)} against ${rulesAuc.toFixed(3)} for the rules (${k} folds, ${labels.length} labels)`;
  if (!(modelAuc > rulesAuc + opts.minAucGain)) {
    return { model: null, auc: modelAuc, rulesAuc, folds, reason: `Scoring by rules: the learned model does not rank better, ${figures}` };
  }
  return { model: fitModel(values, labels, opts.lambda), auc: modelAuc, rulesAuc, folds, reason: `Scoring by the learned model: ${figures}` };
}
