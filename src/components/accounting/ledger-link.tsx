import Link from "next/link";

/*
 * Drill-down from a report's figure to the lines behind it: the account's general ledger
 * (/accounting/accounts/[id]?from&to) over the dates the figure covers.
 */

export type Range = { from?: string | null; to?: string | null };

export function ledgerHref(slug: string, accountId: string, range: Range): string {
  const params = new URLSearchParams();
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  const query = params.toString();
  return `/t/${slug}/accounting/accounts/${accountId}${query ? `?${query}` : ""}`;
}

/** A report's figure that opens the account's ledger for its dates (the title says which). */
export function FigureLink({ slug, accountId, range, what, children }: { slug: string; accountId: string; range: Range; what: string; children: React.ReactNode }) {
  const dates = range.from && range.to ? `${range.from} to ${range.to}` : range.from ? `from ${range.from}` : range.to ? `to ${range.to}` : "all dates";
  return (
    <Link href={ledgerHref(slug, accountId, range)} title={`The lines behind this figure: ${what}, ${dates}`} className="text-brand-700 hover:underline">
      {children}
    </Link>
  );
}
