"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ModalForm } from "@/components/ui/modal";
import { SelectField, TextField } from "@/components/ui/field";
import type { PipelineInfo, StageInfo } from "../deals/deal-types";

/* The pipeline settings' dialogs: create a pipeline, archive one, remove a stage. */

type ShellProps = {
  open: boolean;
  title: string;
  submitLabel: string;
  tone?: "primary" | "danger";
  pending: boolean;
  /** The server's refusal, shown above the buttons. */
  error?: string | null;
  submitDisabled?: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: React.ReactNode;
};

/** The pipeline dialogs' frame: the app's modal form, wider, its body in muted text. */
function DialogShell({ children, ...props }: ShellProps) {
  return (
    <ModalForm {...props} size="lg">
      <div className="flex flex-col gap-4 text-sm text-ink-muted">{children}</div>
    </ModalForm>
  );
}

export type StageTemplate = { name: string; probability: number; outcome: "open" | "won" | "lost" }[];

const TEMPLATES: { key: string; label: string; description: string; stages: StageTemplate }[] = [
  {
    key: "standard",
    label: "Standard sales stages",
    description: "Lead in, Qualified, Proposal sent, Negotiation, Won, Lost",
    stages: [
      { name: "Lead in", probability: 10, outcome: "open" },
      { name: "Qualified", probability: 25, outcome: "open" },
      { name: "Proposal sent", probability: 50, outcome: "open" },
      { name: "Negotiation", probability: 75, outcome: "open" },
      { name: "Won", probability: 100, outcome: "won" },
      { name: "Lost", probability: 0, outcome: "lost" },
    ],
  },
  {
    key: "simple",
    label: "Simple",
    description: "In progress, Won, Lost",
    stages: [
      { name: "In progress", probability: 50, outcome: "open" },
      { name: "Won", probability: 100, outcome: "won" },
      { name: "Lost", probability: 0, outcome: "lost" },
    ],
  },
];

export function CreatePipelineDialog({
  open,
  pending,
  error,
  nameError,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  pending: boolean;
  error: string | null;
  nameError?: string;
  onSubmit: (name: string, stages: StageTemplate) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState("");
  const [template, setTemplate] = useState("standard");
  const [localError, setLocalError] = useState<string | undefined>();
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setName("");
      setTemplate("standard");
      setLocalError(undefined);
    }
  }
  return (
    <DialogShell
      open={open}
      title="New pipeline"
      submitLabel="Create pipeline"
      pending={pending}
      error={error}
      onCancel={onCancel}
      onSubmit={() => {
        const trimmed = name.trim();
        if (!trimmed) return setLocalError("Give the pipeline a name.");
        if (trimmed.length > 80) return setLocalError("A pipeline name can be at most 80 characters.");
        setLocalError(undefined);
        onSubmit(trimmed, TEMPLATES.find((t) => t.key === template)!.stages);
      }}
    >
      <p>A separate sales process with its own stages, e.g. for renewals or partnerships. You can change the stages afterwards.</p>
      <TextField label="Name" value={name} autoFocus maxLength={100} error={localError ?? nameError} disabled={pending} onChange={(e) => setName(e.target.value)} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-ink">Start with</legend>
        {TEMPLATES.map((t) => (
          <label key={t.key} className="flex items-start gap-2 text-sm">
            <input type="radio" name="pipeline-template" className="mt-0.5 size-4" checked={template === t.key} disabled={pending} onChange={() => setTemplate(t.key)} />
            <span>
              <span className="font-medium text-ink">{t.label}</span>
              <span className="block text-xs text-ink-faint">{t.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </DialogShell>
  );
}

/** Deals in a pipeline's open stages (the ones archiving has to move). */
export function openDealCount(pipeline: PipelineInfo): number {
  return pipeline.stages.filter((s) => s.outcome === "open").reduce((n, s) => n + (s.dealCount ?? 0), 0);
}

export function ArchivePipelineDialog({
  pipeline,
  others,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  pipeline: PipelineInfo | null;
  /** Active pipelines other than this one (targets for its open deals). */
  others: PipelineInfo[];
  pending: boolean;
  error: string | null;
  onSubmit: (moveOpenDealsToStageId: string | undefined) => void;
  onCancel: () => void;
}) {
  const [target, setTarget] = useState("");
  const [shownFor, setShownFor] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | undefined>();
  if ((pipeline?.id ?? null) !== shownFor) {
    setShownFor(pipeline?.id ?? null);
    setTarget("");
    setLocalError(undefined);
  }
  const open = pipeline ? openDealCount(pipeline) : 0;
  const targets = others.map((p) => ({ pipeline: p, stages: p.stages.filter((s) => s.outcome === "open") })).filter((t) => t.stages.length);
  return (
    <DialogShell
      open={pipeline !== null}
      title={`Archive “${pipeline?.name ?? ""}”?`}
      submitLabel="Archive pipeline"
      tone="danger"
      pending={pending}
      error={error}
      submitDisabled={open > 0 && targets.length === 0}
      onCancel={onCancel}
      onSubmit={() => {
        if (open > 0 && !target) return setLocalError("Choose where its open deals go.");
        setLocalError(undefined);
        onSubmit(target || undefined);
      }}
    >
      <p>An archived pipeline leaves the board, the pipeline picker and the deal form. It cannot be changed or restored afterwards.</p>
      <ul className="list-disc pl-5">
        <li>
          <strong className="font-medium text-ink">Open deals</strong> move to the stage you choose in another pipeline (each move is recorded on the deal).
        </li>
        <li>
          <strong className="font-medium text-ink">Won and lost deals</strong> stay where they are: lists, exports and reports keep them.
        </li>
      </ul>
      {open > 0 ? (
        targets.length ? (
          <SelectField
            label={`Move its ${open} open ${open === 1 ? "deal" : "deals"} to`}
            value={target}
            error={localError}
            disabled={pending}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">Choose a stage…</option>
            {targets.map((t) => (
              <optgroup key={t.pipeline.id} label={t.pipeline.name}>
                {t.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
        ) : (
          <Alert>This pipeline has open deals and no other active pipeline can take them. Create another pipeline first.</Alert>
        )
      ) : (
        <p>It has no open deals.</p>
      )}
    </DialogShell>
  );
}

export function RemoveStageDialog({
  stage,
  stages,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  stage: StageInfo | null;
  /** The pipeline's stages (the stage itself included). */
  stages: StageInfo[];
  pending: boolean;
  error: string | null;
  onSubmit: (moveDealsToStageId: string | undefined) => void;
  onCancel: () => void;
}) {
  const [target, setTarget] = useState("");
  const [shownFor, setShownFor] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | undefined>();
  if ((stage?.id ?? null) !== shownFor) {
    setShownFor(stage?.id ?? null);
    // The nearest stage of the same outcome is the likely choice.
    setTarget(stage ? (stages.find((s) => s.id !== stage.id && s.outcome === stage.outcome)?.id ?? "") : "");
    setLocalError(undefined);
  }
  const count = stage?.dealCount ?? 0;
  const targets = stage ? stages.filter((s) => s.id !== stage.id && s.outcome === stage.outcome) : [];
  return (
    <DialogShell
      open={stage !== null}
      title={`Remove the stage “${stage?.name ?? ""}”?`}
      submitLabel={count > 0 ? "Move deals and remove" : "Remove stage"}
      tone="danger"
      pending={pending}
      error={error}
      submitDisabled={count > 0 && targets.length === 0}
      onCancel={onCancel}
      onSubmit={() => {
        if (count > 0 && !target) return setLocalError("Choose where its deals go.");
        onSubmit(count > 0 ? target : undefined);
      }}
    >
      {count === 0 ? (
        <p>No deals are in this stage. It is removed from the pipeline and the board.</p>
      ) : targets.length ? (
        <>
          <p>
            {count} {count === 1 ? "deal is" : "deals are"} in this stage. {count === 1 ? "It moves" : "They move"} to the stage you choose
            {stage?.outcome !== "open" ? `, which is also ${stage?.outcome}, so no deal changes its status` : ""}; each move is recorded on the deal.
          </p>
          <SelectField label="Move the deals to" value={target} error={localError} disabled={pending} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        </>
      ) : (
        <Alert>
          {count} {count === 1 ? "deal is" : "deals are"} in this stage and no other {stage?.outcome} stage can take them. Add another {stage?.outcome} stage first, or move the deals on
          the board.
        </Alert>
      )}
    </DialogShell>
  );
}
