import { reloadEnv } from "../server/platform/env";

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
