"use client";

import clsx from "clsx";
import { Icon } from "@/components/shell/icons";
import type { DealDetail, StageInfo } from "./deal-types";

/**
 * The deal's pipeline as a row of steps: passed stages filled, the current one marked
 * (aria-current="step"), won and lost stages coloured. Members click a step to move the
 * deal there; viewers see the same row without buttons.
 */
export function DealStageBar({
  deal,
  stages,
  canMove,
  pendingStageId,
  onMove,
}: {
  deal: DealDetail;
  stages: StageInfo[];
  canMove: boolean;
  /** The stage a move is being saved to. */
  pendingStageId: string | null;
  onMove: (stage: StageInfo) => void;
}) {
  const currentIndex = stages.findIndex((s) => s.id === deal.stage.id);
  return (
    <nav aria-label={`Stages of ${deal.pipeline.name}`} className="relative -mx-1 overflow-x-auto px-1 pb-1">
      <ol className="flex min-w-max gap-1">
        {stages.map((stage, index) => {
          const current = stage.id === deal.stage.id;
          const passed = currentIndex >= 0 && index < currentIndex && stage.outcome === "open";
          const pending = pendingStageId === stage.id;
          const tone = clsx(
            current && stage.outcome === "won" && "bg-success-700 text-white",
            current && stage.outcome === "lost" && "bg-danger-600 text-white",
            current && stage.outcome === "open" && "bg-brand-600 text-white",
            !current && passed && "bg-brand-100 text-brand-800",
            !current && !passed && stage.outcome === "won" && "bg-success-50 text-success-700",
            !current && !passed && stage.outcome === "lost" && "bg-danger-50 text-danger-700",
            !current && !passed && stage.outcome === "open" && "bg-surface-sunken text-ink-muted",
          );
          const label = (
            <>
              {stage.outcome === "won" && <Icon name="check" className="size-3.5 shrink-0" />}
              {stage.outcome === "lost" && <Icon name="close" className="size-3.5 shrink-0" />}
              <span className="truncate">{stage.name}</span>
              {pending && <span className="size-3 shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />}
            </>
          );
          const common = clsx(
            "flex h-9 min-w-[6.5rem] max-w-[12rem] items-center justify-center gap-1 px-3 text-xs font-medium",
            index === 0 ? "rounded-l-lg" : "",
            index === stages.length - 1 ? "rounded-r-lg" : "",
            tone,
          );
          const description = `${stage.name}${stage.outcome === "open" ? `, ${stage.probability}%` : `, ${stage.outcome}`}`;
          return (
            <li key={stage.id} className="flex">
              {canMove && !current ? (
                <button
                  type="button"
                  onClick={() => onMove(stage)}
                  disabled={pendingStageId !== null}
                  className={clsx(common, "hover:ring-2 hover:ring-inset hover:ring-brand-400 disabled:cursor-wait")}
                  title={`Move to ${description}`}
                  aria-label={`Move to ${description}`}
                >
                  {label}
                </button>
              ) : (
                <span className={common} aria-current={current ? "step" : undefined} title={description}>
                  {label}
                  {current && <span className="sr-only"> (current stage)</span>}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
