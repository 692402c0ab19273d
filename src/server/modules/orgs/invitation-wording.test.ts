import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailSchema, INVALID_EMAIL_MESSAGE, signInInput } from "../accounts/validation";
import { createContactInput } from "../crm/contacts/contacts";
import { createInvitationInput } from "./invitations";

const messages = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("email wording (issue 10, bug 6)", () => {
  it("asks an inviter for the invitee's address, not for their own", () => {
    expect(messages(createInvitationInput, { email: "", role: "member" })).toEqual(["Enter the email address of the person to invite."]);
    expect(messages(emailSchema, "")).toEqual(["Enter your email address."]);
  });

  it("says a malformed address is malformed in one wording everywhere", () => {
    expect(messages(createInvitationInput, { email: "nope", role: "member" })).toEqual([INVALID_EMAIL_MESSAGE]);
    expect(messages(signInInput, { email: "nope", password: "x" })).toEqual([INVALID_EMAIL_MESSAGE]);
    expect(messages(createContactInput, { firstName: "Ann", emails: [{ value: "nope" }] })).toEqual([INVALID_EMAIL_MESSAGE]);
  });
});
