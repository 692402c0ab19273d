/**
 * The app under test for the benchmarks that run `next start` (bench:api, bench:crm,
 * bench:pages): a production build, `next start` in its own process group, and a
 * next-auth credentials sign-in, with the port, database and credentials as parameters.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../../scripts/node-flags";
import { log, sleep } from "./common";

export function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * Builds `root` (npm run build) unless it already has a production build. When another
 * `next build` holds the build lock, waits for it instead of fighting over `.next`.
 * `options.dir`/`options.args`: build a Next app in a subdirectory with `next build <args> <dir>`.
 */
export async function ensureBuild(root: string, options: { dir?: string; args?: string[] } = {}): Promise<string> {
  const appDir = options.dir ? path.join(root, options.dir) : root;
  const buildId = path.join(appDir, ".next", "BUILD_ID");
  const [command, args] = options.dir
    ? [process.execPath, ["node_modules/next/dist/bin/next", "build", ...(options.args ?? []), options.dir]]
    : ["npm", ["run", "build"]];
  for (let attempt = 0; !fs.existsSync(buildId); attempt++) {
    if (attempt >= 60) throw new Error(`no production build in ${appDir} after waiting 10 minutes for another \`next build\``);
    log(attempt === 0 ? `no ${buildId}: running \`${[path.basename(command), ...args].join(" ")}\`` : "retrying the build");
    const { code, output } = await run(root, command, args, { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
    if (code === 0) break;
    if (/Another next build process is already running/i.test(output)) {
      log("another `next build` is running; waiting for it");
      while (!fs.existsSync(buildId) && attempt < 60) {
        await sleep(10_000);
        attempt++;
      }
      continue;
    }
    throw new Error(`the build of ${appDir} failed (exit ${code}):\n${output.slice(-6000)}`);
  }
  return fs.readFileSync(buildId, "utf8").trim();
}

export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "localhost");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is already in use; stop whatever listens there or pass another --port`);
}

export type NextServer = { child: ChildProcess; logLines: string[]; stop(): Promise<void> };

export type StartOptions = {
  /** A Next app in a subdirectory of `root` (the bench:api ladder's app). */
  dir?: string;
  /** Node flags for the server process, e.g. `--cpu-prof`, after the app's own (scripts/node-flags.ts). */
  nodeArgs?: string[];
};

/** `next start` on `port` with `env` added; resolves once /api/ready answers 200. */
export async function startNext(root: string, port: number, env: Record<string, string>, options: StartOptions = {}): Promise<NextServer> {
  await assertPortFree(port);
  const args = [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), "node_modules/next/dist/bin/next", "start", ...(options.dir ? [options.dir] : []), "-p", String(port)];
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true, // its own process group, so stopping it also stops anything it forks
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ...env },
  });
  const logLines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) logLines.push(line);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );
  const server: NextServer = {
    child,
    logLines,
    async stop() {
      if (exited !== undefined || child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const stopped = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
      if (!stopped) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await exit;
      }
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`next start exited (${exited}) before it was ready:\n${logLines.join("\n")}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`next start was not ready within 90 s:\n${logLines.join("\n")}`);
    }
    try {
      const response = await fetch(`http://localhost:${port}/api/ready`);
      await response.text();
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
}

/** next-auth credentials sign-in; returns every cookie set along the way as one Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(";")[0] ?? "";
      const index = pair.indexOf("=");
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfBody = await csrfResponse.text();
  if (csrfResponse.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}: ${csrfBody}`);
  remember(csrfResponse);
  const { csrfToken } = JSON.parse(csrfBody) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf returned no csrfToken: ${csrfBody}`);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const body = await response.text();
  remember(response);
  if (!jar.has("neuroops.session")) throw new Error(`sign-in of ${email} set no neuroops.session cookie (status ${response.status}): ${body}`);
  return cookieHeader();
}
