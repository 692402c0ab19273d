import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type LoadOptions = {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
};

export type LoadSummary = {
  requestsPerSecond: number; // average over the run's one-second samples
  latencyAverageMs: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  totalRequests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  cpuSeconds: number; // the load generator's own CPU, start-up included
};

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));

/** Runs autocannon in a separate Node process (tsx loader) and returns its summary. */
export function runLoad(options: LoadOptions): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(`load generator exited with code ${code}:\n${stderr}${stdout}`));
        return;
      }
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as LoadSummary);
      } catch {
        reject(new Error(`load generator printed no JSON result:\n${stdout}\n${stderr}`));
      }
    });
  });
}
