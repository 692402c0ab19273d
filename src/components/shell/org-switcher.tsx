"use client";

import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { Icon } from "./icons";
import { useDismiss } from "./use-dismiss";

export type OrgOption = { slug: string; name: string; role: string };

export function OrgSwitcher({ current, organizations }: { current: OrgOption; organizations: OrgOption[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Organization: ${current.name}. Switch organization`}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center justify-between gap-2 rounded-lg border border-gray-200 bg-white px-3 py-2 text-left text-sm hover:bg-surface-muted"
      >
        <span className="flex min-w-0 items-center gap-2">
          <span className="grid size-7 shrink-0 place-items-center rounded-md bg-brand-600 text-xs font-semibold text-white" aria-hidden>
            {current.name.slice(0, 2).toUpperCase()}
          </span>
          <span className="truncate font-medium">{current.name}</span>
        </span>
        <Icon name="chevron" className="size-4 shrink-0 text-ink-faint" />
      </button>
      {open && (
        // In the flow of the sidebar, not over it: an overlay covered the module links below, leaving them too small a target (WCAG 2.5.8).
        <div className="mt-1 rounded-lg border border-gray-200 bg-white py-1 shadow-sm">
          <p className="px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-ink-faint">Your organizations</p>
          <ul>
            {organizations.map((org) => (
              <li key={org.slug}>
                <Link
                  href={`/t/${org.slug}`}
                  onClick={close}
                  aria-current={org.slug === current.slug ? "page" : undefined}
                  className="flex items-center justify-between gap-2 px-3 py-2 text-sm hover:bg-surface-muted"
                >
                  <span className="truncate">{org.name}</span>
                  {org.slug === current.slug && <Icon name="check" className="size-4 text-brand-600" />}
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-1 border-t border-gray-100 pt-1">
            <Link href="/orgs/new" onClick={close} className="flex items-center gap-2 px-3 py-2 text-sm text-brand-700 hover:bg-surface-muted">
              <Icon name="plus" className="size-4" /> Create organization
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
