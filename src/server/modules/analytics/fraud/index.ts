/** Fraud scores' public surface (README.md beside this file). */
export { auc } from "./auc";
export { benfordConformity, leadingDigitCounts, NIGRINI_FIRST_DIGIT, type BenfordConformity } from "./benford";
export { RULE_WEIGHTS, DEFAULT_TRAIN_OPTIONS, scoreItem, scoreWithModel, scoreWithRules, trainModel, type FraudModel, type FoldResult, type FraudScore, type LabelledItem, type TrainOptions, type TrainResult } from "./score";
export {
  buildHistory,
  computeSignals,
  counterpartyKey,
  DEFAULT_SIGNAL_OPTIONS,
  SIGNAL_KEYS,
  signalValues,
  type History,
  type ItemKind,
  type ScoredItem,
  type Signal,
  type SignalKey,
  type SignalOptions,
  type SignalValues,
} from "./signals";
