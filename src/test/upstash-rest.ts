import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { connectResp, RespError, replyText, type RespConnection, type RespValue } from "./resp";

/**
 * A test-only stand-in for Upstash's REST API in front of the machine's real redis-server
 * (127.0.0.1:6379), so `@upstash/redis` and `@upstash/ratelimit` run unchanged against a real
 * Redis. What it speaks (Upstash's REST API docs, and what @upstash/redis 1.39 sends: always
 * POST, JSON bodies, `Upstash-Encoding: base64` unless told otherwise):
 * - auth: `Authorization: Bearer <token>` or `?_token=`; else 401 `{ error }`.
 * - one command: POST / with a JSON array `["SET", "k", "v", "EX", 60]`, or the path form
 *   `/set/k/v?EX=60` (GET or POST; a POST body is the last argument): `{ result }`, or 400 `{ error }`.
 * - `/pipeline`: a JSON array of commands; 200 with `[{ result } | { error }, …]`.
 * - `/multi-exec`: the same, run in MULTI/EXEC; a transaction refused as a whole (EXECABORT) is 400 `{ error }`.
 * - `Upstash-Encoding: base64`: every string in the result base64-encoded (its raw bytes), except "OK".
 * - Lua: Upstash accepts a shebang flag real Redis 7 refuses (`#!lua flags=allow-key-locking`,
 *   used by @upstash/ratelimit's scripts: "ERR Unexpected flag in script shebang"). The adapter
 *   removes that flag before Redis sees the script and keeps answering with the sha1 of the
 *   script as sent (what Upstash and the client compute), mapped to the sha1 Redis knows, so
 *   EVALSHA / SCRIPT LOAD / SCRIPT EXISTS behave as on Upstash.
 * Isolation: each adapter claims a Redis database index of its own (a key in db 0 held while
 * it lives), flushed when claimed and when closed, so test files running at once never share
 * keys and a test can scan every key the app wrote. SELECT, blocking commands and the like are
 * refused (they would break the one shared connection); FLUSHALL empties only its database.
 */

const CLAIM_PREFIX = "neuroops:test:upstash-rest:db:";
const CLAIM_TTL_MS = 30 * 60 * 1000;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Upstash's own shebang flag; real Redis refuses unknown flags. */
const UPSTASH_ONLY_SCRIPT_FLAGS = new Set(["allow-key-locking"]);
const REFUSED = new Set(["SELECT", "SWAPDB", "MOVE", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "QUIT", "RESET", "HELLO", "AUTH", "MONITOR", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX", "BLMPOP", "BZMPOP", "WAIT", "SHUTDOWN", "DEBUG", "CLIENT"]);

export type UpstashRestAdapter = {
  /** UPSTASH_REDIS_REST_URL for the app. */
  readonly url: string;
  /** UPSTASH_REDIS_REST_TOKEN for the app. */
  readonly token: string;
  /** The Redis database index this adapter owns. */
  readonly db: number;
  /** A direct RESP connection to that database, for assertions. */
  readonly redis: RespConnection;
  /** HTTP requests answered so far, and commands run by name (upper case). */
  readonly stats: { requests: number; commands: Map<string, number> };
  /** Every key of its database (SCAN), sorted. */
  keys(): Promise<string[]>;
  /** Empties its database. */
  flush(): Promise<void>;
  /** Closes the port (and open connections): clients see "connection refused", as in an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop`. */
  start(): Promise<void>;
  /** Stops, empties its database and releases it. */
  close(): Promise<void>;
};

type JsonValue = string | number | null | JsonValue[];
type Outcome = { result: JsonValue } | { error: string };

class RequestError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const sha1 = (text: string) => createHash("sha1").update(text, "utf8").digest("hex");

/** Removes Upstash-only flags from a script's shebang line (`#!lua flags=a,b`). */
export function redisCompatibleScript(script: string): string {
  if (!script.startsWith("#!")) return script;
  const lineEnd = script.indexOf("\n");
  const shebang = lineEnd === -1 ? script : script.slice(0, lineEnd);
  const match = /^#!(\S+)(.*)$/.exec(shebang);
  if (!match) return script;
  const options = match[2]!.trim().split(/\s+/).filter(Boolean);
  const kept = options.map((option) => {
    if (!option.startsWith("flags=")) return option;
    const flags = option.slice("flags=".length).split(",").filter((flag) => flag && !UPSTASH_ONLY_SCRIPT_FLAGS.has(flag));
    return flags.length > 0 ? `flags=${flags.join(",")}` : null;
  });
  const rewritten = [`#!${match[1]}`, ...kept.filter((option): option is string => option !== null)].join(" ");
  return lineEnd === -1 ? rewritten : rewritten + script.slice(lineEnd);
}

function toJson(value: RespValue, base64: boolean): JsonValue {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (value instanceof RespError) throw value; // an error inside a reply fails the command
  if (typeof value === "string") return base64 && value !== "OK" ? Buffer.from(value, "utf8").toString("base64") : value;
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  return value.map((item) => toJson(item, base64));
}

function outcome(value: RespValue, base64: boolean): Outcome {
  try {
    return { result: toJson(value, base64) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A command from JSON: a non-empty array of strings, numbers or booleans. */
function commandOf(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new RequestError(400, "ERR command must be a non-empty JSON array");
  return raw.map((part) => {
    if (typeof part === "string") return part;
    if (typeof part === "number" || typeof part === "boolean") return String(part);
    throw new RequestError(400, "ERR command arguments must be strings or numbers");
  });
}

export async function startUpstashRest(options: { token?: string; redisHost?: string; redisPort?: number } = {}): Promise<UpstashRestAdapter> {
  const redisAt = { host: options.redisHost ?? "127.0.0.1", port: options.redisPort ?? 6379 };
  const token = options.token ?? `test-${randomUUID()}`;

  // Claim a database index: SET NX of a key in db 0 that only this adapter holds.
  const control = await connectResp(redisAt);
  const owner = `${process.pid}:${randomUUID()}`;
  const configured = await control.command(["CONFIG", "GET", "databases"]);
  const databases = Array.isArray(configured) && configured[1] ? Number(replyText(configured[1])) : 16;
  let db = -1;
  for (let candidate = 1; candidate < databases && db === -1; candidate++) {
    const claimed = await control.command(["SET", `${CLAIM_PREFIX}${candidate}`, owner, "NX", "PX", String(CLAIM_TTL_MS)]);
    if (claimed === "OK") db = candidate;
  }
  if (db === -1) {
    await control.close();
    throw new Error(`upstash-rest: every Redis database 1..${databases - 1} is claimed by another test`);
  }
  const redis = await connectResp({ ...redisAt, db });
  await redis.command(["FLUSHDB"]); // leftovers of a run that died holding this index

  /** sha1 of a script as the client sent it → sha1 of the script Redis was given. */
  const scriptShas = new Map<string, string>();
  const stats = { requests: 0, commands: new Map<string, number>() };

  /** Rewrites a command for the real Redis behind; `answer` maps the reply back when needed. */
  const translate = (command: string[]): { args: string[]; answer?: (reply: RespValue) => RespValue } => {
    const name = command[0]!.toUpperCase();
    stats.commands.set(name, (stats.commands.get(name) ?? 0) + 1);
    if (REFUSED.has(name)) throw new RequestError(400, `ERR Command is not available: '${command[0]}'`);
    if (name === "FLUSHALL") return { args: ["FLUSHDB", ...command.slice(1)] };
    if ((name === "EVAL" || name === "EVAL_RO") && command.length > 1) {
      const script = redisCompatibleScript(command[1]!);
      if (script !== command[1]) scriptShas.set(sha1(command[1]!), sha1(script));
      return { args: [command[0]!, script, ...command.slice(2)] };
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && command.length > 1) {
      return { args: [command[0]!, scriptShas.get(command[1]!.toLowerCase()) ?? command[1]!, ...command.slice(2)] };
    }
    if (name === "SCRIPT" && command[1]?.toUpperCase() === "LOAD" && command.length === 3) {
      const original = command[2]!;
      const script = redisCompatibleScript(original);
      if (script !== original) scriptShas.set(sha1(original), sha1(script));
      // Answer the sha1 of the script as sent: the one the client will EVALSHA.
      return { args: ["SCRIPT", "LOAD", script], answer: (reply) => (reply instanceof RespError ? reply : sha1(original)) };
    }
    if (name === "SCRIPT" && command[1]?.toUpperCase() === "EXISTS") {
      return { args: ["SCRIPT", "EXISTS", ...command.slice(2).map((sha) => scriptShas.get(sha.toLowerCase()) ?? sha)] };
    }
    return { args: command };
  };

  const runOne = async (command: string[], base64: boolean): Promise<Outcome> => {
    const { args, answer } = translate(command);
    const reply = await redis.command(args);
    return outcome(answer ? answer(reply) : reply, base64);
  };

  const runPipeline = async (commands: string[][], base64: boolean): Promise<Outcome[]> => {
    const translated = commands.map((command) => {
      try {
        return translate(command);
      } catch (error) {
        return { error: (error as Error).message };
      }
    });
    const runnable = translated.filter((entry): entry is ReturnType<typeof translate> => !("error" in entry));
    const replies = await redis.commands(runnable.map((entry) => entry.args));
    let next = 0;
    return translated.map((entry) => {
      if ("error" in entry) return { error: entry.error };
      const reply = replies[next++]!;
      return outcome(entry.answer ? entry.answer(reply) : reply, base64);
    });
  };

  const runTransaction = async (commands: string[][], base64: boolean): Promise<Outcome[]> => {
    const translated = commands.map((command) => translate(command)); // a refused command discards the whole transaction
    const replies = await redis.commands([["MULTI"], ...translated.map((entry) => entry.args), ["EXEC"]]);
    const queued = replies.slice(1, -1);
    const executed = replies.at(-1)!;
    if (executed instanceof RespError || !Array.isArray(executed)) {
      const reason = queued.find((reply): reply is RespError => reply instanceof RespError);
      throw new RequestError(400, reason?.message ?? (executed instanceof RespError ? executed.message : "ERR transaction discarded"));
    }
    return executed.map((reply, i) => outcome(translated[i]!.answer ? translated[i]!.answer!(reply) : reply, base64));
  };

  const readBody = (req: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) reject(new RequestError(400, "ERR max request size exceeded"));
        else chunks.push(chunk);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const parseJson = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new RequestError(400, "ERR request body is not valid JSON");
    }
  };

  const handle = async (req: http.IncomingMessage): Promise<{ status: number; body: unknown }> => {
    const method = req.method ?? "GET";
    if (!["GET", "HEAD", "POST", "PUT"].includes(method)) throw new RequestError(405, "Method not allowed");
    const url = new URL(req.url ?? "/", "http://adapter");
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if ((bearer ?? url.searchParams.get("_token")) !== token) throw new RequestError(401, "Unauthorized");
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const body = await readBody(req);
    if (url.pathname === "/pipeline" || url.pathname === "/multi-exec") {
      const parsed = parseJson(body);
      if (!Array.isArray(parsed) || parsed.length === 0) throw new RequestError(400, "ERR expected a JSON array of commands");
      const commands = parsed.map((command) => commandOf(command));
      return { status: 200, body: url.pathname === "/pipeline" ? await runPipeline(commands, base64) : await runTransaction(commands, base64) };
    }
    let command: string[];
    if (url.pathname === "/" || url.pathname === "") {
      command = commandOf(parseJson(body));
    } else {
      // Path form: /cmd/arg1/…; a POST body is the last argument, then ?NAME=value pairs.
      command = url.pathname.split("/").slice(1).map((segment) => decodeURIComponent(segment));
      if ((method === "POST" || method === "PUT") && body.length > 0) command.push(body);
      for (const [name, value] of url.searchParams) if (name !== "_token") command.push(name, ...(value ? [value] : []));
    }
    const result = await runOne(command, base64);
    return { status: "error" in result ? 400 : 200, body: result };
  };

  const server = http.createServer((req, res) => {
    stats.requests++;
    handle(req)
      .catch((error: unknown) => {
        if (error instanceof RequestError) return { status: error.status, body: { error: error.message } };
        return { status: 500, body: { error: `ERR ${(error as Error).message}` } };
      })
      .then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
      });
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  let listening = true;

  const stop = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = "0";
    do {
      const reply = await redis.command(["SCAN", cursor, "COUNT", "1000"]);
      if (!Array.isArray(reply)) throw new Error("upstash-rest: unexpected SCAN reply");
      cursor = replyText(reply[0]!) ?? "0";
      for (const key of reply[1] as RespValue[]) found.push(replyText(key)!);
    } while (cursor !== "0");
    return found.sort();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    db,
    redis,
    stats,
    keys,
    flush: async () => {
      await redis.command(["FLUSHDB"]);
    },
    stop,
    start: async () => {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: async () => {
      await stop();
      await redis.command(["FLUSHDB"]).catch(() => null);
      await redis.close();
      await control
        .command(["EVAL", "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", "1", `${CLAIM_PREFIX}${db}`, owner])
        .catch(() => null);
      await control.close();
    },
  };
}
