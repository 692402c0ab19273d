/**
 * Where the machine's CPU went during a measurement (Linux /proc; empty elsewhere):
 * the server under test, Postgres, the load generator, and everything else. On a
 * 2-core box a busy neighbour (a dev server, a build) changes the result, so the
 * report says how much CPU other processes took.
 */
import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux build

type ProcTicks = Map<number, { comm: string; pgrp: number; ticks: number }>;
export type CpuSnapshot = { systemBusyTicks: number; processes: ProcTicks } | null;

export type CpuBreakdown = {
  wallSeconds: number;
  serverSeconds: number;
  postgresSeconds: number;
  loadGeneratorSeconds: number;
  otherSeconds: number;
  availableSeconds: number; // wall × cores
};

function readSystemBusy(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
}

function readProcesses(): ProcTicks {
  const result: ProcTicks = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" "); // fields[0] is field 3 (state)
    result.set(Number(entry), {
      comm: stat.slice(open + 1, close),
      pgrp: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
    });
  }
  return result;
}

export function cpuSnapshot(): CpuSnapshot {
  try {
    return { systemBusyTicks: readSystemBusy(), processes: readProcesses() };
  } catch {
    return null; // no /proc
  }
}

/**
 * `isServer` picks the server's processes; Postgres is every process named "postgres";
 * the load generator reports its own CPU (it has exited by now).
 */
export function cpuBreakdown(
  before: CpuSnapshot,
  after: CpuSnapshot,
  wallSeconds: number,
  cores: number,
  isServer: (pid: number, pgrp: number) => boolean,
  loadGeneratorSeconds: number,
): CpuBreakdown | null {
  if (!before || !after) return null;
  let server = 0;
  let postgresTicks = 0;
  for (const [pid, now] of after.processes) {
    const delta = now.ticks - (before.processes.get(pid)?.ticks ?? 0); // new processes count from zero
    if (isServer(pid, now.pgrp)) server += delta;
    else if (now.comm === "postgres") postgresTicks += delta;
  }
  const busy = (after.systemBusyTicks - before.systemBusyTicks) / TICKS_PER_SECOND;
  const serverSeconds = server / TICKS_PER_SECOND;
  const postgresSeconds = postgresTicks / TICKS_PER_SECOND;
  return {
    wallSeconds,
    serverSeconds,
    postgresSeconds,
    loadGeneratorSeconds,
    otherSeconds: Math.max(0, busy - serverSeconds - postgresSeconds - loadGeneratorSeconds),
    availableSeconds: wallSeconds * cores,
  };
}
