"use client";

import { createContext, useContext, useMemo } from "react";
import { createFormatter, DEFAULT_FORMAT, type FormatSettings, type Formatter } from "@/lib/format";

/*
 * The formatting settings of the page (src/lib/format.ts): the signed-in user's locale and
 * the organization's time zone, filled by the tenant layout (the user's own zone on the
 * account page). Server components use createFormatter with the same settings, so the
 * server's HTML and the browser's render agree.
 */

const FormatContext = createContext<FormatSettings>(DEFAULT_FORMAT);

export function FormatProvider({ settings, children }: { settings: FormatSettings; children: React.ReactNode }) {
  const value = useMemo(() => settings, [settings.locale, settings.timeZone]); // eslint-disable-line react-hooks/exhaustive-deps -- a new object with the same settings is the same settings
  return <FormatContext.Provider value={value}>{children}</FormatContext.Provider>;
}

/** Dates, times, numbers and money in the page's locale and time zone. */
export function useFormat(): Formatter {
  const settings = useContext(FormatContext);
  return useMemo(() => createFormatter(settings), [settings]);
}
