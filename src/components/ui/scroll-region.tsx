import clsx from "clsx";
import type { ReactNode } from "react";

/**
 * A box that scrolls sideways (a wide table, the deal board), reachable by keyboard: it is
 * a named region in the tab order, so someone without a mouse can focus it and scroll it
 * with the arrow keys even when nothing inside it can take focus (an empty board, a preview).
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // tabIndex 0 on a non-interactive element is what WCAG 2.1.1 asks of a scrollable region without focusable content.
    <div role="region" aria-label={label} tabIndex={0} className={clsx("focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500", className)}>
      {children}
    </div>
  );
}
