import { defineEvent } from "../../jobs/events";
import type { FraudItemKind } from "../accounting/events";

/* The analytics module's events (its part of the typed event catalog). */

/** A reviewer confirmed or dismissed a scored item: the fraud model is retrained (fraud/jobs.ts). */
export const FRAUD_LABELLED = defineEvent<{ kind: FraudItemKind; itemId: string }>("analytics/fraud.labelled");

/** One day of one series flagged by the anomaly scan (anomalies/service.ts), published once when it is first stored. */
export type AnomalyDetected = {
  anomalyId: string;
  seriesKey: string;
  /** "Revenue (EUR)", "4000 Sales (EUR)". */
  label: string;
  kind: string;
  currency: string;
  accountId: string | null;
  day: string;
  actual: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  direction: "high" | "low";
};

export const ANOMALY_DETECTED = defineEvent<AnomalyDetected>("analytics/anomaly.detected");
