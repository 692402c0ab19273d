"use client";

import { useEffect, useState } from "react";

/* Dates and numbers are formatted by useFormat() (src/lib/format.ts); this file keeps the ticking clock. */

/** The current time, moving every `intervalMs` so relative times stay true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
