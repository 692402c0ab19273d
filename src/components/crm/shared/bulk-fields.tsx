"use client";

import { useQuery } from "@tanstack/react-query";
import { SelectField, TextField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/client";
import { LIFECYCLE_LABEL, LIFECYCLE_STAGES } from "./labels";
import { TagInput } from "./tag-input";
import type { Member } from "./types";
import type { LifecycleStage } from "@/server/modules/crm/schema";

/* The fields of each CRM bulk action's dialog, and what each action is called. */

export type BulkActionType = "assignOwner" | "setLifecycle" | "setStage" | "addTags" | "removeTags" | "delete";

export const BULK_ACTION_LABEL: Record<BulkActionType, { button: string; title: string; submit: string; verb: string }> = {
  assignOwner: { button: "Assign owner", title: "Assign an owner", submit: "Assign", verb: "updated" },
  setLifecycle: { button: "Change lifecycle", title: "Change the lifecycle stage", submit: "Change", verb: "updated" },
  setStage: { button: "Change stage", title: "Move to a stage", submit: "Move", verb: "updated" },
  addTags: { button: "Add tags", title: "Add tags", submit: "Add tags", verb: "updated" },
  removeTags: { button: "Remove tags", title: "Remove tags", submit: "Remove tags", verb: "updated" },
  delete: { button: "Delete", title: "Delete", submit: "Delete", verb: "deleted" },
};

/** What the dialog's fields hold (one shape for every action; each reads its own). */
export type BulkDraft = { ownerId: string; lifecycleStage: LifecycleStage; stageId: string; lostReason: string; tags: string[] };
export const EMPTY_DRAFT: BulkDraft = { ownerId: "", lifecycleStage: "lead", stageId: "", lostReason: "", tags: [] };
const NO_OWNER = "none";

/** The action for the server from the draft, or the message of a field still to fill. */
export function actionOf(type: BulkActionType, draft: BulkDraft, stageOutcome: string | null) {
  switch (type) {
    case "assignOwner":
      return draft.ownerId ? { type, ownerId: draft.ownerId === NO_OWNER ? null : draft.ownerId } : "Choose a member, or no owner.";
    case "setLifecycle":
      return { type, lifecycleStage: draft.lifecycleStage };
    case "setStage":
      if (!draft.stageId) return "Choose a stage.";
      if (stageOutcome === "lost" && !draft.lostReason.trim()) return "Say why these deals were lost.";
      return { type, stageId: draft.stageId, ...(stageOutcome === "lost" ? { lostReason: draft.lostReason.trim() } : {}) };
    case "addTags":
    case "removeTags":
      return draft.tags.length ? { type, tags: draft.tags } : "Enter at least one tag (press Enter after each).";
    case "delete":
      return { type };
  }
}

export function usePipelineStages(enabled: boolean) {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.crm.pipelines.list.queryOptions({}, { staleTime: 60_000, enabled }));
  return pipelines.data ?? [];
}

export function BulkFields({
  type,
  draft,
  onChange,
  members,
  pipelines,
  stageOutcome,
  disabled,
}: {
  type: BulkActionType;
  draft: BulkDraft;
  onChange: (draft: BulkDraft) => void;
  members: Member[];
  pipelines: ReturnType<typeof usePipelineStages>;
  stageOutcome: string | null;
  disabled: boolean;
}) {
  if (type === "assignOwner") {
    return (
      <SelectField label="New owner" value={draft.ownerId} disabled={disabled} onChange={(e) => onChange({ ...draft, ownerId: e.target.value })} autoFocus>
        <option value="">Choose a member…</option>
        {members.map((m) => (
          <option key={m.userId} value={m.userId}>
            {m.name}
          </option>
        ))}
        <option value={NO_OWNER}>No owner</option>
      </SelectField>
    );
  }
  if (type === "setLifecycle") {
    return (
      <SelectField label="Lifecycle stage" value={draft.lifecycleStage} disabled={disabled} onChange={(e) => onChange({ ...draft, lifecycleStage: e.target.value as LifecycleStage })} autoFocus>
        {LIFECYCLE_STAGES.map((stage) => (
          <option key={stage} value={stage}>
            {LIFECYCLE_LABEL[stage]}
          </option>
        ))}
      </SelectField>
    );
  }
  if (type === "setStage") {
    return (
      <>
        <SelectField label="Stage" value={draft.stageId} disabled={disabled} onChange={(e) => onChange({ ...draft, stageId: e.target.value })} autoFocus>
          <option value="">Choose a stage…</option>
          {pipelines.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {p.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        {stageOutcome === "lost" && <TextField label="Why were they lost?" value={draft.lostReason} maxLength={500} disabled={disabled} onChange={(e) => onChange({ ...draft, lostReason: e.target.value })} />}
      </>
    );
  }
  if (type === "addTags" || type === "removeTags") {
    return <TagInput label={type === "addTags" ? "Tags to add" : "Tags to remove"} value={draft.tags} onChange={(tags) => onChange({ ...draft, tags })} disabled={disabled} hint="Press Enter after each tag." />;
  }
  return null;
}
