"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { useDebounced } from "./hooks";
import { SEARCH_SCOPE, type SearchScope } from "./search-scope";

type Option = { key: string; href: string; title: string; subtitle: string | null; group: string };

function SearchIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

/**
 * The search box in every tenant page's top bar: the records the search procedure finds
 * (companies, contacts and deals by name, email or domain today), grouped by kind as the
 * scope lists them. An ARIA combobox: ↓/↑ move through the results, Enter opens one,
 * Escape closes (then clears); Ctrl+K or / focuses it from anywhere.
 */
export function GlobalSearch({ slug, scope = SEARCH_SCOPE }: { slug: string; scope?: SearchScope }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const listId = `${id}-results`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const term = useDebounced(text.trim(), 200);

  const search = useQuery(
    trpc.search.query.queryOptions({ q: term, limit: 20 }, { enabled: term.length > 0, placeholderData: keepPreviousData, staleTime: 10_000, retry: false }),
  );
  const hits = useMemo(() => (term && search.data ? search.data : []), [term, search.data]);

  const groups = useMemo(() => {
    const built: { key: string; label: string; options: Option[] }[] = scope.kinds
      .map((kind) => ({
        key: kind.type,
        label: kind.label,
        options: hits
          .filter((h) => h.type === kind.type)
          .map(
            (h): Option => ({
              key: `${h.type}-${h.id}`,
              href: kind.href(slug, h.id),
              title: h.title || "Untitled",
              subtitle: h.subtitle && kind.subtitle ? kind.subtitle(h.subtitle) : h.subtitle,
              group: kind.label,
            }),
          ),
      }))
      .filter((g) => g.options.length);
    if (term) {
      const q = encodeURIComponent(term);
      built.push({
        key: "lists",
        label: "Lists",
        options: scope.lists.map((list) => ({ key: list.key, href: list.href(slug, q), title: list.title(term), subtitle: null, group: "Lists" })),
      });
    }
    return built;
  }, [hits, term, slug, scope]);
  const options = groups.flatMap((g) => g.options);

  // New results: nothing highlighted until the person moves.
  const [seenHits, setSeenHits] = useState(hits);
  if (seenHits !== hits) {
    setSeenHits(hits);
    setActive(-1);
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
      if (((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") || (event.key === "/" && !typing)) {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const go = (option: Option) => {
    setOpen(false);
    setText("");
    inputRef.current?.blur();
    router.push(option.href);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (options.length ? (i + 1) % options.length : -1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (options.length ? (i <= 0 ? options.length - 1 : i - 1) : -1));
    } else if (event.key === "Enter") {
      const option = options[active] ?? (active === -1 && hits.length ? options[0] : undefined);
      if (option && open) {
        event.preventDefault();
        go(option);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (open && text) setOpen(false);
      else {
        setText("");
        setOpen(false);
      }
    }
  };

  const showPanel = open && text.trim().length > 0;
  const loading = term !== text.trim() || (search.isFetching && search.isPlaceholderData) || (term.length > 0 && search.isPending);
  const announcement = !showPanel
    ? ""
    : search.isError
      ? "Search failed."
      : loading
        ? "Searching…"
        : hits.length === 0
          ? `No matches for ${term}.`
          : `${hits.length} ${hits.length === 1 ? "match" : "matches"} for ${term}. Use the arrow keys to choose.`;
  const activeOption = options[active];

  return (
    <div className="relative w-full max-w-md">
      <label htmlFor={id} className="sr-only">
        {scope.label}
      </label>
      <div className="relative">
        <span className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-ink-faint">
          <SearchIcon />
        </span>
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-expanded={showPanel}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showPanel && activeOption ? `${id}-${activeOption.key}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className="w-full min-w-0 rounded-lg border border-gray-300 bg-surface-muted py-1.5 pl-8 pr-3 text-sm text-ink placeholder:text-ink-faint focus:border-brand-500 focus:bg-white sm:pr-14"
        />
        <kbd className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 rounded border border-gray-300 bg-white px-1.5 text-[0.625rem] font-medium text-ink-faint sm:block" aria-hidden>
          Ctrl K
        </kbd>
      </div>

      <div
        className={clsx(
          "fixed inset-x-2 top-14 z-40 max-h-[70vh] overflow-auto rounded-lg border border-gray-200 bg-white py-1 shadow-xl sm:absolute sm:inset-x-auto sm:left-0 sm:top-full sm:mt-1 sm:w-[28rem] sm:max-w-[calc(100vw-2rem)]",
          !showPanel && "hidden",
        )}
      >
        <div id={listId} role="listbox" aria-label="Search results">
          {groups.map((group) => (
            <div key={group.key} role="group" aria-labelledby={`${id}-group-${group.key}`}>
              <div id={`${id}-group-${group.key}`} role="presentation" className="px-3 pb-1 pt-2 text-xs font-medium uppercase tracking-wide text-ink-faint">
                {group.label}
              </div>
              {group.options.map((option) => {
                const index = options.indexOf(option);
                return (
                  <Link
                    key={option.key}
                    id={`${id}-${option.key}`}
                    href={option.href}
                    role="option"
                    tabIndex={-1}
                    aria-selected={index === active}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(index)}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      go(option);
                    }}
                    className={clsx("block px-3 py-2 text-sm", index === active ? "bg-brand-50 text-brand-800" : "text-ink")}
                  >
                    <span className="block truncate font-medium">{option.title}</span>
                    {option.subtitle && <span className="block truncate text-xs text-ink-faint">{option.subtitle}</span>}
                  </Link>
                );
              })}
            </div>
          ))}
        </div>
        {showPanel && hits.length === 0 && (
          <p className="px-3 py-2 text-sm text-ink-muted">
            {search.isError ? `Search failed: ${readServerError(search.error).message}` : loading ? "Searching…" : scope.nothingFound(term)}
          </p>
        )}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
