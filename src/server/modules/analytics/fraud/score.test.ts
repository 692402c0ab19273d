import { describe, expect, it } from "vitest";
import { seededRandom } from "../forecast/random";
import { auc } from "./auc";
import { fitLogistic } from "./logistic";
import { RULE_WEIGHTS, rulesScoreOf, scoreItem, scoreWithModel, scoreWithRules, stratifiedFolds, trainModel, type LabelledItem } from "./score";
import { SIGNAL_KEYS, type Signal, type SignalKey, type SignalValues } from "./signals";

function valuesWith(partial: Partial<SignalValues>): SignalValues {
  return { ...(Object.fromEntries(SIGNAL_KEYS.map((key) => [key, 0])) as SignalValues), ...partial };
}

function signalsOf(values: SignalValues): Signal[] {
  return SIGNAL_KEYS.map((key) => ({ key, value: values[key], reason: `reason for ${key}` }));
}

function randomValues(random: () => number): SignalValues {
  return Object.fromEntries(SIGNAL_KEYS.map((key) => [key, random()])) as SignalValues;
}

describe("rules score", () => {
  it("is 0 with no signal and 100·w for one full-strength signal", () => {
    expect(scoreWithRules(signalsOf(valuesWith({}))).score).toBe(0);
    expect(scoreWithRules(signalsOf(valuesWith({ duplicate: 1 }))).score).toBeCloseTo(90, 12);
    expect(scoreWithRules(signalsOf(valuesWith({ duplicate: 1, round_amount: 1 }))).score).toBeCloseTo(100 * (1 - 0.1 * 0.75), 12);
  });

  it("never decreases when a signal grows, and stays within 0–100", () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const values = randomValues(random);
      const key = SIGNAL_KEYS[trial % SIGNAL_KEYS.length]!;
      const before = rulesScoreOf(values);
      const after = rulesScoreOf({ ...values, [key]: Math.min(1, values[key] + 0.1 + 0.5 * random()) });
      expect(after).toBeGreaterThan(before);
      expect(after).toBeLessThanOrEqual(100);
    }
    const allFull = Object.fromEntries(SIGNAL_KEYS.map((key) => [key, 1])) as SignalValues;
    expect(rulesScoreOf(allFull)).toBeLessThan(100);
    expect(rulesScoreOf(allFull)).toBeGreaterThan(99);
  });

  it("lists the reasons by contribution, which add up to the score", () => {
    const result = scoreWithRules(signalsOf(valuesWith({ round_amount: 1, duplicate: 1, unusual_time: 0.5 })));
    expect(result.reasons.map((r) => r.key)).toEqual(["duplicate", "round_amount", "unusual_time"]);
    expect(result.reasons.reduce((sum, r) => sum + r.contribution, 0)).toBeCloseTo(result.score, 10);
    expect(result.reasons[0]!.reason).toBe("reason for duplicate");
  });
});

describe("AUC (rank formula)", () => {
  it("gives known answers: perfect, inverse, all tied, mixed, partial ties", () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(auc([3, 3, 3, 3], [true, false, true, false])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    // Positive 1 against negatives 1 (tie, ½) and 0 (win): 1.5 of 2 pairs.
    expect(auc([1, 1, 0], [true, false, false])).toBe(0.75);
    expect(auc([1, 2], [true, true])).toBeNaN();
  });
});

describe("logistic regression", () => {
  // Planted: logit = −2 + 4·round_amount − 3·unusual_time, the other signals pure noise.
  function planted(n: number, seed: number) {
    const random = seededRandom(seed);
    return Array.from({ length: n }, () => {
      const values = randomValues(random);
      const p = 1 / (1 + Math.exp(-(-2 + 4 * values.round_amount - 3 * values.unusual_time)));
      return { signals: values, fraud: random() < p };
    });
  }

  it("recovers a planted weight on a seeded synthetic dataset", () => {
    const data = planted(4000, 11);
    const fit = fitLogistic(data.map((d) => SIGNAL_KEYS.map((key) => (d.signals as SignalValues)[key])), data.map((d) => d.fraud), 0.01);
    expect(fit.converged).toBe(true);
    const weight = (key: SignalKey) => fit.weights[SIGNAL_KEYS.indexOf(key)]!;
    expect(weight("round_amount")).toBeCloseTo(4, 0);
    expect(weight("unusual_time")).toBeCloseTo(-3, 0);
    expect(fit.intercept).toBeCloseTo(-2, 0);
    for (const key of SIGNAL_KEYS.filter((k) => k !== "round_amount" && k !== "unusual_time")) expect(Math.abs(weight(key))).toBeLessThan(0.5);
  });

  it("stays finite on separable labels (the L2 penalty)", () => {
    const fit = fitLogistic([[0], [0.1], [0.9], [1]], [false, false, true, true], 1);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0]!)).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(0);
  });

  it("never learns a negative weight: a signal seen mostly on dismissed items gets 0, so items with no signal do not rise above it", () => {
    // A review queue ranked by the rules: night postings were all dismissed, round amounts confirmed.
    const labelled: LabelledItem[] = [
      ...Array.from({ length: 20 }, () => ({ signals: valuesWith({ unusual_time: 1 }), fraud: false })),
      ...Array.from({ length: 10 }, () => ({ signals: valuesWith({ round_amount: 1 }), fraud: true })),
      ...Array.from({ length: 10 }, () => ({ signals: valuesWith({}), fraud: false })),
    ];
    const result = trainModel(labelled);
    expect(result.model).not.toBeNull();
    expect(result.model!.weights.unusual_time).toBe(0);
    expect(result.model!.weights.round_amount).toBeGreaterThan(1);
    for (const key of SIGNAL_KEYS) expect(result.model!.weights[key]).toBeGreaterThanOrEqual(0);
    const none = scoreWithModel(result.model!, signalsOf(valuesWith({})));
    expect(scoreWithModel(result.model!, signalsOf(valuesWith({ unusual_time: 1 }))).score).toBe(none.score);
  });

  it("is used when it ranks better than the rules under cross-validation", () => {
    // Fraud follows the round amount and is unrelated to duplicates, which the rules weigh most.
    const result = trainModel(planted(200, 5));
    expect(result.folds).toHaveLength(5);
    expect(result.folds.every((fold) => fold.positives > 0 && fold.positives < fold.size)).toBe(true);
    expect(result.model).not.toBeNull();
    expect(result.auc!).toBeGreaterThan(result.rulesAuc!);
    expect(result.reason).toMatch(/^Scoring by the learned model: cross-validated AUC 0\.\d{3} against 0\.\d{3} for the rules \(5 folds, 200 labels\)$/);
    expect(result.model!.weights.round_amount).toBeGreaterThan(1);
    // Same seed, same folds and figures.
    expect(trainModel(planted(200, 5)).auc).toBe(result.auc);

    const values = { ...(Object.fromEntries(SIGNAL_KEYS.map((key) => [key, 0])) as SignalValues), round_amount: 1 };
    const scored = scoreItem(signalsOf(values), result.model);
    expect(scored.method).toBe("model");
    expect(scored.reasons[0]!.key).toBe("round_amount");
    expect(scoreWithModel(result.model!, signalsOf({ ...values, round_amount: 0 })).score).toBeLessThan(scored.score);
  });

  it("is not used when the rules rank as well", () => {
    // Exactly the duplicates are fraud: the rules already rank perfectly.
    const labelled: LabelledItem[] = Array.from({ length: 40 }, (_, i) => ({ signals: valuesWith({ duplicate: i % 4 === 0 ? 1 : 0 }), fraud: i % 4 === 0 }));
    const result = trainModel(labelled);
    expect(result.rulesAuc).toBe(1);
    expect(result.model).toBeNull();
    expect(result.reason).toMatch(/^Scoring by rules: the learned model does not rank better/);
  });

  it("is not trained with too few labels or a single class", () => {
    const few = planted(200, 5).slice(0, 29);
    expect(trainModel(few)).toMatchObject({ model: null, auc: null, folds: [] });
    expect(trainModel(few).reason).toMatch(/^Scoring by rules: 29 labels \(\d+ confirmed, \d+ dismissed\); a learned model needs 30, with at least 5 of each$/);
    const oneClass = Array.from({ length: 60 }, () => ({ signals: valuesWith({ round_amount: 1 }), fraud: false }));
    expect(trainModel(oneClass)).toMatchObject({ model: null, auc: null, rulesAuc: null });
    const fourPositives = Array.from({ length: 60 }, (_, i) => ({ signals: valuesWith({ round_amount: i < 4 ? 1 : 0 }), fraud: i < 4 }));
    expect(trainModel(fourPositives).model).toBeNull();
    expect(scoreItem(signalsOf(valuesWith({ duplicate: 1 })), null).method).toBe("rules");
  });
});

it("stratified folds keep both classes in every fold, with sizes within one", () => {
  // 9 positives and 13 negatives in 4 folds: dealing each class from fold 0 would give 7, 5, 5, 5.
  const labels = Array.from({ length: 22 }, (_, i) => i < 9);
  const folds = stratifiedFolds(labels, 4, 1);
  const sizes = [0, 1, 2, 3].map((f) => {
    const members = labels.filter((_, i) => folds[i] === f);
    expect(members.some(Boolean) && members.some((l) => !l)).toBe(true);
    return members.length;
  });
  expect(sizes.toSorted()).toEqual([5, 5, 6, 6]);
  expect(RULE_WEIGHTS.duplicate).toBe(0.9);
});
