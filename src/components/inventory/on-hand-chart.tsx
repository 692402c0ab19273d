"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { Section } from "./parts";
import { useAmounts } from "./use-amounts";

/*
 * On hand over time (all warehouses), one point per day with movements, as a small SVG step
 * line. The drawing is decorative for assistive technology: the same points are in a table
 * that screen readers read (and anyone can open).
 */

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 24, left: 48 };

export function OnHandChart({ productId, unit }: { productId: string; unit: string }) {
  const trpc = useTRPC();
  const amounts = useAmounts();
  const series = useQuery(trpc.inventory.stock.series.queryOptions({ productId }));
  const tableId = useId();
  const points = series.data ?? [];

  let body: React.ReactNode;
  if (series.isPending) body = <p className="text-sm text-ink-muted" role="status">Loading the chart…</p>;
  else if (series.isError) body = <LoadError message={`Could not load the chart: ${readServerError(series.error).message}`} retrying={series.isFetching} onRetry={() => void series.refetch()} />;
  else if (points.length === 0) body = <p className="text-sm text-ink-muted">No movements yet: the chart starts with the first receipt.</p>;
  else {
    // Plotting needs numbers: a drawing's precision, never a stored amount.
    const values = points.map((p) => Number(p.onHand));
    const days = points.map((p) => Date.parse(`${p.day}T00:00:00Z`));
    const minY = Math.min(0, ...values);
    const maxY = Math.max(...values, minY + 1);
    const first = days[0]!;
    const last = Math.max(days[days.length - 1]!, first + 86_400_000);
    const x = (t: number) => PAD.left + ((t - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
    const y = (v: number) => PAD.top + (1 - (v - minY) / (maxY - minY)) * (HEIGHT - PAD.top - PAD.bottom);
    let path = "";
    points.forEach((_, i) => {
      const px = x(days[i]!);
      const py = y(values[i]!);
      path += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
    });
    path += `H${x(last)}`;
    const ticks = [minY, (minY + maxY) / 2, maxY];
    body = (
      <div className="flex flex-col gap-2">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" aria-hidden="true" focusable="false">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="stroke-gray-200" strokeWidth={1} />
              <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-ink-faint text-[11px]">
                {amounts.quantity(String(Math.round(t * 100) / 100))}
              </text>
            </g>
          ))}
          {minY < 0 && <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="stroke-danger-600" strokeDasharray="4 3" strokeWidth={1} />}
          <path d={path} fill="none" className="stroke-brand-600" strokeWidth={2} />
          {points.map((p, i) => (
            <circle key={p.day} cx={x(days[i]!)} cy={y(values[i]!)} r={3} className="fill-brand-600" />
          ))}
          <text x={PAD.left} y={HEIGHT - 6} className="fill-ink-faint text-[11px]">
            {amounts.format.day(points[0]!.day)}
          </text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="fill-ink-faint text-[11px]">
            {amounts.format.day(points[points.length - 1]!.day)}
          </text>
        </svg>
        <details>
          <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline">Show as a table</summary>
          <div className="mt-2 max-h-64 overflow-y-auto" tabIndex={0} role="region" aria-labelledby={tableId}>
            <table className="min-w-full text-sm">
              <caption id={tableId} className="sr-only">
                On hand at the end of each day with movements
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="px-2 py-1 text-left font-medium text-ink-muted">
                    Day
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium text-ink-muted">
                    On hand ({unit})
                  </th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.day}>
                    <td className="px-2 py-1">{amounts.format.day(p.day)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{amounts.quantity(p.onHand)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </div>
    );
  }

  return (
    <Section id="on-hand-chart-heading" title="On hand over time" description="All warehouses together, at the end of each day with movements.">
      {body}
    </Section>
  );
}
