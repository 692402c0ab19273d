import clsx from "clsx";

/** "Dana Demo" → "DD"; "?" for no name. */
export function initialsOf(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .map((part) => part[0])
      .join("")
      .slice(0, 2)
      .toUpperCase() || "?"
  );
}

/** The picture's address: the caller's own, or a member's through the tenant gate; versioned so a change shows at once. */
export function avatarUrl(person: { userId: string; avatarVersion: number | null }, tenantId?: string, self = false): string | null {
  if (person.avatarVersion === null) return null;
  if (self) return `/api/account/avatar?v=${person.avatarVersion}`;
  return tenantId ? `/api/avatars/${person.userId}?tenant=${tenantId}&v=${person.avatarVersion}` : null;
}

const SIZES = { sm: "size-7 text-xs", md: "size-9 text-sm", lg: "size-16 text-xl" } as const;

/** A person's picture, or their initials when they have none. Decorative: the name is always written next to it. */
export function Avatar({ name, src, size = "md", className }: { name: string; src: string | null; size?: keyof typeof SIZES; className?: string }) {
  const classes = clsx("inline-grid shrink-0 place-items-center overflow-hidden rounded-full bg-surface-sunken font-semibold text-ink", SIZES[size], className);
  if (src) {
    // eslint-disable-next-line @next/next/no-img-element -- a private, per-user image behind the session: next/image's optimizer cannot fetch it
    return <img src={src} alt="" aria-hidden="true" className={clsx(classes, "object-cover")} />;
  }
  return (
    <span aria-hidden="true" className={classes}>
      {initialsOf(name)}
    </span>
  );
}
