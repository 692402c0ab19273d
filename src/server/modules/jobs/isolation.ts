import { eq } from "drizzle-orm";
import { withTenant } from "../../db/tenant";
import { defineEvent } from "../../jobs/events";
import { publishEvent } from "../../jobs/publish";
import { outboxEvents } from "../../jobs/schema";
import { defineIsolation } from "../../../test/isolation";

/** Settings → Jobs (test support for the isolation table). */
export const jobsIsolation = defineIsolation({
  module: "jobs",
  async buildFixture({ tenantId, owner, name }) {
    // A dead event, retryable from the Jobs page.
    const deadEventId = await withTenant({ tenantId, userId: owner.id }, async (tx) => {
      const { id } = await publishEvent(tx, { event: defineEvent<{ secret: string }>("fixture/failed"), data: { secret: name } });
      await tx.update(outboxEvents).set({ status: "dead", attempts: 5, lastError: "fixture" }).where(eq(outboxEvents.id, id));
      return id;
    });
    return { deadEventId };
  },
  cases: {
    "jobs.list": { minimumRole: "admin", call: (api) => api.jobs.list({}) },
    "jobs.counts": { minimumRole: "admin", call: (api) => api.jobs.counts() },
    "jobs.retry": { minimumRole: "admin", call: (api, ids) => api.jobs.retry({ id: ids.deadEventId }) },
    "jobs.sendTestEvent": { minimumRole: "admin", call: (api) => api.jobs.sendTestEvent() },
  },
});
