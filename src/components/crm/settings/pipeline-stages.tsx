"use client";
// Over 400 lines: a stage row, the add form and the list that moves focus between rows are one keyboard-reordering unit.

import { useMutation } from "@tanstack/react-query";
import clsx from "clsx";
import { useEffect, useId, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DEAL_STATUSES, OUTCOME_LABEL, type DealStatus, type PipelineInfo, type StageInfo } from "../deals/deal-types";
import { RemoveStageDialog } from "./pipeline-dialogs";
import { borderFor, checkStage, invalidProps, serverStageError, type StageError } from "./stage-form";

/*
 * A pipeline's stages: rename, probability and outcome per row (saved per row), order
 * with Move up / Move down (focus stays on the moved stage, the new place is announced),
 * remove (its deals can move to another stage of the same outcome), and add.
 */

const INPUT = "w-full min-w-0 rounded-lg border bg-white px-3 py-2 text-sm text-ink shadow-sm disabled:bg-surface-muted";
const DEFAULT_PROBABILITY: Record<DealStatus, number> = { open: 50, won: 100, lost: 0 };
const OUTCOME_SHORT: Record<DealStatus, string> = { open: "Open", won: "Won", lost: "Lost" };

function Labelled({ label, id, error, className, children }: { label: string; id: string; error?: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-ink-muted">
        {label}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger-700">
          {error}
        </p>
      )}
    </div>
  );
}

type RowProps = {
  stage: StageInfo;
  index: number;
  count: number;
  readOnly: boolean;
  reordering: boolean;
  onMove: (index: number, step: -1 | 1) => void;
  onRemove: (stage: StageInfo) => void;
  onSaved: (message: string) => Promise<void>;
  registerButtons: (id: string, buttons: { up: HTMLButtonElement | null; down: HTMLButtonElement | null }) => void;
};

function StageRow({ stage, index, count, readOnly, reordering, onMove, onRemove, onSaved, registerButtons }: RowProps) {
  const trpc = useTRPC();
  const id = useId();
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState(String(stage.probability));
  const [outcome, setOutcome] = useState<DealStatus>(stage.outcome);
  const [localError, setLocalError] = useState<StageError | undefined>();
  const save = useMutation(trpc.crm.pipelines.updateStage.mutationOptions());
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    registerButtons(stage.id, { up: up.current, down: down.current });
  });

  // The stage changed on the server (saved here or elsewhere): show it. Unchanged stages keep unsaved edits.
  const serverValue = `${stage.name}\u0000${stage.probability}\u0000${stage.outcome}`;
  const [shown, setShown] = useState(serverValue);
  if (shown !== serverValue) {
    setShown(serverValue);
    setName(stage.name);
    setProbability(String(stage.probability));
    setOutcome(stage.outcome);
  }

  const dirty = name.trim() !== stage.name || probability.trim() !== String(stage.probability) || outcome !== stage.outcome;
  const submit = async () => {
    const checked = checkStage(name, probability);
    if (!checked.ok) return setLocalError(checked.error);
    const p = checked.probability;
    setLocalError(undefined);
    try {
      await save.mutateAsync({ id: stage.id, name: name.trim(), probability: p ?? DEFAULT_PROBABILITY[outcome], outcome });
      await onSaved(`Saved the stage “${name.trim()}”.`);
    } catch {
      // The error is shown next to the fields (save.error).
    }
  };
  const error = localError ?? serverStageError(save.error);
  const errorId = `${id}-error`;

  return (
    <li className="flex flex-col gap-2 rounded-lg border border-gray-200 bg-white p-3">
      <form
        className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[2rem_minmax(0,1fr)_6rem_9rem_auto]"
        aria-label={`Stage ${index + 1}: ${stage.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <span className="hidden self-center text-sm font-medium text-ink-faint sm:block" aria-hidden>
          {index + 1}.
        </span>
        <Labelled label="Name" id={`${id}-name`} className="col-span-2 sm:col-span-1">
          <input
            id={`${id}-name`}
            value={name}
            maxLength={80}
            disabled={readOnly || save.isPending}
            {...invalidProps(error, "name", errorId)}
            onChange={(e) => setName(e.target.value)}
            className={clsx(INPUT, borderFor(error, "name"))}
          />
        </Labelled>
        <Labelled label="Probability %" id={`${id}-probability`}>
          <input
            id={`${id}-probability`}
            value={probability}
            inputMode="numeric"
            maxLength={3}
            disabled={readOnly || save.isPending}
            {...invalidProps(error, "probability", errorId)}
            onChange={(e) => setProbability(e.target.value)}
            className={clsx(INPUT, borderFor(error, "probability"))}
          />
        </Labelled>
        <Labelled label="Outcome" id={`${id}-outcome`}>
          <select
            id={`${id}-outcome`}
            value={outcome}
            disabled={readOnly || save.isPending}
            onChange={(e) => {
              const next = e.target.value as DealStatus;
              setOutcome(next);
              // Won counts fully and lost not at all unless the admin says otherwise.
              if (probability === String(DEFAULT_PROBABILITY[outcome]) || next !== "open") setProbability(String(DEFAULT_PROBABILITY[next]));
            }}
            {...invalidProps(error, "outcome", errorId)}
            className={clsx(INPUT, borderFor(error, "outcome"))}
            title={OUTCOME_LABEL[outcome]}
          >
            {DEAL_STATUSES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_SHORT[o]}
              </option>
            ))}
          </select>
        </Labelled>
        {!readOnly && (
          <div className="col-span-2 flex flex-wrap items-center gap-1 sm:col-span-1">
            <Button type="submit" variant={dirty ? "primary" : "secondary"} className="px-3" disabled={!dirty} pending={save.isPending}>
              Save
            </Button>
            <button
              ref={up}
              type="button"
              // Not disabled while a reorder saves: a disabled button would drop the keyboard focus.
              onClick={() => !reordering && onMove(index, -1)}
              disabled={index === 0}
              className="rounded-lg p-2 text-ink-muted hover:bg-surface-sunken hover:text-ink disabled:opacity-40"
              aria-label={`Move “${stage.name}” up`}
            >
              <Icon name="chevron" className="size-4 rotate-180" />
            </button>
            <button
              ref={down}
              type="button"
              onClick={() => !reordering && onMove(index, 1)}
              disabled={index === count - 1}
              className="rounded-lg p-2 text-ink-muted hover:bg-surface-sunken hover:text-ink disabled:opacity-40"
              aria-label={`Move “${stage.name}” down`}
            >
              <Icon name="chevron" className="size-4" />
            </button>
            <button
              type="button"
              onClick={() => onRemove(stage)}
              className="rounded-lg p-2 text-ink-muted hover:bg-danger-50 hover:text-danger-700"
              aria-label={`Remove “${stage.name}”`}
            >
              <Icon name="close" className="size-4" />
            </button>
          </div>
        )}
      </form>
      <p className="text-xs text-ink-faint">
        {stage.dealCount === undefined ? null : `${stage.dealCount} ${stage.dealCount === 1 ? "deal" : "deals"} · `}
        {OUTCOME_LABEL[outcome]}
      </p>
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger-700">
          {error.message}
        </p>
      )}
    </li>
  );
}

function AddStageForm({ pipelineId, onAdded }: { pipelineId: string; onAdded: (message: string) => Promise<void> }) {
  const trpc = useTRPC();
  const id = useId();
  const add = useMutation(trpc.crm.pipelines.addStage.mutationOptions());
  const [name, setName] = useState("");
  const [probability, setProbability] = useState("");
  const [outcome, setOutcome] = useState<DealStatus>("open");
  const [localError, setLocalError] = useState<StageError | undefined>();
  const nameRef = useRef<HTMLInputElement>(null);
  const error = localError ?? serverStageError(add.error);
  const errorId = `${id}-error`;
  const submit = async () => {
    const checked = checkStage(name, probability);
    if (!checked.ok) return setLocalError(checked.error);
    const p = checked.probability;
    setLocalError(undefined);
    try {
      await add.mutateAsync({ pipelineId, name: name.trim(), outcome, ...(p === null ? {} : { probability: p }) });
      await onAdded(`Added the stage “${name.trim()}”.`);
      setName("");
      setProbability("");
      setOutcome("open");
      nameRef.current?.focus();
    } catch {
      // Shown under the form (add.error).
    }
  };
  return (
    <form
      className="flex flex-col gap-2 rounded-lg border border-dashed border-gray-300 p-3"
      aria-label="Add a stage"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[minmax(0,1fr)_6rem_9rem_auto]">
        <Labelled label="New stage name" id={`${id}-name`} className="col-span-2 sm:col-span-1">
          <input
            ref={nameRef}
            id={`${id}-name`}
            value={name}
            maxLength={80}
            placeholder="e.g. Demo scheduled"
            disabled={add.isPending}
            {...invalidProps(error, "name", errorId)}
            onChange={(e) => setName(e.target.value)}
            className={clsx(INPUT, borderFor(error, "name"), "placeholder:text-ink-faint")}
          />
        </Labelled>
        <Labelled label="Probability %" id={`${id}-probability`}>
          <input
            id={`${id}-probability`}
            value={probability}
            inputMode="numeric"
            maxLength={3}
            placeholder={String(DEFAULT_PROBABILITY[outcome])}
            disabled={add.isPending}
            {...invalidProps(error, "probability", errorId)}
            onChange={(e) => setProbability(e.target.value)}
            className={clsx(INPUT, borderFor(error, "probability"), "placeholder:text-ink-faint")}
          />
        </Labelled>
        <Labelled label="Outcome" id={`${id}-outcome`}>
          <select id={`${id}-outcome`} value={outcome} disabled={add.isPending} onChange={(e) => setOutcome(e.target.value as DealStatus)} className={clsx(INPUT, "border-gray-300 focus:border-brand-500")}>
            {DEAL_STATUSES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_SHORT[o]}
              </option>
            ))}
          </select>
        </Labelled>
        <Button type="submit" variant="secondary" className="col-span-2 sm:col-span-1" pending={add.isPending}>
          <Icon name="plus" className="size-4" />
          Add stage
        </Button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger-700">
          {error.message}
        </p>
      )}
    </form>
  );
}

export function PipelineStages({ pipeline, readOnly, onChanged }: { pipeline: PipelineInfo; readOnly: boolean; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const reorder = useMutation(trpc.crm.pipelines.reorderStages.mutationOptions());
  const remove = useMutation(trpc.crm.pipelines.removeStage.mutationOptions());
  const [order, setOrder] = useState<string[] | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<StageInfo | null>(null);
  const buttons = useRef(new Map<string, { up: HTMLButtonElement | null; down: HTMLButtonElement | null }>());
  const focusAfter = useRef<{ id: string; step: -1 | 1 } | null>(null);

  // The server's order wins once it arrives (a local order only bridges the save).
  const serverOrder = pipeline.stages.map((s) => s.id).join(",");
  const [shownOrder, setShownOrder] = useState(serverOrder);
  if (serverOrder !== shownOrder) {
    setShownOrder(serverOrder);
    setOrder(null);
  }
  const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
  const stages = (order ?? pipeline.stages.map((s) => s.id)).map((id) => byId.get(id)).filter((s): s is StageInfo => s !== undefined);

  useEffect(() => {
    const request = focusAfter.current;
    if (!request) return;
    focusAfter.current = null;
    const b = buttons.current.get(request.id);
    // At the top or bottom the pressed button is disabled: focus its partner.
    const preferred = request.step === -1 ? b?.up : b?.down;
    (preferred && !preferred.disabled ? preferred : request.step === -1 ? b?.down : b?.up)?.focus();
  });

  const done = async (message: string) => {
    setProblem(null);
    setAnnouncement(message);
    await onChanged();
  };

  const move = async (index: number, step: -1 | 1) => {
    const ids = stages.map((s) => s.id);
    const target = index + step;
    if (target < 0 || target >= ids.length) return;
    const previous = ids;
    const next = [...ids];
    [next[index], next[target]] = [next[target]!, next[index]!];
    const stage = stages[index]!;
    focusAfter.current = { id: stage.id, step };
    setOrder(next);
    setProblem(null);
    setAnnouncement(`“${stage.name}” moved to position ${target + 1} of ${ids.length}.`);
    try {
      await reorder.mutateAsync({ pipelineId: pipeline.id, stageIds: next });
      await onChanged();
    } catch (error) {
      setOrder(previous);
      const text = `Could not reorder the stages: ${readServerError(error).message}`;
      setProblem(text);
      setAnnouncement(text);
    }
  };

  const confirmRemove = async (moveDealsToStageId: string | undefined) => {
    if (!removing) return;
    try {
      const result = await remove.mutateAsync({ id: removing.id, ...(moveDealsToStageId ? { moveDealsToStageId } : {}) });
      const target = pipeline.stages.find((s) => s.id === moveDealsToStageId);
      setRemoving(null);
      await done(
        result.movedDeals > 0 && target
          ? `Removed “${removing.name}” and moved ${result.movedDeals} ${result.movedDeals === 1 ? "deal" : "deals"} to “${target.name}”.`
          : `Removed “${removing.name}”.`,
      );
    } catch {
      // Shown in the dialog (remove.error).
    }
  };

  return (
    <div className="flex flex-col gap-3">
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {problem && <Alert>{problem}</Alert>}
      <ol className="flex flex-col gap-2" aria-label={`Stages of ${pipeline.name}, in order`}>
        {stages.map((stage, index) => (
          <StageRow
            key={stage.id}
            stage={stage}
            index={index}
            count={stages.length}
            readOnly={readOnly}
            reordering={reorder.isPending}
            onMove={(i, step) => void move(i, step)}
            onRemove={(s) => {
              remove.reset();
              setRemoving(s);
            }}
            onSaved={done}
            registerButtons={(id, b) => {
              buttons.current.set(id, b);
            }}
          />
        ))}
      </ol>
      {!readOnly && <AddStageForm pipelineId={pipeline.id} onAdded={done} />}
      <RemoveStageDialog
        stage={removing}
        stages={pipeline.stages}
        pending={remove.isPending}
        error={remove.error ? readServerError(remove.error).message : null}
        onSubmit={(target) => void confirmRemove(target)}
        onCancel={() => setRemoving(null)}
      />
    </div>
  );
}
