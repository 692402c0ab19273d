import { describe, expect, it } from "vitest";
import { Conflict, NotFound, ValidationFailed } from "../platform/errors";
import { emptyTally, NOT_ACCESSIBLE, reasonList, skipReason, tallyOne } from "./bulk-apply";

/* The engine's bookkeeping; the runs themselves are tested through CRM (src/server/modules/crm/bulk/bulk.test.ts). */
describe("bulk engine", () => {
  it("skips a record for its service's refusal, in one wording for missing, hidden and foreign records, and rethrows other errors", () => {
    expect(skipReason(new NotFound("This contact does not exist, or you do not have access to it."))).toBe(NOT_ACCESSIBLE);
    expect(skipReason(new ValidationFailed({ tags: ["At most 30 tags."] }))).toBe("At most 30 tags.");
    expect(skipReason(new Conflict("Contacts or deals you cannot see still belong to this company."))).toMatch(/still belong/);
    expect(skipReason(new Error("connection reset"))).toBeNull();
  });

  it("counts outcomes and groups skip reasons, most frequent first, keeping at most 20 distinct ones", () => {
    const tally = emptyTally();
    tallyOne(tally, { outcome: "done" });
    tallyOne(tally, { outcome: "unchanged" });
    for (let i = 0; i < 25; i++) tallyOne(tally, { skipped: `Reason ${i}.` });
    tallyOne(tally, { skipped: "Reason 3." });
    expect(tally).toMatchObject({ done: 1, unchanged: 1, skipped: 26 });
    const reasons = reasonList(tally.reasons);
    expect(reasons).toHaveLength(21);
    expect(reasons[0]).toEqual({ reason: "Other reasons.", count: 5 });
    expect(reasons[1]).toEqual({ reason: "Reason 3.", count: 2 });
  });
});
