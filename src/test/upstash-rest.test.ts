import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { beforeEach, describe, expect, it } from "vitest";
import { RespError, replyText } from "./resp";
import { redisCompatibleScript, startUpstashRest } from "./upstash-rest";
import { useUpstashAdapter } from "./upstash-app";

/** The adapter itself, driven by the real @upstash/redis client and by plain fetch. */
describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("the Upstash REST adapter over the real redis-server", () => {
  const adapter = useUpstashAdapter();
  const client = (options: { responseEncoding?: false } = {}) =>
    new Redis({ url: adapter.url, token: adapter.token, enableTelemetry: false, automaticDeserialization: false, retry: false, ...options });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${adapter.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${adapter.token}`, ...headers }, body: JSON.stringify(body) });

  beforeEach(() => {
    adapter.stats.commands.clear();
  });

  it("round-trips unicode and binary-ish strings, with and without base64 responses", async () => {
    const values = ["plain", "ünïcødé ✓ 日本語 🚀", "nul\u0000inside", "crlf\r\n$3\r\nfake\r\n*1\r\n", "OK", "", '{"json":[1,2]}', "\uFFFD replacement"];
    for (const [i, value] of values.entries()) {
      for (const redis of [client(), client({ responseEncoding: false })]) {
        await redis.set(`k:${i}`, value);
        expect(await redis.get(`k:${i}`)).toBe(value);
      }
    }
    // What Redis itself holds is the UTF-8 of the value, byte for byte.
    expect(replyText(await adapter.redis.command(["GET", "k:1"]))).toBe(values[1]);
  });

  it("returns raw bytes base64-encoded when asked, and U+FFFD for invalid UTF-8 otherwise", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41, 0x0d, 0x0a]);
    await adapter.redis.command(["SET", "bin", bytes]);
    const encoded = await (await post("/", ["GET", "bin"], { "upstash-encoding": "base64" })).json();
    expect(Buffer.from(encoded.result as string, "base64").equals(bytes)).toBe(true);
    const plain = await (await post("/", ["GET", "bin"])).json();
    expect(plain.result).toBe("\uFFFD\u0000\uFFFDA\r\n");
    // "OK" stays as it is under base64 (as on Upstash); integers and nils are JSON.
    expect(await (await post("/", ["SET", "n", 5], { "upstash-encoding": "base64" })).json()).toEqual({ result: "OK" });
    expect(await (await post("/", ["INCR", "n"], { "upstash-encoding": "base64" })).json()).toEqual({ result: 6 });
    expect(await (await post("/", ["GET", "missing"], { "upstash-encoding": "base64" })).json()).toEqual({ result: null });
  });

  it("runs pipelines (errors per command) and transactions (atomic, or refused as a whole)", async () => {
    const redis = client();
    const pipeline = redis.pipeline();
    pipeline.set("p:a", "1").incr("p:a").mget("p:a", "p:none").get("p:a");
    expect(await pipeline.exec()).toEqual(["OK", 2, ["2", null], "2"]);

    await adapter.redis.command(["SET", "p:text", "abc"]);
    const response = await post("/pipeline", [["INCR", "p:text"], ["GET", "p:text"]]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ error: "ERR value is not an integer or out of range" }, { result: "abc" }]);

    const multi = redis.multi();
    multi.set("t:a", "x").incr("t:n").incr("t:n");
    expect(await multi.exec()).toEqual(["OK", 1, 2]);

    // A command that fails when run: the others still run (Redis semantics inside EXEC).
    expect(await (await post("/multi-exec", [["INCR", "p:text"], ["INCR", "t:n"]])).json()).toEqual([{ error: "ERR value is not an integer or out of range" }, { result: 3 }]);
    // A command Redis refuses while queuing: nothing runs, one 400 error.
    const discarded = await post("/multi-exec", [["INCR", "t:n"], ["GET"]]);
    expect(discarded.status).toBe(400);
    expect((await discarded.json()).error).toMatch(/wrong number of arguments/);
    expect(replyText(await adapter.redis.command(["GET", "t:n"]))).toBe("3");
  });

  it("accepts Upstash's Lua shebang flag: EVAL, SCRIPT LOAD and EVALSHA answer under the client's sha1", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn { redis.call('INCRBY', KEYS[1], ARGV[1]), ARGV[2] }";
    expect(redisCompatibleScript(script)).toBe("#!lua\nreturn { redis.call('INCRBY', KEYS[1], ARGV[1]), ARGV[2] }");
    expect(redisCompatibleScript("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    // Real Redis refuses the flag: the reason for the rewrite.
    const direct = await adapter.redis.command(["EVAL", script, "1", "s:k", "1", "x"]);
    expect(direct).toBeInstanceOf(RespError);

    const redis = client();
    expect(await redis.eval(script, ["s:k"], ["2", "ünï"])).toEqual([2, "ünï"]);
    const sha = await redis.scriptLoad(script);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await redis.evalsha(sha, ["s:k"], ["3", "y"])).toEqual([5, "y"]);
    expect(await redis.scriptExists(sha, "0".repeat(40))).toEqual([1, 0]);
    await expect(redis.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it("runs @upstash/ratelimit's sliding window on real Redis, by EVALSHA once the script is known", async () => {
    const limiter = new Ratelimit({ redis: client(), limiter: Ratelimit.slidingWindow(3, "60 s"), prefix: "ratelimit:adapter", ephemeralCache: false, analytics: false });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await limiter.limit("who")).success);
    expect(outcomes).toEqual([true, true, true, false]);
    expect((await limiter.getRemaining("who")).remaining).toBe(0);
    expect(adapter.stats.commands.get("EVAL")).toBe(2); // the first limit() and the first getRemaining(): NOSCRIPT, then EVAL
    expect(adapter.stats.commands.get("EVALSHA")).toBe(5);
    expect(await adapter.keys()).toEqual([expect.stringMatching(/^ratelimit:adapter:who:\d+$/)]);
  });

  it("refuses a wrong or missing token with 401 { error }, and unsupported methods with 405", async () => {
    const wrong = new Redis({ url: adapter.url, token: "not-the-token", enableTelemetry: false, retry: false });
    await expect(wrong.get("k")).rejects.toThrow(/Unauthorized/);
    const missing = await fetch(adapter.url, { method: "POST", body: JSON.stringify(["GET", "k"]) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "Unauthorized" });
    expect((await fetch(adapter.url, { method: "DELETE", headers: { authorization: `Bearer ${adapter.token}` } })).status).toBe(405);
  });

  it("answers command errors with 400 { error }, also in the path form, and refuses commands that would break isolation", async () => {
    const unknown = await post("/", ["NOSUCHCOMMAND", "x"]);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/unknown command/);
    const select = await post("/", ["SELECT", "0"]);
    expect(select.status).toBe(400);
    await expect(client().get("k")).resolves.toBeNull();

    const auth = { headers: { authorization: `Bearer ${adapter.token}` } };
    expect(await (await fetch(`${adapter.url}/set/path%3Akey/a%20b?EX=100`, auth)).json()).toEqual({ result: "OK" });
    expect(await (await fetch(`${adapter.url}/get/path%3Akey?_token=${adapter.token}`)).json()).toEqual({ result: "a b" });
    expect(await (await fetch(`${adapter.url}/set/body-key`, { ...auth, method: "POST", body: '{"a":1}' })).json()).toEqual({ result: "OK" });
    expect(await client().get("body-key")).toBe('{"a":1}');
    const ttl = Number(replyText(await adapter.redis.command(["TTL", "path:key"])));
    expect(ttl).toBeGreaterThan(90);
  });

  it("owns a database of its own: another adapter sees none of its keys", async () => {
    const other = await startUpstashRest();
    try {
      expect(other.db).not.toBe(adapter.db);
      await client().set("mine", "1");
      const theirs = new Redis({ url: other.url, token: other.token, enableTelemetry: false, retry: false });
      expect(await theirs.get("mine")).toBeNull();
      expect(await other.keys()).toEqual([]);
      expect(await adapter.keys()).toEqual(["mine"]);
    } finally {
      await other.close();
    }
  });

  it("goes away on stop (connection refused) and comes back on start, data kept", async () => {
    const redis = client();
    await redis.set("kept", "yes");
    await adapter.stop();
    await expect(redis.get("kept")).rejects.toThrow();
    await adapter.start();
    expect(await redis.get("kept")).toBe("yes");
  });
});
