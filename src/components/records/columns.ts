/*
 * Which columns a record list shows, and in which order: pure functions over column keys.
 * A choice is the list of keys shown, in order (what a saved view stores), or null for the
 * list's default (every column). Fixed columns (the record's name, the row header) are
 * always shown, first, and never move.
 */

export type ColumnMeta = { key: string; label: string; fixed?: boolean };

/** A choice of columns: the keys shown in order, or null for the default (all of them). */
export type ColumnChoice = readonly string[] | null;

/** The keys shown, in order: the fixed columns, then the chosen ones that exist (each once); every column when nothing was chosen. */
export function shownColumns(all: readonly ColumnMeta[], choice: ColumnChoice | undefined): string[] {
  if (!choice) return all.map((c) => c.key);
  const fixed = all.filter((c) => c.fixed).map((c) => c.key);
  const movable = new Set(all.filter((c) => !c.fixed).map((c) => c.key));
  return [...fixed, ...new Set(choice.filter((key) => movable.has(key)))];
}

/** The columns to render, in the order shown. */
export function orderColumns<C extends { key: string }>(columns: readonly C[], shown: readonly string[]): C[] {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  return shown.flatMap((key) => byKey.get(key) ?? []);
}

export type ChooserRow = { column: ColumnMeta; shown: boolean; canMoveUp: boolean; canMoveDown: boolean };

/** Every column for the chooser: the shown ones in their order, then the hidden ones in the list's order. */
export function chooserRows(all: readonly ColumnMeta[], choice: ColumnChoice): ChooserRow[] {
  const shown = shownColumns(all, choice);
  const byKey = new Map(all.map((c) => [c.key, c]));
  const movable = shown.filter((key) => !byKey.get(key)!.fixed);
  return [
    ...shown.map((key) => {
      const column = byKey.get(key)!;
      const at = movable.indexOf(key);
      return { column, shown: true, canMoveUp: !column.fixed && at > 0, canMoveDown: !column.fixed && at < movable.length - 1 };
    }),
    ...all.filter((c) => !shown.includes(c.key)).map((column) => ({ column, shown: false, canMoveUp: false, canMoveDown: false })),
  ];
}

/** Shows a column (at the end) or hides it; fixed columns stay. */
export function setColumnShown(all: readonly ColumnMeta[], choice: ColumnChoice, key: string, show: boolean): string[] {
  const shown = shownColumns(all, choice);
  const column = all.find((c) => c.key === key);
  if (!column || column.fixed) return shown;
  if (show) return shown.includes(key) ? shown : [...shown, key];
  return shown.filter((k) => k !== key);
}

/** Moves a shown column one place up (-1) or down (+1) among the movable ones; at an end it stays. */
export function moveColumn(all: readonly ColumnMeta[], choice: ColumnChoice, key: string, delta: -1 | 1): string[] {
  const shown = shownColumns(all, choice);
  const fixed = new Set(all.filter((c) => c.fixed).map((c) => c.key));
  const from = shown.indexOf(key);
  const to = from + delta;
  if (from < 0 || fixed.has(key) || to < 0 || to >= shown.length || fixed.has(shown[to]!)) return shown;
  const next = [...shown];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** True when two choices show the same columns in the same order. */
export function sameColumns(all: readonly ColumnMeta[], a: ColumnChoice | undefined, b: ColumnChoice | undefined): boolean {
  return shownColumns(all, a).join("\n") === shownColumns(all, b).join("\n");
}

/** A stored choice (local storage, a saved view's query) read defensively: a list of strings, or null. */
export function readColumnChoice(value: unknown): ColumnChoice {
  return Array.isArray(value) && value.every((k) => typeof k === "string") ? (value as string[]) : null;
}
