import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerFor, createTenant } from "../../test/fixtures";
import { ValidationFailed } from "../platform/errors";
import { dateOrDateText, dateTime, int8Text, multilineText, plainText } from "../platform/validate";
import { MAX_INPUT_DEPTH, NUL_MESSAGE, refuseHostileInput, TOO_DEEP_MESSAGE } from "./input-guard";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

function fieldsOf(fn: () => void): Record<string, string[]> | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields;
    throw error;
  }
}

/** The tRPC code a call fails with ("OK" when it succeeds), and its message. */
async function outcome(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}

describe("the input guard", () => {
  it("refuses a NUL in any value or key, naming the field", () => {
    expect(fieldsOf(() => refuseHostileInput({ a: [{ b: "x\u0000y" }] }))).toEqual({ "a.0.b": [NUL_MESSAGE] });
    expect(fieldsOf(() => refuseHostileInput({ custom: { "k\u0000": 1 } }))).toEqual({ custom: [NUL_MESSAGE] });
    expect(fieldsOf(() => refuseHostileInput("\u0000"))).toEqual({ _form: [NUL_MESSAGE] });
  });

  it("refuses input nested deeper than the limit, without a stack overflow", () => {
    expect(fieldsOf(() => refuseHostileInput(nested(MAX_INPUT_DEPTH)))).toBeNull();
    expect(Object.values(fieldsOf(() => refuseHostileInput(nested(MAX_INPUT_DEPTH + 1)))!)).toEqual([[TOO_DEEP_MESSAGE]]);
    expect(fieldsOf(() => refuseHostileInput(nested(100_000)))).not.toBeNull();
  });

  it("lets ordinary input through: text with line breaks, dates, bigints, empty values", () => {
    expect(fieldsOf(() => refuseHostileInput({ body: "line\nline\ttab", at: new Date(), amount: 10n, none: null, list: [] }))).toBeNull();
    expect(fieldsOf(() => refuseHostileInput(undefined))).toBeNull();
  });
});

describe("input schema building blocks", () => {
  it("plainText refuses control characters, multilineText keeps tabs and line breaks only", () => {
    expect(plainText().safeParse("Ann Smith").success).toBe(true);
    for (const text of ["a\u0000", "a\tb", "a\nb", "a\u0007", "a\u007f", "a\u0085"]) expect(plainText().safeParse(text).success).toBe(false);
    expect(multilineText().safeParse("one\r\ntwo\tthree").success).toBe(true);
    for (const text of ["a\u0000", "a\u0007", "a\u001b[31m"]) expect(multilineText().safeParse(text).success).toBe(false);
  });

  it("int8Text takes 1 … 2^63−1 only", () => {
    const id = int8Text("Invalid id.");
    expect(id.safeParse("9223372036854775807").success).toBe(true);
    for (const value of ["9223372036854775808", "99999999999999999999", "0", "-1", "1e3", 12]) expect(id.safeParse(value).success).toBe(false);
  });

  it("dates stay within years 1–9999 (Postgres refuses what JavaScript calls year −271821)", () => {
    expect(dateTime("Enter a date.").safeParse(new Date("2026-05-01T10:00:00Z")).success).toBe(true);
    for (const value of [new Date(-8.64e15), new Date(8.64e15), new Date(Number.NaN), "2026-05-01"]) expect(dateTime("Enter a date.").safeParse(value).success).toBe(false);
    expect(dateOrDateText("Enter a date.").parse("2026-05-01")).toEqual(new Date("2026-05-01T00:00:00Z"));
    for (const value of [true, 0, "yesterday", "2026-99-99", new Date(-8.64e15)]) expect(dateOrDateText("Enter a date.").safeParse(value).success).toBe(false);
  });
});

describe("hostile input that used to reach Postgres answers BAD_REQUEST", () => {
  it("refuses NUL and control characters in text fields", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    expect(await outcome(api.crm.companies.create({ name: "Acme\u0000" }))).toEqual({ code: "BAD_REQUEST", message: NUL_MESSAGE });
    expect((await outcome(api.crm.companies.create({ name: "Acme\u0007" }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.crm.contacts.list({ filters: { q: "a\u0000" } }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.audit.list({ entityType: "crm.company\u0000" }))).code).toBe("BAD_REQUEST");
  });

  it("refuses audit cursors and ids beyond int8, and dates Postgres cannot hold", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    expect((await outcome(api.audit.list({ cursor: "99999999999999999999" }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.audit.get({ id: "9999999999999999999" }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.audit.list({ from: new Date(-8.64e15) }))).code).toBe("BAD_REQUEST");
    const company = await api.crm.companies.create({ name: "Dated" });
    expect((await outcome(api.crm.activities.create({ kind: "note", subject: "Old", occurredAt: new Date(-8.64e15), companyId: company.id }))).code).toBe("BAD_REQUEST");
  });

  it("refuses forged list and timeline cursors", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const company = await api.crm.companies.create({ name: "Timeline" });
    const offsetOutOfRange = Buffer.from(JSON.stringify(["2026-01-01T00:00:00+99", crypto.randomUUID()])).toString("base64url");
    expect((await outcome(api.crm.activities.timeline({ entityType: "company", id: company.id, cursor: offsetOutOfRange }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.crm.contacts.list({ cursor: "not a cursor!" }))).code).toBe("BAD_REQUEST");
    expect((await outcome(api.crm.imports.errors({ id: crypto.randomUUID(), afterRow: 2 ** 40 }))).code).toBe("BAD_REQUEST");
  });
});
