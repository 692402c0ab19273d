import { z } from "zod";
import { defineJob, PermanentJobError } from "../../../jobs/define";
import { FRAUD_ITEM_KINDS, ITEM_POSTED } from "../../accounting/events";
import { FRAUD_LABELLED } from "../events";
import { retrainFraudModel } from "./review";
import { scoreFraudItems } from "./service";

const itemPayload = z.object({ kind: z.enum(FRAUD_ITEM_KINDS), id: z.uuid() });

/** Scores each new bill, payment or manual entry as the system (the poster's role does not matter). Skips on plans without fraud scores. */
export const scoreFraudItemJob = defineJob({
  id: "analytics-fraud-score",
  event: ITEM_POSTED,
  async handler({ event, withTenant, logger }) {
    const parsed = itemPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid accounting/item.posted event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const scored = await withTenant((tx) => scoreFraudItems(tx, [parsed.data]));
    logger.info("fraud item scored", { ...parsed.data, scored });
    return { scored };
  },
});

/** Retrains the tenant's model after a label changed, and rescores with whichever method wins. */
export const retrainFraudModelJob = defineJob({
  id: "analytics-fraud-retrain",
  event: FRAUD_LABELLED,
  async handler({ withTenant }) {
    const state = await withTenant((tx) => retrainFraudModel(tx));
    return { version: state.version, inUse: state.inUse, auc: state.auc, rulesAuc: state.rulesAuc };
  },
});
