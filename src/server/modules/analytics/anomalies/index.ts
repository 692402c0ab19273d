/** The anomaly-detection library's public surface (README.md beside this file). */
export { detectAnomalies, AnomalyInputError, DEFAULT_THRESHOLD, DEFAULT_MIN_HISTORY, type Anomaly, type AnomalyOptions, type AnomalyResult, type Components, type DailySeries } from "./detect";
