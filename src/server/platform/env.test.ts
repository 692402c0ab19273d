import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "./env";

describe("environment validation", () => {
  it("accepts an empty environment (embedded defaults)", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.JWT_ACCESS_EXPIRY_DAYS).toBe(30);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", SMTP_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("lists every problem in one message", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "abc", NEXTAUTH_SECRET: "short", SUPER_ADMIN_EMAIL: "nope" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const problems = (error as InvalidEnvironmentError).problems.join("\n");
    for (const name of ["DATABASE_URL", "PORT", "NEXTAUTH_SECRET", "SUPER_ADMIN_EMAIL"]) expect(problems).toContain(name);
  });

  it("trusts no proxy unless told how many there are", () => {
    expect(parseEnv({}).TRUSTED_PROXY_COUNT).toBe(0);
    expect(parseEnv({ TRUSTED_PROXY_COUNT: "2" }).TRUSTED_PROXY_COUNT).toBe(2);
    expect(() => parseEnv({ TRUSTED_PROXY_COUNT: "-1" })).toThrow(/TRUSTED_PROXY_COUNT/);
  });

  it("requires the Upstash URL and token together", () => {
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://example.upstash.io" })).toThrow(/must be set together/);
  });
});
