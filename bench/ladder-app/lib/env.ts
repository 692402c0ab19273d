import type { Seeded } from "../../lib/api-bare";

/** The seeded tenant and user, handed to the ladder app by bench/api-ladder.ts at start. */
export function seeded(): Seeded {
  const tenantId = process.env.LADDER_TENANT_ID;
  const userId = process.env.LADDER_USER_ID;
  if (!tenantId || !userId) throw new Error("LADDER_TENANT_ID and LADDER_USER_ID must be set (bench/api-ladder.ts sets them)");
  return { tenantId, userId };
}
