"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

/* The analytics' tabs. The fraud review is for admins only (the layout leaves it out for the others). */
const TABS = [
  { key: "dashboard", label: "Dashboard", href: "" },
  { key: "forecasts", label: "Forecasts", href: "/forecasts" },
  { key: "anomalies", label: "Anomalies", href: "/anomalies" },
] as const satisfies readonly SectionTab[];

const FRAUD_TAB: SectionTab = { key: "fraud", label: "Fraud review", href: "/fraud" };

export function AnalyticsNav({ base, showFraudReview }: { base: string; showFraudReview: boolean }) {
  return <SectionTabs base={base} label="Analytics sections" tabs={showFraudReview ? [...TABS, FRAUD_TAB] : TABS} />;
}
