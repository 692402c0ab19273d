import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createUser, TEST_PASSWORD } from "../../../test/fixtures";
import { runtimeDb } from "../../db/client";
import { Conflict } from "../../platform/errors";
import { users } from "./schema";
import { getUserById, registerUser, verifyCredentials } from "./service";

const unique = () => `${Date.now()}${Math.random().toString(36).slice(2, 8)}`;

describe("registration", () => {
  it("stores the email trimmed and lower-cased, and the password as an argon2id hash", async () => {
    const email = `Mixed.${unique()}@Example.TEST`;
    const user = await registerUser(runtimeDb(), { name: " Ada Lovelace ", email: `  ${email} `, password: TEST_PASSWORD });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe("Ada Lovelace");
    const [row] = await runtimeDb().select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const user = await createUser();
    await expect(registerUser(runtimeDb(), { name: "Twin", email: user.email.toUpperCase(), password: TEST_PASSWORD })).rejects.toBeInstanceOf(
      Conflict,
    );
  });

  it("lets only one of two concurrent registrations of the same email win", async () => {
    const email = `race-${unique()}@example.test`;
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => registerUser(runtimeDb(), { name: "Racer", email, password: TEST_PASSWORD })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof Conflict)).toBe(true);
  });

  it.each([
    ["a short password", { password: "short" }],
    ["an invalid email", { email: "not-an-email" }],
    ["an empty name", { name: "   " }],
  ])("rejects %s and creates nothing", async (_label, override) => {
    const email = `bad-${unique()}@example.test`;
    await expect(registerUser(runtimeDb(), { name: "Valid Name", email, password: TEST_PASSWORD, ...override })).rejects.toBeInstanceOf(ZodError);
    const rows = await runtimeDb().select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(0);
  });
});

describe("credentials", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await createUser();
    const verified = await verifyCredentials(runtimeDb(), user.email.toUpperCase(), TEST_PASSWORD);
    expect(verified?.id).toBe(user.id);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const user = await createUser();
    expect(await verifyCredentials(runtimeDb(), user.email, "wrong-password-123")).toBeNull();
    expect(await verifyCredentials(runtimeDb(), `nobody-${unique()}@example.test`, TEST_PASSWORD)).toBeNull();
  });

  it("loads a user by id with their session version", async () => {
    const user = await createUser();
    expect(await getUserById(runtimeDb(), user.id)).toMatchObject({ id: user.id, sessionVersion: 1, isSuperAdmin: false });
    expect(await getUserById(runtimeDb(), crypto.randomUUID())).toBeNull();
  });
});

describe("common passwords", () => {
  it.each(["1234567890", "qwertyuiop", "Password123"])("refuses %j at registration", async (password) => {
    const email = `common-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;
    await expect(registerUser(runtimeDb(), { name: "Common", email, password })).rejects.toThrow(/most common/);
    expect(await runtimeDb().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });
});
