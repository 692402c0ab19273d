import type { Actor, TenantTx } from "../db/tenant";
import type { MemberRole } from "./orgs/roles";

/*
 * The home page ("what needs me today") is assembled from what modules contribute in their
 * manifests (`home` in define.ts): sections in a few generic shapes the page knows how to
 * draw, and steps of the getting-started checklist. The page never names a module; a new
 * module (inventory…) adds its part in its own folder. Links are paths under the tenant
 * (`/crm/deals/<id>`), as in the module nav. These types are what the page imports.
 */

export type HomeContext = {
  actor: Actor;
  role: MemberRole;
  /** The clock (tests fix it). */
  now: Date;
  /** The organization's zone and currency: "today" and "the organization's currency" use them. */
  timeZone: string;
  baseCurrency: string;
};

export type HomeLink = { label: string; href: string };

/** One line of a list: a task, an activity. `at` is shown as a due date, a relative time or a date. */
export type HomeItem = {
  id: string;
  title: string;
  href?: string;
  /** A second line: the record it belongs to, who did it. */
  detail?: string;
  at?: Date;
  atStyle?: "due" | "relative" | "date";
  tone?: "danger";
};

export type HomeListSection = {
  kind: "list";
  id: string;
  title: string;
  description?: string;
  /** Labelled groups ("Overdue", "Due today"); one unlabelled group for a plain list. */
  groups: { id: string; label?: string; tone?: "danger"; items: HomeItem[]; total: number }[];
  empty: string;
  more?: HomeLink;
};

export type HomeMoney = { count: number; amountMinor: bigint; weightedMinor: bigint };

/**
 * Open deals by stage with weighted values, one group per currency: amounts in different
 * currencies are never added together. The group in `baseCurrency` comes first.
 */
export type HomePipelineSection = {
  kind: "pipeline";
  id: string;
  title: string;
  description?: string;
  baseCurrency: string;
  groups: ({ currency: string; stages: ({ id: string; name: string; probability: number } & HomeMoney)[] } & HomeMoney)[];
  empty: string;
  more?: HomeLink;
};

/** A figure's value: money in one currency (integer minor units), a count, or a percent ("62.5"). */
export type HomeMetricValue = { kind: "money"; currency: string; amountMinor: bigint } | { kind: "count"; value: number } | { kind: "percent"; value: string };

/**
 * One headline figure (a card): its values (one per currency for money, never added across
 * currencies), the change against a compared period per currency, a second figure below it
 * (overdue, low stock), and the list or report behind each.
 */
export type HomeMetric = {
  id: string;
  label: string;
  values: HomeMetricValue[];
  href?: string;
  /** What the card says with no values ("No sales in this period"). */
  empty: string;
  /** Per currency: the change in percent of the compared amount ("12.5", "-3.0"; null when that was zero). */
  changes?: { currency: string; percent: string | null }[];
  /** The compared period (days "YYYY-MM-DD"), shown as "vs …". */
  comparedWith?: { from: string; to: string };
  secondary?: { label: string; values: HomeMetricValue[]; href?: string; tone?: "danger" };
};

/** Headline figures, drawn as a row of cards above the other sections. */
export type HomeMetricsSection = {
  kind: "metrics";
  id: string;
  title: string;
  description?: string;
  metrics: HomeMetric[];
  more?: HomeLink;
};

export type HomeSection = HomeListSection | HomePipelineSection | HomeMetricsSection;

export type ChecklistStep = {
  id: string;
  label: string;
  /** What to do, or why it is done. */
  description: string;
  done: boolean;
  /** Where to do it; left out when the caller's role cannot. */
  href?: string;
};

export type HomeContribution = {
  /** Its sections, in order; the page shows every module's after the previous module's. */
  sections?(tx: TenantTx, ctx: HomeContext): Promise<HomeSection[]>;
  /** Its steps of the getting-started checklist of a new organization. */
  checklist?(tx: TenantTx, ctx: HomeContext): Promise<ChecklistStep[]>;
};
