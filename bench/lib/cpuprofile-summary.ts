/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by
 * package, and total (inclusive) time of chosen frames. No dependencies.
 *
 *   npx tsx bench/lib/cpuprofile-summary.ts <file.cpuprofile> [top=30] [requests] [lastSeconds]
 *
 * With `requests` (how many requests the profile covers), every figure is also given in
 * ms per request. With `lastSeconds`, only the samples of the profile's last that many
 * seconds count (bench:api stops the profiled server right after its measured window). Frames in a minified build (`.next/server/…` chunks) are mapped back to
 * their source through the chunk's `.map` (node:module SourceMap): the function is named by
 * its source file and line and the start of that line.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

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
  if (url.startsWith("app:")) return url.slice(4);
  return url.replace(/^file:\/\//, "");
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, "").replace(/^.*node_modules\//, "");
  return `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}` : ""}`.trim();
}

type Mapped = { map: SourceMap; sources: (string | null)[] } | null;

/** Rewrites frames of minified chunks that have a source map to their original file, line and code. */
export function mapFrames(profile: CpuProfile): void {
  const maps = new Map<string, Mapped>();
  const load = (url: string): Mapped => {
    if (maps.has(url)) return maps.get(url)!;
    let mapped: Mapped = null;
    try {
      const file = url.startsWith("file://") ? fileURLToPath(url) : url;
      if (file.includes("/.next/") && fs.existsSync(`${file}.map`)) {
        const raw = JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as { sourcesContent?: (string | null)[] };
        mapped = { map: new SourceMap(raw as never), sources: raw.sourcesContent ?? [] };
      }
    } catch {
      mapped = null;
    }
    maps.set(url, mapped);
    return mapped;
  };
  const sourceIndex = new Map<string, number>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    if (!frame.url) continue;
    const mapped = load(frame.url);
    if (!mapped) continue;
    const entry = mapped.map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (!entry.originalSource) continue;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, "").replace(/^\[project\]\//, "");
    let index = sourceIndex.get(entry.originalSource);
    if (index === undefined) {
      index = (mapped.map.payload as { sources: string[] }).sources.indexOf(entry.originalSource);
      sourceIndex.set(entry.originalSource, index);
    }
    const code = mapped.sources[index]?.split("\n")[entry.originalLine ?? 0]?.trim().slice(0, 60) ?? "";
    frame.url = source.includes("node_modules/") ? source : `app:${source}`;
    frame.lineNumber = entry.originalLine ?? 0;
    frame.functionName = `${entry.name ?? frame.functionName ?? ""} «${code}»`.trim();
  }
}

export function summarise(profile: CpuProfile, top: number, requests = 0, lastSeconds = 0): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfMicros = new Map<number, number>();
  const from = lastSeconds > 0 ? profile.endTime - lastSeconds * 1e6 : -Infinity;
  let sampleTime = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    sampleTime += profile.timeDeltas[i] ?? 0;
    if (sampleTime < from) continue;
    const id = profile.samples[i]!;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfMicros].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const addTo = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  // Inclusive time per function: a sample counts once for each function on its stack.
  const inclusiveByFunction = new Map<string, number>();
  // Inclusive time per package: a sample counts once for each package on its stack.
  const inclusiveByPackage = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") continue;
    addTo(selfByFunction, label(node.callFrame), micros);
    addTo(selfByPackage, packageOf(node.callFrame.url), micros);
    const seen = new Set<string>();
    const seenFunctions = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = label(frame);
      if (!seenFunctions.has(name)) {
        seenFunctions.add(name);
        addTo(inclusiveByFunction, name, micros);
      }
      if (!frame.url) continue;
      const pkg = packageOf(frame.url);
      if (!seen.has(pkg)) {
        seen.add(pkg);
        addTo(inclusiveByPackage, pkg, micros);
      }
    }
  }

  const pct = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  const ms = (micros: number) =>
    `${(micros / 1000).toFixed(0).padStart(7)} ms${requests > 0 ? ` ${(micros / 1000 / requests).toFixed(3).padStart(7)} ms/req` : ""}`;
  const table = (title: string, map: Map<string, number>, limit: number) => [
    "",
    title,
    ...[...map].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, micros]) => `  ${pct(micros)} ${ms(micros)}  ${name}`),
  ];
  return [
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s wall${lastSeconds > 0 ? ` (only its last ${lastSeconds} s counted)` : ""}, ${(busy / 1000).toFixed(0)} ms busy (idle ${(idle / 1000).toFixed(0)} ms); percentages of busy time`,
    ...table("self time by package:", selfByPackage, 20),
    ...table("inclusive time by package (on the stack):", inclusiveByPackage, 20),
    ...table(`self time by function (top ${top}):`, selfByFunction, top),
    ...table(`inclusive time by function, frames with a source (top ${top}):`, new Map([...inclusiveByFunction].filter(([name]) => name.includes(":"))), top),
  ];
}

if (process.argv[1]?.endsWith("cpuprofile-summary.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: cpuprofile-summary.ts <file.cpuprofile> [top]");
  const top = Number(process.argv[3] ?? 30);
  const requests = Number(process.argv[4] ?? 0);
  const lastSeconds = Number(process.argv[5] ?? 0);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  mapFrames(profile);
  for (const line of summarise(profile, top, requests, lastSeconds)) console.log(line);
}
