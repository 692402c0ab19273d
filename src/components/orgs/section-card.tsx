import clsx from "clsx";
import { useId } from "react";

/** A card inside a settings page: its heading is one level below the page's section heading (h3). */
export function SectionCard({ title, action, children, className }: { title: string; action?: React.ReactNode; children: React.ReactNode; className?: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={clsx("rounded-card border border-gray-200 bg-white p-5 shadow-sm", className)}>
      <header className="mb-4 flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-ink">
          {title}
        </h3>
        {action}
      </header>
      {children}
    </section>
  );
}
