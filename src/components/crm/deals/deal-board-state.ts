import { weightedMinor } from "./deal-format";
import type { BoardCard, BoardData, BoardStage, MoneyTotal } from "./deal-types";

/*
 * The board as it will look once a move is saved, computed in the browser so the card
 * lands at once (the optimistic update); the server's answer replaces it right after.
 * Weighted values are rounded per deal here and per sum on the server: they can differ
 * by a minor unit until the board is fetched again.
 */

function addToTotals(totals: MoneyTotal[], card: Pick<BoardCard, "currency" | "amountMinor" | "effectiveProbability">, sign: 1 | -1): MoneyTotal[] {
  const delta = { count: sign, amountMinor: BigInt(sign) * card.amountMinor, weightedMinor: BigInt(sign) * weightedMinor(card.amountMinor, card.effectiveProbability) };
  const existing = totals.find((t) => t.currency === card.currency);
  const next = existing
    ? totals.map((t) =>
        t.currency === card.currency
          ? { ...t, count: t.count + delta.count, amountMinor: t.amountMinor + delta.amountMinor, weightedMinor: t.weightedMinor + delta.weightedMinor }
          : t,
      )
    : [...totals, { currency: card.currency, ...delta }];
  return next.filter((t) => t.count > 0).sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The sums of the open stages per currency, as the server's `openTotals`. */
export function openTotalsOf(stages: BoardStage[]): MoneyTotal[] {
  const sums = new Map<string, MoneyTotal>();
  for (const stage of stages) {
    if (stage.outcome !== "open") continue;
    for (const t of stage.totals) {
      const sum = sums.get(t.currency) ?? { currency: t.currency, count: 0, amountMinor: 0n, weightedMinor: 0n };
      sums.set(t.currency, { currency: t.currency, count: sum.count + t.count, amountMinor: sum.amountMinor + t.amountMinor, weightedMinor: sum.weightedMinor + t.weightedMinor });
    }
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The stage holding a card, or undefined. */
export function stageOfCard(board: BoardData, dealId: string): BoardStage | undefined {
  return board.stages.find((s) => s.deals.some((d) => d.id === dealId));
}

/**
 * The board with `dealId` moved to the top of `toStageId` (the server lists the most
 * recently moved first): status from the stage's outcome, probability from the stage
 * unless the deal overrides it, counts and totals of both columns adjusted.
 */
export function moveOnBoard(board: BoardData, dealId: string, toStageId: string, now = new Date()): BoardData {
  const from = stageOfCard(board, dealId);
  const to = board.stages.find((s) => s.id === toStageId);
  const card = from?.deals.find((d) => d.id === dealId);
  if (!from || !to || !card || from.id === to.id) return board;
  const status = to.outcome;
  const moved: BoardCard = {
    ...card,
    status,
    effectiveProbability: card.probability ?? to.probability,
    stageChangedAt: now,
    closedAt: status === "open" ? null : card.status === status ? card.closedAt : now,
  };
  const stages = board.stages.map((stage) => {
    if (stage.id === from.id) {
      const deals = stage.deals.filter((d) => d.id !== dealId);
      const count = Math.max(stage.count - 1, 0);
      return { ...stage, deals, count, totals: addToTotals(stage.totals, card, -1), hasMore: count > deals.length };
    }
    if (stage.id === to.id) {
      const deals = [moved, ...stage.deals];
      const count = stage.count + 1;
      return { ...stage, deals, count, totals: addToTotals(stage.totals, moved, 1), hasMore: count > deals.length };
    }
    return stage;
  });
  return { ...board, stages, openTotals: openTotalsOf(stages) };
}
