import type { TenantTx } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { EMAIL_SEND_EVENT, emailPayload, type EmailPayload } from "./jobs";

/**
 * Queues an email in the caller's tenant transaction: it is sent if and only if the
 * transaction commits. `idempotencyKey` makes a repeated call queue it once.
 */
export async function queueEmail(tx: TenantTx, message: EmailPayload, idempotencyKey?: string) {
  const data = emailPayload.parse(message);
  return publishEvent(tx, { event: EMAIL_SEND_EVENT, data, idempotencyKey });
}
