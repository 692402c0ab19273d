import type { RouterInputs, RouterOutputs } from "@/trpc/types";
import type { DealStatus } from "@/server/modules/crm/schema";

/* The deal and pipeline shapes the pages get from `crm.deals.*` and `crm.pipelines.*`. */

type CrmOutputs = RouterOutputs["crm"];
type CrmInputs = RouterInputs["crm"];

export type BoardData = CrmOutputs["deals"]["board"];
export type BoardStage = BoardData["stages"][number];
export type BoardCard = BoardStage["deals"][number];
export type MoneyTotal = BoardStage["totals"][number];
export type DealDetail = CrmOutputs["deals"]["get"];
export type DealRow = CrmOutputs["deals"]["list"]["items"][number];
export type DealListInput = CrmInputs["deals"]["list"];
export type DealFilters = NonNullable<DealListInput["filters"]>;
export type PipelineInfo = CrmOutputs["pipelines"]["list"][number];
export type StageInfo = PipelineInfo["stages"][number];
export type { DealStatus };

export const DEAL_STATUSES = ["open", "won", "lost"] as const satisfies readonly DealStatus[];

export const DEAL_STATUS_LABEL = { open: "Open", won: "Won", lost: "Lost" } satisfies Record<DealStatus, string>;

/** What a stage's outcome means for the deals moved into it. */
export const OUTCOME_LABEL = { open: "Open", won: "Won (closes the deal)", lost: "Lost (closes the deal, asks for a reason)" } satisfies Record<DealStatus, string>;

/** Badge colours: open is neutral brand, won good news, lost a warning. */
export const DEAL_STATUS_BADGE = {
  open: "bg-brand-50 text-brand-800 ring-brand-200",
  won: "bg-success-50 text-success-700 ring-success-700/30",
  lost: "bg-danger-50 text-danger-700 ring-danger-600/30",
} satisfies Record<DealStatus, string>;
