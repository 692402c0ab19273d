import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { formServerErrors } from "./server-errors";

const refusal = (message: string, fieldErrors: Record<string, string[]> | null) =>
  new TRPCClientError(message, { result: { error: { message, code: -32600, data: { code: "BAD_REQUEST", fieldErrors } } } });

describe("formServerErrors", () => {
  it("shows a field's error once, next to the field (issue 10, bug 6: the common-password error appeared twice)", () => {
    const common = "This password is one of the most common ones and easy to guess. Choose another.";
    expect(formServerErrors(refusal(common, { password: [common] }), ["name", "email", "password"])).toEqual({
      formMessage: null,
      fields: [["password", common]],
    });
  });

  it("keeps at the top what no shown field says, and the message of a refusal without fields", () => {
    expect(formServerErrors(refusal("Some fields need attention.", { password: ["Too short."], _form: ["Try later."] }), ["password"])).toEqual({
      formMessage: "Try later.",
      fields: [["password", "Too short."]],
    });
    expect(formServerErrors(refusal("Too many attempts.", null), ["password"])).toEqual({ formMessage: "Too many attempts.", fields: [] });
    expect(formServerErrors(new Error("offline"), ["password"]).formMessage).toMatch(/Could not reach the server/);
  });
});
