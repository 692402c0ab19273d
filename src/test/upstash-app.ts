import { afterAll, beforeAll, beforeEach } from "vitest";
import { reloadEnv } from "../server/platform/env";
import { startUpstashRest, type UpstashRestAdapter } from "./upstash-rest";

// Apart from upstash-rest.ts, which imports nothing of the app: the e2e tests start the adapter outside Next.
/**
 * Points the app's Upstash settings at `adapter` (or at nothing: the in-memory stores) and reloads
 * the env. Reset the rate-limit and cache states afterwards: they keep the client they made.
 */
export function pointAppAtUpstash(target: { url: string; token: string } | null): void {
  if (target) {
    process.env.UPSTASH_REDIS_REST_URL = target.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = target.token;
  } else {
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
  }
  reloadEnv();
}

/**
 * One adapter for the enclosing describe block (vitest hooks): started before its tests, running
 * and emptied before each one (a test may have stopped it), closed after them; with `pointApp` the
 * app's settings point at it before each test too. The object returned forwards to that adapter.
 */
export function useUpstashAdapter(options: { pointApp?: boolean } = {}): UpstashRestAdapter {
  let current: UpstashRestAdapter | undefined;
  beforeAll(async () => {
    current = await startUpstashRest();
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current!.start();
    await current!.flush();
    if (options.pointApp) pointAppAtUpstash(current!);
  });
  return new Proxy({} as UpstashRestAdapter, {
    get(_target, key) {
      if (!current) throw new Error("The Upstash adapter starts in beforeAll: use it inside a test or a hook.");
      const value: unknown = Reflect.get(current, key);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}
