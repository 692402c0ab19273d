"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";

/* One daily series: the actual values, the expected value and its band, and the flagged days as red dots. */

export type AnomalyChartPoint = { day: string; actual: number; expected: number; lower: number; upper: number; flagged: boolean };

export function AnomalyChart({ label, points, format }: { label: string; points: AnomalyChartPoint[]; format: (value: number) => string }) {
  const rows = points.map((p) => ({ ...p, band: [p.lower, p.upper] as [number, number], flaggedValue: p.flagged ? p.actual : null }));
  const flagged = points.filter((p) => p.flagged).length;
  return (
    <div role="img" aria-label={`${label}: ${points.length} days with the expected band, ${flagged} flagged`} className="h-72 w-full" data-testid="anomaly-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="day" minTickGap={32} fontSize={12} />
          <YAxis tickFormatter={(v: number) => format(v)} width={88} fontSize={12} />
          <Tooltip formatter={(value, name) => [Array.isArray(value) ? `${format(Number(value[0]))} – ${format(Number(value[1]))}` : format(Number(value)), String(name)]} />
          <Area type="monotone" dataKey="band" name="Expected band" stroke="none" fill="#93c5fd" fillOpacity={0.4} isAnimationActive={false} />
          <Line type="monotone" dataKey="expected" name="Expected" stroke="#2563eb" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="actual" name="Actual" stroke="#111827" dot={false} isAnimationActive={false} />
          <Scatter dataKey="flaggedValue" name="Flagged" fill="#dc2626" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
