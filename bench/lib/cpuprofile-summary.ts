/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by
 * package, and total (inclusive) time of chosen frames. No dependencies.
 *
 *   npx tsx bench/lib/cpuprofile-summary.ts <file.cpuprofile> [top=30]
 */
import fs from "node:fs";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Where a frame's code comes from: a package, Next's own server, the app's chunks, node itself. */
export function packageOf(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return "node: internals";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "?");
    if (name === "next") {
      // Next's compiled vendored copies (react-dom, etc.) are separate from its own server.
      const compiled = url.match(/next\/dist\/compiled\/([^/]+)/);
      return compiled ? `next (compiled ${compiled[1]})` : "next";
    }
    return name;
  }
  if (url.includes("/.next/server/chunks/") || url.includes("/.next/server/")) return "app bundle (.next/server)";
  return url.replace(/^file:\/\//, "");
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, "").replace(/^.*node_modules\//, "");
  return `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}` : ""}`.trim();
}

export function summarise(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfMicros = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfMicros].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const addTo = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  // Inclusive time per package: a sample counts once for each package on its stack.
  const inclusiveByPackage = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") continue;
    addTo(selfByFunction, label(node.callFrame), micros);
    addTo(selfByPackage, packageOf(node.callFrame.url), micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!frame.url) continue;
      const pkg = packageOf(frame.url);
      if (!seen.has(pkg)) {
        seen.add(pkg);
        addTo(inclusiveByPackage, pkg, micros);
      }
    }
  }

  const pct = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const table = (title: string, map: Map<string, number>, limit: number) => [
    "",
    title,
    ...[...map].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, micros]) => `  ${pct(micros)} ${ms(micros)}  ${name}`),
  ];
  return [
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s wall, ${(busy / 1000).toFixed(0)} ms busy (idle ${(idle / 1000).toFixed(0)} ms); percentages of busy time`,
    ...table("self time by package:", selfByPackage, 20),
    ...table("inclusive time by package (on the stack):", inclusiveByPackage, 20),
    ...table(`self time by function (top ${top}):`, selfByFunction, top),
  ];
}

if (process.argv[1]?.endsWith("cpuprofile-summary.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: cpuprofile-summary.ts <file.cpuprofile> [top]");
  const top = Number(process.argv[3] ?? 30);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  for (const line of summarise(profile, top)) console.log(line);
}
