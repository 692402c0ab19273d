"use client";
// Over 400 lines: the drag-and-drop wiring (sensors, collision, screen-reader announcements) and the columns it drives belong together.

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  TouchSensor,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import clsx from "clsx";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { closeDateText, dealCount, describeTotals, isOverdue } from "./deal-format";
import { MoneyTotals } from "./deal-parts";
import type { BoardCard, BoardData, BoardStage } from "./deal-types";
import { useFormat } from "@/components/format/format-provider";
import type { Formatter } from "@/lib/format";
import { ScrollRegion } from "@/components/ui/scroll-region";

/*
 * The board's columns and cards with drag and drop (@dnd-kit). Pointer: drag a card
 * onto another column. Keyboard: a focused card is picked up with Space or Enter, the
 * left and right arrows go from column to column, Space or Enter drops, Escape cancels;
 * every step is announced. Which column a keyboard drag is over is tracked here (not
 * measured), so it stays right while the board scrolls sideways.
 */

/**
 * Mouse and pen drags (a few pixels of movement start one). Touch is left to the
 * TouchSensor's long press, so a finger on a card still scrolls the board and the page.
 */
class MouseAndPenSensor extends PointerSensor {
  static activators = [
    {
      eventName: "onPointerDown" as const,
      handler: ({ nativeEvent }: React.PointerEvent) => nativeEvent.pointerType !== "touch" && nativeEvent.isPrimary && nativeEvent.button === 0,
    },
  ];
}

export type FocusRequest = { dealId: string; seq: number } | null;

const INSTRUCTIONS =
  "To move this deal to another stage, press Space or Enter to pick it up, use the left and right arrow keys to choose the stage, then press Space or Enter to drop it. Press Escape to cancel.";

function cardLabel(card: BoardCard, today: string, format: Formatter): string {
  const parts = [card.title, format.money(card.amountMinor, card.currency)];
  if (card.company?.name) parts.push(card.company.name);
  if (card.owner?.name) parts.push(`owner ${card.owner.name}`);
  const close = closeDateText(card, format, today);
  if (close) parts.push(isOverdue(card, today) ? `expected close date passed: ${close.replace("Overdue · ", "")}` : `expected close ${close}`);
  return parts.join(", ");
}

/** What a card shows (also inside the drag overlay). */
function CardBody({ card, href, today, linkable }: { card: BoardCard; href: string; today: string; linkable: boolean }) {
  const format = useFormat();
  const overdue = isOverdue(card, today);
  const close = closeDateText(card, format, today);
  return (
    <>
      {linkable ? (
        <Link href={href} draggable={false} className="block break-words text-sm font-medium text-ink hover:text-brand-700 hover:underline">
          {card.title}
        </Link>
      ) : (
        <span className="block break-words text-sm font-medium text-ink">{card.title}</span>
      )}
      {card.company?.name && <p className="mt-0.5 truncate text-xs text-ink-muted">{card.company.name}</p>}
      <p className="mt-2 text-sm font-semibold text-ink">
        {format.money(card.amountMinor, card.currency)}
        <span className="ml-1.5 text-xs font-normal text-ink-faint">{card.effectiveProbability}%</span>
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-x-2 gap-y-1 text-xs">
        <span className="min-w-0 truncate text-ink-muted">{card.owner?.name ?? "No owner"}</span>
        {close && (
          <span
            className={clsx("inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5", overdue ? "bg-danger-50 font-medium text-danger-700" : "text-ink-muted")}
          >
            {overdue && (
              <svg viewBox="0 0 24 24" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
                <circle cx="12" cy="12" r="9" />
                <path d="M12 7v5l3 2" />
              </svg>
            )}
            {close}
          </span>
        )}
      </div>
    </>
  );
}

function cardFrame(stage: BoardStage, extra?: string) {
  return clsx(
    "rounded-lg border bg-white p-3 shadow-sm",
    stage.outcome === "won" ? "border-success-700/30" : stage.outcome === "lost" ? "border-danger-600/30" : "border-gray-200",
    extra,
  );
}

function DraggableCard({
  card,
  stage,
  base,
  today,
  canMove,
  focusRequest,
}: {
  card: BoardCard;
  stage: BoardStage;
  base: string;
  today: string;
  canMove: boolean;
  focusRequest: FocusRequest;
}) {
  const format = useFormat();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: card.id,
    disabled: !canMove,
    attributes: { role: "group", roleDescription: "movable deal" },
  });
  const node = useRef<HTMLDivElement | null>(null);
  const ref = useCallback(
    (element: HTMLDivElement | null) => {
      node.current = element;
      setNodeRef(element);
      // Space or Enter on the title link opens the deal; only the card itself picks it up.
      setActivatorNodeRef(element);
    },
    [setNodeRef, setActivatorNodeRef],
  );

  useEffect(() => {
    if (focusRequest?.dealId === card.id) node.current?.focus({ preventScroll: false });
  }, [focusRequest, card.id]);

  const href = `${base}/deals/${card.id}`;
  if (!canMove) {
    return (
      <li>
        <div className={cardFrame(stage)}>
          <CardBody card={card} href={href} today={today} linkable />
        </div>
      </li>
    );
  }
  return (
    <li>
      <div
        ref={ref}
        {...attributes}
        {...listeners}
        aria-label={cardLabel(card, today, format)}
        className={clsx(
          cardFrame(stage, "cursor-grab touch-manipulation select-none hover:border-brand-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"),
          isDragging && "opacity-40",
        )}
      >
        <CardBody card={card} href={href} today={today} linkable />
      </div>
    </li>
  );
}

function Column({
  stage,
  index,
  total,
  base,
  today,
  canMove,
  dragging,
  focusRequest,
  listHref,
}: {
  stage: BoardStage;
  index: number;
  total: number;
  base: string;
  today: string;
  canMove: boolean;
  dragging: boolean;
  focusRequest: FocusRequest;
  listHref: string;
}) {
  const format = useFormat();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, disabled: !canMove });
  const headingId = `stage-${stage.id}`;
  const tone = stage.outcome === "won" ? "won" : stage.outcome === "lost" ? "lost" : "open";
  return (
    <li className="flex w-[17.5rem] shrink-0 snap-start flex-col sm:w-72">
      <section
        ref={setNodeRef}
        aria-labelledby={headingId}
        aria-describedby={`${headingId}-totals`}
        className={clsx(
          "flex min-h-[16rem] flex-1 flex-col rounded-card border p-2 transition-colors",
          tone === "won" && "border-success-700/30 bg-success-50",
          tone === "lost" && "border-danger-600/30 bg-danger-50",
          tone === "open" && "border-gray-200 bg-surface-sunken/60",
          isOver && "ring-2 ring-brand-500 ring-offset-1",
        )}
      >
        <header className="flex flex-col gap-1 px-1.5 pb-2 pt-1">
          <div className="flex items-center justify-between gap-2">
            <h2 id={headingId} className="flex min-w-0 items-center gap-1.5 text-sm font-semibold text-ink">
              {tone === "won" && <Icon name="check" className="size-4 shrink-0 text-success-700" />}
              {tone === "lost" && <Icon name="close" className="size-4 shrink-0 text-danger-700" />}
              <span className="truncate">{stage.name}</span>
              <span className="sr-only">
                {`, stage ${index + 1} of ${total}`}
                {tone !== "open" ? `, deals here are ${tone}` : ""}
              </span>
            </h2>
            <span className="shrink-0 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-ink-muted ring-1 ring-inset ring-gray-200" title={dealCount(stage.count)}>
              {stage.count}
              <span className="sr-only"> {stage.count === 1 ? "deal" : "deals"}</span>
            </span>
          </div>
          <p className="text-xs text-ink-faint">{tone === "open" ? `${stage.probability}% probability` : tone === "won" ? "Won, last 30 days" : "Lost, last 30 days"}</p>
          <div id={`${headingId}-totals`}>
            <span className="sr-only">Total {describeTotals(stage.totals, format)}.</span>
            <MoneyTotals totals={stage.totals} className="mt-0.5" />
          </div>
        </header>
        {stage.deals.length === 0 ? (
          <div
            className={clsx(
              "flex flex-1 items-center justify-center rounded-lg border border-dashed px-3 py-6 text-center text-xs",
              dragging ? "border-brand-300 text-brand-700" : "border-gray-300 text-ink-faint",
            )}
          >
            {dragging ? "Drop a deal here" : "No deals in this stage"}
          </div>
        ) : (
          <ul className="flex flex-col gap-2" aria-labelledby={headingId}>
            {stage.deals.map((card) => (
              <DraggableCard
                key={card.id}
                card={card}
                stage={stage}
                base={base}
                today={today}
                canMove={canMove}
                focusRequest={focusRequest}
              />
            ))}
          </ul>
        )}
        {stage.hasMore && (
          <p className="mt-2 px-1.5 text-xs text-ink-muted">
            Showing the {stage.deals.length} most recently moved of {stage.count}.{" "}
            <Link href={listHref} className="font-medium text-brand-700 hover:underline">
              See all in the list
            </Link>
          </p>
        )}
      </section>
    </li>
  );
}

type Props = {
  board: BoardData;
  base: string;
  today: string;
  canMove: boolean;
  focusRequest: FocusRequest;
  /** A card was dropped on another column. */
  onDrop: (card: BoardCard, from: BoardStage, to: BoardStage) => void;
  listHrefFor: (stage: BoardStage) => string;
};

export function BoardColumns({ board, base, today, canMove, focusRequest, onDrop, listHrefFor }: Props) {
  const [activeId, setActiveId] = useState<UniqueIdentifier | null>(null);
  // The column a keyboard drag is over (null for pointer drags, which are measured).
  const keyboardOver = useRef<string | null>(null);
  const stageIds = useMemo(() => board.stages.map((s) => s.id), [board.stages]);
  const latest = useRef({ board, stageIds });
  useEffect(() => {
    latest.current = { board, stageIds };
  });

  const find = useCallback((dealId: UniqueIdentifier) => {
    const stage = latest.current.board.stages.find((s) => s.deals.some((d) => d.id === dealId));
    return { stage, card: stage?.deals.find((d) => d.id === dealId) };
  }, []);

  const coordinateGetter = useCallback<KeyboardCoordinateGetter>((event, { context }) => {
    const ids = latest.current.stageIds;
    const step = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    event.preventDefault();
    if (!step) return undefined;
    const current = keyboardOver.current ?? (context.over ? String(context.over.id) : null);
    const index = current ? ids.indexOf(current) : -1;
    const next = ids[Math.min(Math.max(index + step, 0), ids.length - 1)];
    if (!next) return undefined;
    keyboardOver.current = next;
    const target = context.droppableRects.get(next);
    const dragged = context.collisionRect;
    if (!target || !dragged) return undefined;
    return { x: target.left + Math.max((target.width - dragged.width) / 2, 0), y: target.top + 96 };
  }, []);

  const collisionDetection = useCallback<CollisionDetection>((args) => {
    if (keyboardOver.current) return [{ id: keyboardOver.current }];
    const within = pointerWithin(args);
    return within.length ? within : rectIntersection(args);
  }, []);

  const sensors = useSensors(
    useSensor(MouseAndPenSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter,
      keyboardCodes: { start: ["Space", "Enter"], cancel: ["Escape", "Tab"], end: ["Space", "Enter"] },
    }),
  );

  const stageName = (id: UniqueIdentifier | undefined | null) => latest.current.board.stages.find((s) => s.id === id)?.name;
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const { card, stage } = find(active.id);
      return card && stage ? `Picked up ${card.title} in ${stage.name}. Left and right arrow keys choose the stage, Space or Enter drops, Escape cancels.` : undefined;
    },
    onDragOver: ({ active, over }) => {
      const { card } = find(active.id);
      if (!card) return undefined;
      if (!over) return `${card.title} is not over a stage.`;
      const index = latest.current.stageIds.indexOf(String(over.id));
      return `${card.title} is over ${stageName(over.id)}, stage ${index + 1} of ${latest.current.stageIds.length}.`;
    },
    onDragEnd: ({ active, over }) => {
      const { card, stage } = find(active.id);
      if (!card || !stage) return undefined;
      if (!over || over.id === stage.id) return `${card.title} stays in ${stage.name}.`;
      const target = latest.current.board.stages.find((s) => s.id === over.id);
      if (target?.outcome === "lost" && card.status !== "lost") return `Dropped ${card.title} on ${target.name}. Say why it was lost to finish the move.`;
      return `Dropped ${card.title} on ${stageName(over.id)}.`;
    },
    onDragCancel: ({ active }) => {
      const { card, stage } = find(active.id);
      return card && stage ? `Moving cancelled. ${card.title} stays in ${stage.name}.` : undefined;
    },
  };

  const onDragStart = (event: DragStartEvent) => {
    setActiveId(event.active.id);
    const keyboard = typeof KeyboardEvent !== "undefined" && event.activatorEvent instanceof KeyboardEvent;
    keyboardOver.current = keyboard ? (find(event.active.id).stage?.id ?? null) : null;
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActiveId(null);
    keyboardOver.current = null;
    const { card, stage } = find(event.active.id);
    const target = latest.current.board.stages.find((s) => s.id === event.over?.id);
    if (card && stage && target && target.id !== stage.id) onDrop(card, stage, target);
  };
  const onDragCancel = () => {
    setActiveId(null);
    keyboardOver.current = null;
  };

  const active = activeId ? find(activeId) : null;

  return (
    <DndContext
      id="deal-board"
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      {/* relative: the sr-only texts inside (absolutely positioned) must not widen the page. */}
      <ScrollRegion label={`Deal board: ${board.pipeline.name}`} className="relative -mx-4 overflow-x-auto px-4 pb-3 sm:mx-0 sm:px-0">
        <ol className="flex min-w-max snap-x snap-mandatory items-stretch gap-3 sm:snap-none" aria-label={`Stages of ${board.pipeline.name}`}>
          {board.stages.map((stage, index) => (
            <Column
              key={stage.id}
              stage={stage}
              index={index}
              total={board.stages.length}
              base={base}
              today={today}
              canMove={canMove}
              dragging={activeId !== null}
              focusRequest={focusRequest}
              listHref={listHrefFor(stage)}
            />
          ))}
        </ol>
      </ScrollRegion>
      <DragOverlay dropAnimation={null}>
        {active?.card && active.stage ? (
          <div className={cardFrame(active.stage, "w-[17rem] rotate-1 cursor-grabbing shadow-lg ring-2 ring-brand-500")}>
            <CardBody card={active.card} href={`${base}/deals/${active.card.id}`} today={today} linkable={false} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
