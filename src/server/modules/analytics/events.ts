import { defineEvent } from "../../jobs/events";
import type { FraudItemKind } from "../accounting/events";

/* The analytics module's events. */

/** A reviewer confirmed or dismissed a scored item: the fraud model is retrained (fraud/jobs.ts). */
export const FRAUD_LABELLED = defineEvent<{ kind: FraudItemKind; itemId: string }>("analytics/fraud.labelled");
