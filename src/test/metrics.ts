import { metricsRegistry } from "../server/platform/metrics";

export type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of Prometheus' text format (comment lines left out). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of one series in this process's registry right now (0 when it does not exist yet). */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const samples = parseMetrics(await metricsRegistry.metrics());
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return found?.value ?? 0;
}
