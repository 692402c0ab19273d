import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { runJobOn, tenantEvents } from "../../jobs/testing";
import { crmTeam } from "../../../test/crm/team";
import { ANOMALY_DETECTED, type AnomalyDetected } from "../analytics/events";
import { memberGateForJobs } from "../orgs/service";
import { notifyAnomalyDetectedJob } from "./jobs";
import { notifications } from "./schema";
import { notificationPath } from "./validation";

const notificationsOf = (tenantId: string, userId: string) => withTenant({ tenantId }, (tx) => tx.select().from(notifications).where(eq(notifications.userId, userId)));

describe("anomaly detected", () => {
  it("tells the admins and owners once per series and day, linking to the anomalies page", async () => {
    const { org, owner, people } = await crmTeam("admin", "member");
    const [admin, member] = people as [(typeof people)[number], (typeof people)[number]];
    const data: AnomalyDetected = { anomalyId: crypto.randomUUID(), seriesKey: "revenue:EUR", label: "Revenue (EUR)", kind: "revenue", currency: "EUR", accountId: null, day: "2026-03-09", actual: 500000, expected: 120000, lower: 80000, upper: 160000, score: 9.4, direction: "high" };
    await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ANOMALY_DETECTED, data, idempotencyKey: "anomaly:revenue:EUR:2026-03-09" }));
    const [event] = await tenantEvents(org.id, ANOMALY_DETECTED);
    await runJobOn(notifyAnomalyDetectedJob, org.id, event!, memberGateForJobs, 1);
    await runJobOn(notifyAnomalyDetectedJob, org.id, event!, memberGateForJobs, 2); // a retry writes nothing twice

    for (const who of [owner, admin]) {
      expect(await notificationsOf(org.id, who.id)).toEqual([
        expect.objectContaining({
          kind: "anomaly_detected",
          title: "Revenue (EUR) was unusually high on 2026-03-09",
          body: "500,000 against an expected 120,000 (usual range 80,000 to 160,000, in minor units)",
          entityType: "analytics.anomalies",
          entityId: null,
        }),
      ]);
    }
    expect(await notificationsOf(org.id, member.id)).toEqual([]);
    expect(notificationPath(org.slug, "analytics.anomalies", null)).toBe(`/t/${org.slug}/analytics/anomalies`);
  });
});
