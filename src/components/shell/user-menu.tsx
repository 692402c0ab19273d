"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { Avatar } from "../ui/avatar";
import { useDismiss } from "./use-dismiss";

export function UserMenu({ name, email, avatarUrl = null }: { name: string; email: string; avatarUrl?: string | null }) {
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
        aria-label={`Account menu for ${name}`}
        onClick={() => setOpen((value) => !value)}
        className="grid size-9 place-items-center rounded-full hover:ring-2 hover:ring-gray-300 focus-visible:ring-2"
      >
        <Avatar name={name} src={avatarUrl} />
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-2 w-64 rounded-lg border border-gray-200 bg-white py-1 shadow-lg">
          <div className="border-b border-gray-100 px-3 py-2">
            <p className="truncate text-sm font-medium text-ink">{name}</p>
            <p className="truncate text-xs text-ink-muted">{email}</p>
          </div>
          <Link href="/account" onClick={close} className="block w-full px-3 py-2 text-left text-sm text-ink hover:bg-surface-muted">
            Account
          </Link>
          <button
            type="button"
            onClick={() => signOut({ callbackUrl: "/sign-in" })}
            className="block w-full px-3 py-2 text-left text-sm text-ink hover:bg-surface-muted"
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
