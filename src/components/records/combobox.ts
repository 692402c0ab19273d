"use client";

import clsx from "clsx";
import { useId, useState, type KeyboardEvent, type MouseEvent } from "react";

/**
 * The keyboard and ARIA wiring of a search-as-you-type picker (ARIA 1.2 combobox with a
 * listbox popup): arrows move the active option, Enter picks it, Escape closes. The pickers
 * (company, deal contacts, document product) keep their own query, value and markup; this
 * holds what they would otherwise each repeat. `onEscape` runs after the popup closes (a
 * single-value picker puts its chosen label back in the box).
 */
export function useCombobox() {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  /** The props of the box and of each option, for this render's options (the query behind them may depend on `open`). */
  function wire<Option extends { id: string }>(options: readonly Option[], { pick, onEscape }: { pick: (option: Option) => void; onEscape?: () => void }) {
    const optionId = (option: Option) => `${id}-opt-${option.id}`;
    const activeOption = open ? options[active] : undefined;
    const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive((i) => Math.min(i + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
      } else if (event.key === "Enter" && open) {
        event.preventDefault();
        if (activeOption) pick(activeOption);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        setOpen(false);
        onEscape?.();
      }
    };

    return {
      inputProps: {
        id,
        role: "combobox",
        "aria-expanded": open,
        "aria-controls": listId,
        "aria-autocomplete": "list",
        "aria-activedescendant": activeOption ? optionId(activeOption) : undefined,
        autoComplete: "off",
        onKeyDown,
      } as const,
      optionProps: (option: Option, index: number) =>
        ({
          id: optionId(option),
          role: "option",
          "aria-selected": index === active,
          // Keeps the focus (and the popup) in the box while the click lands.
          onMouseDown: (event: MouseEvent) => event.preventDefault(),
          onMouseEnter: () => setActive(index),
          onClick: () => pick(option),
          className: clsx("cursor-pointer px-3 py-2 text-sm", index === active ? "bg-brand-50 text-brand-800" : "text-ink"),
        }) as const,
    };
  }

  return {
    id,
    listId,
    open,
    setOpen,
    /** The box's text changed: the first match becomes active and the popup opens. */
    typed() {
      setActive(0);
      setOpen(true);
    },
    wire,
  };
}
