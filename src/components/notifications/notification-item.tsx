"use client";

import clsx from "clsx";
import Link from "next/link";
import { notificationPath } from "@/server/modules/notifications/validation";
import type { NotificationView } from "@/server/modules/notifications/service";
import { Icon } from "../shell/icons";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** One notification in a list: a link to its record (or why there is none), and "mark as read" while unread. */
export function NotificationItem({ item, slug, onOpen, onMarkRead }: { item: NotificationView; slug: string; onOpen: () => void; onMarkRead: (id: string) => void }) {
  const unread = item.readAt === null;
  const href = item.available ? notificationPath(slug, item.entityType, item.entityId) : null;
  const text = (
    <>
      <span className={clsx("block text-sm", unread ? "font-semibold text-ink" : "text-ink")}>
        {unread && <span className="sr-only">Unread: </span>}
        {item.title}
      </span>
      {item.body && <span className="block break-words text-sm text-ink-muted">{item.body}</span>}
      <span className="block text-xs text-ink-muted">{when.format(item.createdAt)}</span>
    </>
  );
  return (
    <li className={clsx("flex items-start gap-2 px-3 py-2", unread && "bg-brand-50/60")}>
      <span aria-hidden className={clsx("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-brand-600" : "bg-transparent")} />
      <div className="min-w-0 flex-1">
        {href ? (
          <Link
            href={href}
            onClick={() => {
              if (unread) onMarkRead(item.id);
              onOpen();
            }}
            className="block rounded hover:underline"
          >
            {text}
          </Link>
        ) : (
          <div>
            {text}
            {item.entityType && <span className="block text-xs italic text-ink-muted">This record is no longer available to you.</span>}
          </div>
        )}
      </div>
      {unread && (
        <button
          type="button"
          onClick={() => onMarkRead(item.id)}
          aria-label={`Mark "${item.title}" as read`}
          title="Mark as read"
          className="grid size-7 shrink-0 place-items-center rounded text-ink-muted hover:bg-surface-sunken hover:text-ink"
        >
          <Icon name="check" className="size-4" />
        </button>
      )}
    </li>
  );
}
