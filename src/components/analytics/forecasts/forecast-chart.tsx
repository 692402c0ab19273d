"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ForecastPoint } from "@/server/modules/analytics/schema";

/* History and forecast of one series: the actual values, the forecast's mean, and its 95% and 80% intervals as shaded bands. */

type Row = { period: string; actual?: number; mean?: number; band95?: [number, number]; band80?: [number, number] };

export function chartRows(history: { periods: string[]; values: number[] }, points: ForecastPoint[]): Row[] {
  const rows: Row[] = history.periods.map((period, i) => ({ period, actual: history.values[i]! }));
  // The forecast line and bands start at the last actual value, so the chart has no gap.
  const last = rows.at(-1);
  if (last && last.actual !== undefined) Object.assign(last, { mean: last.actual, band95: [last.actual, last.actual], band80: [last.actual, last.actual] });
  for (const p of points) rows.push({ period: p.period, mean: p.mean, band95: [p.lo95, p.hi95], band80: [p.lo80, p.hi80] });
  return rows;
}

export function ForecastChart({ label, history, points, format }: { label: string; history: { periods: string[]; values: number[] }; points: ForecastPoint[]; format: (value: number) => string }) {
  const rows = chartRows(history, points);
  const month = (period: string) => period.slice(0, 7);
  return (
    <div role="img" aria-label={`${label}: ${history.periods.length} months of history and ${points.length} months of forecast with 80% and 95% intervals`} className="h-72 w-full" data-testid="forecast-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="period" tickFormatter={month} minTickGap={24} fontSize={12} />
          <YAxis tickFormatter={(v: number) => format(v)} width={88} fontSize={12} />
          <Tooltip
            labelFormatter={(period) => month(String(period))}
            formatter={(value, name) => [Array.isArray(value) ? `${format(Number(value[0]))} – ${format(Number(value[1]))}` : format(Number(value)), String(name)]}
          />
          <Area type="monotone" dataKey="band95" name="95% interval" stroke="none" fill="#93c5fd" fillOpacity={0.35} isAnimationActive={false} className="forecast-band-95" />
          <Area type="monotone" dataKey="band80" name="80% interval" stroke="none" fill="#3b82f6" fillOpacity={0.35} isAnimationActive={false} className="forecast-band-80" />
          <Line type="monotone" dataKey="actual" name="Actual" stroke="#111827" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="mean" name="Forecast" stroke="#2563eb" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
